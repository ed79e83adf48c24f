package io.lcscanner.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Hits as CSV and JSON, in the columns of their {@link HitSchema}: the one place that knows how values
 * print (for LC, spec §6 and §7 when the premarket stage ran).
 *
 * <p>Numbers print as Python's {@code repr} does (shortest text that reads back to the same double,
 * {@code 77.0}, {@code 638272843447.47}), so output compares line for line with the reference; a
 * missing value is an empty CSV cell and a JSON {@code null}.
 */
public final class HitFormat {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private HitFormat() {
    }

    /**
     * Writes a header and one row per hit: {@code schema.names()} as columns; a missing value is an empty cell.
     *
     * @param schema the hits' columns
     * @param hits the hits, in output order
     * @param out where the CSV goes
     */
    public static void writeCsv(HitSchema schema, List<Hit> hits, Appendable out) {
        try {
            out.append(String.join(",", schema.names())).append('\n');
            List<HitSchema.Column> columns = schema.columns();
            for (Hit h : hits) {
                out.append(csvText(h.ticker())).append(',').append(h.date().toString());
                for (int i = 2; i < columns.size(); i++) {
                    out.append(',');
                    double x = h.raw(i);
                    if (!Double.isNaN(x)) {
                        HitSchema.Column c = columns.get(i);
                        out.append(switch (c.kind()) {
                            case NUMBER -> number(x);
                            case FLAG -> x == 1 ? "1" : "0";
                            case TEXT -> csvText(c.labels().get((int) x));
                            case DATE -> throw new IllegalStateException("only the key is a date");
                        });
                    }
                }
                out.append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a JSON array of objects, one per hit, fields in column order; a missing value is {@code null}.
     *
     * @param schema the hits' columns
     * @param hits the hits, in output order
     * @param out where the JSON goes
     */
    public static void writeJson(HitSchema schema, List<Hit> hits, Appendable out) {
        Writer writer = out instanceof Writer w ? w : new AppendableWriter(out);
        List<HitSchema.Column> columns = schema.columns();
        try (JsonGenerator g = JSON.createGenerator(writer)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setPrettyPrinter(new OneHitPerLine());
            g.writeStartArray();
            for (Hit h : hits) {
                g.writeStartObject();
                g.writeStringField("ticker", h.ticker());
                g.writeStringField("date", h.date().toString());
                for (int i = 2; i < columns.size(); i++) {
                    HitSchema.Column c = columns.get(i);
                    g.writeFieldName(c.name());
                    double x = h.raw(i);
                    if (Double.isNaN(x)) {
                        g.writeNull();
                    } else {
                        switch (c.kind()) {
                            case NUMBER -> g.writeNumber(number(x));
                            case FLAG -> g.writeNumber(x == 1 ? 1 : 0);
                            case TEXT -> g.writeString(c.labels().get((int) x));
                            case DATE -> throw new IllegalStateException("only the key is a date");
                        }
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.flush();
            writer.write('\n');
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A text cell (a ticker, a tier's label). One starting with {@code = + - @}, a tab or a carriage return would run
     * as a formula in a spreadsheet: it gets a leading {@code '} (OWASP's CSV injection advice). Numbers are never
     * text cells, so a negative number stays a number.
     */
    static String csvText(String s) {
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        return s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0
                ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** {@code [}, one hit per line indented by two spaces, {@code "name": value} pairs separated by {@code ", "}. */
    private static final class OneHitPerLine extends MinimalPrettyPrinter {
        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            g.writeRaw("\n  ");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(",\n  ");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            g.writeRaw(values > 0 ? "\n]" : "]");
        }
    }

    /** Lets the JSON generator write into any {@link Appendable} (a StringBuilder in tests). */
    private static final class AppendableWriter extends Writer {
        private final Appendable out;

        AppendableWriter(Appendable out) {
            this.out = out;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            out.append(java.nio.CharBuffer.wrap(buf, off, len));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /**
     * A double as Python's {@code repr}: shortest round-trip digits, exponent below 1e-4 and from 1e16.
     *
     * @param x a number
     * @return its text as Python's {@code repr} prints it
     */
    public static String number(double x) {
        return PythonRepr.of(x);
    }
}
