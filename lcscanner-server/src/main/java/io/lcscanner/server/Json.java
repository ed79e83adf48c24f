package io.lcscanner.server;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The server's JSON: the one mapper, and records as bytes, text or trees. */
public final class Json {
    /**
     * Strict reading (duplicate keys and trailing tokens are errors) and floats kept as BigDecimal, so
     * the Python-repr numbers of the stored results ({@code 638272843447.47}) print back unchanged.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
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

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(Object body) {
        return new String(bytes(body), StandardCharsets.UTF_8);
    }

    /**
     * A record as a tree (for values stored inside another body), its floating-point numbers kept as doubles
     * so they print as the record would ({@code 1.0E7}, not the BigDecimal {@code 1.0E+7}).
     */
    public static ObjectNode tree(Object body) {
        try {
            return (ObjectNode) MAPPER.reader().without(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readTree(MAPPER.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
