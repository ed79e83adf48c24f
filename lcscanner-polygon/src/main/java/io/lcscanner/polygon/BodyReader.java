package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Parses the body of a 200 answer for {@link PolygonClient#get}. A malformed body
 * ({@link com.fasterxml.jackson.core.JsonProcessingException}) is retried as transient, so a reader that
 * writes as it parses must start over cleanly when it is called again.
 */
@FunctionalInterface
interface BodyReader<T> {
    T read(JsonParser parser) throws IOException;
}
