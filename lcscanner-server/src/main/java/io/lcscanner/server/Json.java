package io.lcscanner.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The server's JSON: one mapper, and how responses and errors are written. */
public final class Json {
    /**
     * Strict reading (duplicate keys and trailing tokens are errors) and floats kept as BigDecimal, so
     * the Python-repr numbers of the stored results ({@code 638272843447.47}) print back unchanged.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            // bodies are records; their components are written in snake_case, in declaration order
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .build();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(Object body) {
        return new String(bytes(body), StandardCharsets.UTF_8);
    }

    /**
     * A record as a tree (for values stored inside another body), its floating-point numbers kept as doubles
     * so they print as the record would ({@code 1.0E7}, not the BigDecimal {@code 1.0E+7}).
     */
    static ObjectNode tree(Object body) {
        try {
            return (ObjectNode) MAPPER.reader().without(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readTree(MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code body} as the whole response. */
    static void send(HttpServerExchange exchange, int status, Object body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        byte[] bytes = bytes(body);
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes), Delivery.END_EXCHANGE);
    }

    /** The body of every refused request. */
    record ErrorBody(boolean success, Problem error) {
    }

    /** What was refused: a code, a message and, for bad input, the field. */
    record Problem(String code, String message, @JsonInclude(JsonInclude.Include.NON_NULL) String field) {
    }

    static void sendError(HttpServerExchange exchange, ApiException e) {
        if (e.retryAfterSeconds() != null) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, e.retryAfterSeconds());
        }
        send(exchange, e.status(), new ErrorBody(false, new Problem(e.code(), e.getMessage(), e.field())));
    }
}
