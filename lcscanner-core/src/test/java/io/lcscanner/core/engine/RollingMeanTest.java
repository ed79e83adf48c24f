package io.lcscanner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec §2's rolling mean against pandas' own results ({@code docs/golden/rolling_means.csv}), bit for bit. */
class RollingMeanTest {

    @Test
    void equalsPandasBitForBitOnEveryGoldenValue() {
        GoldenMeans golden = GoldenMeans.read();
        for (int w : new int[] {5, 14}) {
            double[] expected = w == 5 ? golden.mean5 : golden.mean14;
            double[] actual = new double[golden.n];
            RollingMean.mean(golden.values, golden.n, w, actual);
            assertThat(mismatches(expected, actual)).as("means of window " + w + " that differ from pandas").isEmpty();
        }
    }

    @Test
    void aFreshSumOfEachWindowWouldNotPassTheGoldenTest() {
        // the reason the running sum exists: summing each window afresh differs from pandas in the last bits
        GoldenMeans golden = GoldenMeans.read();
        double[] fresh = new double[golden.n];
        for (int i = 0; i < golden.n; i++) {
            double sum = 0;
            for (int k = i - 13; k <= i && i >= 13; k++) {
                sum += golden.values[k];
            }
            fresh[i] = i >= 13 ? sum / 14 : Double.NaN;
        }
        assertThat(mismatches(golden.mean14, fresh)).isNotEmpty();
    }

    @Test
    void missingValuesAreNeitherAddedNorRemovedNorCounted() {
        double[] x = {1, 2, Double.NaN, 4, 5, 6};
        double[] out = new double[x.length];
        RollingMean.mean(x, x.length, 2, out);
        assertThat(out).containsExactly(Double.NaN, 1.5, Double.NaN, Double.NaN, 4.5, 5.5);
    }

    @Test
    void aRunOfEqualValuesIsThatValueExactlyAndSignsAreKept() {
        double[] x = {0.1, 0.7, 0.1, 0.1, 0.1, -0.0, 3};
        double[] out = new double[x.length];
        RollingMean.mean(x, x.length, 3, out);
        // three 0.1 in a row: exactly 0.1, not the running sum's 0.30000000000000004 / 3
        assertThat(out[4]).isEqualTo(0.1);
        assertThat(Double.isNaN(out[0]) && Double.isNaN(out[1])).isTrue();
    }

    private static List<String> mismatches(double[] expected, double[] actual) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                out.add("row " + (i + 2) + ": expected " + expected[i] + " but was " + actual[i]);
            }
        }
        return out;
    }

    /** The golden file's three columns. */
    private record GoldenMeans(int n, double[] values, double[] mean5, double[] mean14) {
        static GoldenMeans read() {
            List<String> lines = io.lcscanner.core.Golden.lines("rolling_means.csv");
            assertThat(lines.get(0)).isEqualTo("value,mean5,mean14");
            int n = lines.size() - 1;
            double[] v = new double[n], m5 = new double[n], m14 = new double[n];
            for (int i = 0; i < n; i++) {
                String[] cells = lines.get(i + 1).split(",", -1);
                v[i] = Double.parseDouble(cells[0]);
                m5[i] = cells[1].isEmpty() ? Double.NaN : Double.parseDouble(cells[1]);
                m14[i] = cells[2].isEmpty() ? Double.NaN : Double.parseDouble(cells[2]);
            }
            assertThat(n).isEqualTo(4036);
            return new GoldenMeans(n, v, m5, m14);
        }
    }
}
