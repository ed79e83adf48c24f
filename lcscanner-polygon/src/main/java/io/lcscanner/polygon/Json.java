package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;

/** Streaming helpers for Polygon's envelope: {@code status, request_id, next_url, results}. */
final class Json {
    /**
     * Numbers are parsed from the parser's own buffer (no String per number: a grouped-daily answer has
     * about 70,000 of them), by a parser that rounds exactly as {@link Double#parseDouble} does. Closing a parser
     * leaves its stream open: a response body belongs to the client, which reads it to the end.
     */
    static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

    private Json() {
    }

    /** Where {@code results} was: absent, {@code null}, or present (array or object). */
    enum Results { ABSENT, NULL, PRESENT }

    /** The envelope's fields that matter, read while {@code results} streams through a handler. */
    record Envelope(String status, String requestId, String nextUrl, Results results) {
    }

    @FunctionalInterface
    interface ResultsHandler {
        /** Called with the parser on the first token of a non-null {@code results} value; must consume it fully. */
        void read(JsonParser p) throws IOException;
    }

    static Envelope read(JsonParser p, ResultsHandler handler) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new JsonParseException(p, "expected a JSON object");
        }
        String status = null, requestId = null, nextUrl = null;
        Results results = Results.ABSENT;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "status" -> status = text(p, v);
                case "request_id" -> requestId = text(p, v);
                case "next_url" -> nextUrl = text(p, v);
                case "results" -> {
                    if (v == JsonToken.VALUE_NULL) {
                        results = Results.NULL;
                    } else {
                        results = Results.PRESENT;
                        handler.read(p);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new JsonParseException(p, "unterminated JSON object");
        }
        if (p.nextToken() != null) {
            throw new JsonParseException(p, "trailing content after the JSON object");
        }
        return new Envelope(status, requestId, nextUrl == null || nextUrl.isBlank() ? null : nextUrl, results);
    }

    /** Calls {@code row} with the parser on each object of an array; non-objects are skipped. */
    static void eachObject(JsonParser p, ResultsHandler row) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new JsonParseException(p, "unterminated array");
            }
            if (t == JsonToken.START_OBJECT) {
                row.read(p);
            } else {
                p.skipChildren();
            }
        }
    }

    static String text(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    /** A number field as a double; NaN when not a number (the row is then rejected by validation). */
    static double number(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        p.skipChildren();
        return Double.NaN;
    }

    /** An integer field as a long; {@code Long.MIN_VALUE} when absent or not an integer. */
    static long integer(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        p.skipChildren();
        return Long.MIN_VALUE;
    }
}
