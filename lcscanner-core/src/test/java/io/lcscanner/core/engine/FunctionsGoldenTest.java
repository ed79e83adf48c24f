package io.lcscanner.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lcscanner.core.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code stdev} and {@code rsi} equal pandas' values in {@code docs/golden/functions.csv} bit for bit
 * (scanner-rules.md §3), on five series built to hit the algorithms' corners; run through the
 * function table's rows, as the evaluator runs them.
 */
class FunctionsGoldenTest {
    private static final String[] COLUMNS = {"stdev5", "stdev20", "rsi2", "rsi14"};

    @Test
    void stdevAndRsiEqualPandasBitForBit() throws IOException {
        List<String> lines = Files.readAllLines(Golden.dir().resolve("functions.csv"));
        assertEquals("series,value,stdev5,stdev20,rsi2,rsi14", lines.get(0));
        Map<String, List<String[]>> bySeries = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            bySeries.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f);
        }
        assertEquals(List.of("walk", "gaps", "volume", "flat", "scale"), List.copyOf(bySeries.keySet()));
        int compared = 0;
        for (Map.Entry<String, List<String[]>> e : bySeries.entrySet()) {
            List<String[]> rows = e.getValue();
            double[] x = rows.stream().mapToDouble(r -> parse(r[1])).toArray();
            for (int c = 0; c < COLUMNS.length; c++) {
                String column = COLUMNS[c];
                String fn = column.startsWith("stdev") ? "stdev" : "rsi";
                int n = Integer.parseInt(column.substring(fn.length()));
                double[] got = new double[x.length];
                Functions.get(fn).loop().run(x, n, Double.NaN, got, 0, x.length, null, null);
                for (int i = 0; i < x.length; i++) {
                    double want = parse(rows.get(i)[2 + c]);
                    if (Double.doubleToLongBits(want) != Double.doubleToLongBits(got[i])) {
                        throw new AssertionError(e.getKey() + " bar " + i + " " + column + ": want " + want + ", got " + got[i]);
                    }
                    compared += want == want ? 1 : 0;
                }
            }
        }
        assertTrue(compared > 10_000, "values compared: " + compared);
    }

    private static double parse(String cell) {
        return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
    }
}
