package io.lcscanner.polygon;

import java.io.IOException;

/**
 * A Polygon request that failed for good: a non-retryable status (400, 401, 403, 404, …), or a transient
 * failure that outlasted the retries. Carries what Polygon said, never the API key.
 */
public final class PolygonException extends IOException {
    private final int httpStatus;
    private final String bodyStatus;
    private final String requestId;
    private final String path;

    PolygonException(String path, int httpStatus, String bodyStatus, String requestId, String detail, Throwable cause) {
        super(message(path, httpStatus, bodyStatus, requestId, detail), cause);
        this.httpStatus = httpStatus;
        this.bodyStatus = bodyStatus;
        this.requestId = requestId;
        this.path = path;
    }

    private static String message(String path, int httpStatus, String bodyStatus, String requestId, String detail) {
        StringBuilder sb = new StringBuilder("Polygon GET ").append(path).append(" failed");
        if (httpStatus > 0) {
            sb.append(": HTTP ").append(httpStatus);
        }
        if (bodyStatus != null) {
            sb.append(" ").append(bodyStatus);
        }
        if (detail != null && !detail.isBlank()) {
            sb.append(": ").append(detail);
        }
        if (requestId != null) {
            sb.append(" (request_id ").append(requestId).append(")");
        }
        return sb.toString();
    }

    /** The HTTP status, or -1 when no response arrived (timeouts, resets). */
    public int httpStatus() {
        return httpStatus;
    }

    /** The body's {@code status} field ({@code ERROR}, {@code NOT_AUTHORIZED}, …), if any. */
    public String bodyStatus() {
        return bodyStatus;
    }

    /** The body's {@code request_id}, for Polygon support; may be null. */
    public String requestId() {
        return requestId;
    }

    /** The request path, without the query string. */
    public String path() {
        return path;
    }
}
