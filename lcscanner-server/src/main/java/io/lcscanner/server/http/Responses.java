package io.lcscanner.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.lcscanner.core.ScannerDefinitionException;
import io.lcscanner.server.ApiException;
import io.lcscanner.server.Json;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.util.List;

/** JSON responses: a body, or the error of a refused request. */
final class Responses {
    private Responses() {
    }

    /** Sends {@code body} as the whole response. */
    static void json(HttpServerExchange exchange, int status, Object body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        byte[] bytes = Json.bytes(body);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes), Delivery.END_EXCHANGE);
    }

    /** The body of every refused request. */
    record ErrorBody(boolean success, Problem error) {
    }

    /**
     * What was refused: a code, a message and, for bad input, the field; for a scanner document, every
     * problem found in it.
     */
    record Problem(String code, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String field,
                   @JsonInclude(JsonInclude.Include.NON_NULL) List<ScannerDefinitionException.Problem> problems) {
    }

    static void error(HttpServerExchange exchange, ApiException e) {
        if (e.retryAfterSeconds() != null) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, e.retryAfterSeconds());
        }
        json(exchange, e.status(), new ErrorBody(false, new Problem(e.code(), e.getMessage(), e.field(), e.problems())));
    }
}
