package io.lcscanner.server;

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

    public ApiException(int status, String code, String message, String field, Integer retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
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

    /** For a {@code Retry-After} header (429, 503), or {@code null}. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
