package io.lcscanner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.BarSeries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small documents over small series, for the engine's tests. */
final class RuleTesting {
    static final LocalDate DAY0 = LocalDate.of(2024, 1, 2);
    private static final double NaN = Double.NaN;

    private RuleTesting() {
    }

    /**
     * A series with these closes: open = close − 0.5, high = close + 1, low = close − 1, volume 1000·(i+1);
     * as-traded values equal adjusted ones. Bars on consecutive days from {@link #DAY0}.
     */
    static BarSeries closes(double... c) {
        int n = c.length;
        double[] o = new double[n], h = new double[n], l = new double[n], v = new double[n];
        int[] days = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = c[i] - 0.5;
            h[i] = c[i] + 1;
            l[i] = c[i] - 1;
            v[i] = 1000.0 * (i + 1);
            days[i] = (int) DAY0.toEpochDay() + i;
        }
        return BarSeries.adjustedOnly("T", days, o, h, l, c.clone(), v);
    }

    static ScanKernel compile(String json) {
        return compile(json, Map.of());
    }

    static ScanKernel compile(String json, Map<String, Double> params) {
        ScannerDocument.ProblemSink fail = (key, position, message) -> {
            throw new AssertionError(key + ": position " + position + ": " + message);
        };
        ScannerDocument doc = ScannerDocument.parse(json, fail).orElseThrow();
        return doc.compile(params, doc.referenceRounding(), fail).orElseThrow();
    }

    /**
     * The values of {@code expression} at every bar of {@code s}, as a column of a document whose only
     * pattern is always true; {@code features} are {@code "name": "expression"} pairs, JSON-quoted.
     */
    static double[] column(String expression, BarSeries s, String... features) {
        return columns(List.of(expression), s, "none", features).get(0);
    }

    static List<double[]> columns(List<String> expressions, BarSeries s, String rounding, String... features) {
        StringBuilder cols = new StringBuilder();
        for (int i = 0; i < expressions.size(); i++) {
            cols.append(i == 0 ? "" : ", ").append("\"x").append(i).append("\": ").append(quote(expressions.get(i)));
        }
        String json = "{\"name\": \"t\", \"rounding\": \"" + rounding + "\", \"features\": {" + String.join(", ", features)
                + "}, \"patterns\": {\"all\": \"true\"}, \"columns\": {" + cols + "}}";
        return run(compile(json), s, expressions.size());
    }

    /** Runs a kernel over every bar of {@code s}; returns, per column, its values bar by bar (NaN at non-hits). */
    static List<double[]> run(ScanKernel kernel, BarSeries s, int columns) {
        int flags = kernel.columns().size() - columns;
        List<double[]> out = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            double[] v = new double[s.size()];
            java.util.Arrays.fill(v, NaN);
            out.add(v);
        }
        int first = s.epochDays()[0];
        kernel.newEvaluator().scan(s, first, s.epochDays()[s.size() - 1], (ticker, day, row) -> {
            for (int c = 0; c < columns; c++) {
                out.get(c)[day - first] = row[flags + c];
            }
        });
        return out;
    }

    static String quote(String expression) {
        return "\"" + expression.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Bit for bit (every NaN alike). */
    static void assertValues(double[] actual, double... expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.doubleToLongBits(actual[i])).as("bar %d: %s, expected %s", i, actual[i], expected[i])
                    .isEqualTo(Double.doubleToLongBits(expected[i]));
        }
    }
}
