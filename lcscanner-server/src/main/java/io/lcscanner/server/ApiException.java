package io.lcscanner.server;

import io.lcscanner.core.ScannerDefinitionException;
import java.util.List;

/**
 * A request the API refuses: rendered as {@code {"success":false,"error":{"code","message","field"?}}}
 * with {@link #status()}. The message goes to the client, so it never holds internals.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String field;
    private final Integer retryAfterSeconds;
    private final transient List<ScannerDefinitionException.Problem> problems;

    public ApiException(int status, String code, String message, String field, Integer retryAfterSeconds) {
        this(status, code, message, field, retryAfterSeconds, null);
    }

    private ApiException(int status, String code, String message, String field, Integer retryAfterSeconds,
                         List<ScannerDefinitionException.Problem> problems) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
        this.problems = problems == null ? null : List.copyOf(problems);
    }

    public ApiException(int status, String code, String message, String field) {
        this(status, code, message, field, null);
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, "invalid_request", message, field);
    }

    /**
     * A scanner document that cannot be used: 400 {@code invalid_scanner} with every problem (key, position,
     * message); the message names the first.
     *
     * @param field where the document was in the request ({@code scanner}), or {@code null} for a whole body
     */
    public static ApiException invalidScanner(String field, List<ScannerDefinitionException.Problem> problems) {
        return withProblems(400, "invalid_scanner", field, problems);
    }

    /** An error carrying a scanner document's problems; the message names the first. */
    public static ApiException withProblems(int status, String code, String field,
                                            List<ScannerDefinitionException.Problem> problems) {
        // a problem may quote the document (a 4 KB name): every one is cut, not only the first in the message
        problems = problems.stream().map(p -> new ScannerDefinitionException.Problem(Problems.cut(p.key(), 80),
                p.position(), Problems.cut(p.message(), Problems.MAX_MESSAGE))).toList();
        String first = problems.isEmpty() ? "" : ": " + Problems.cut(problems.get(0).toString(), 200);
        int others = problems.size() - 1;
        String more = others > 0 ? " (and " + others + (others == 1 ? " more problem)" : " more problems)") : "";
        return new ApiException(status, code, "the scanner document is not valid" + first + more, field, null, problems);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    /** A scanner document's problems, or {@code null}. */
    public List<ScannerDefinitionException.Problem> problems() {
        return problems;
    }

    /** For a {@code Retry-After} header (429, 503), or {@code null}. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
