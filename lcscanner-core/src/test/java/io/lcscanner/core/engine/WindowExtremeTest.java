package io.lcscanner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code highest(x, n)} and {@code lowest(x, n)} bit for bit against the definition written out here (the
 * extreme of the window's non-missing values, the newest among equal ones, missing if none), over random
 * columns of each kind: positive prices (from a cent to 1e300) with and without missing values, signed values,
 * zeros of both signs (where the kept one of a tie shows), so both the by-bits path and the general one are checked.
 */
class WindowExtremeTest {
    private static final double NaN = Double.NaN;

    /** The window fold, oldest to newest, a newer value replacing an equal one. */
    private static double naive(double[] x, int n, boolean highest, int i) {
        double best = NaN;
        for (int j = Math.max(0, i - n + 1); j <= i; j++) {
            double v = x[j];
            if (v != v) {
                continue;
            }
            if (best != best || (highest ? v >= best : v <= best)) {
                best = v;
            }
        }
        return best;
    }

    private static double[] column(SplittableRandom r, int kind, int size) {
        double[] x = new double[size];
        double price = 20 + r.nextDouble() * 50;
        for (int i = 0; i < size; i++) {
            price *= 1 + (r.nextDouble() - 0.5) * 0.06;
            x[i] = switch (kind) {
                case 0, 1 -> i % 50 == 7 ? (r.nextBoolean() ? 1e300 : Double.MIN_VALUE) // extremes of the positives
                        : Math.max(0.01, Math.round(price * 100) / 100.0);             // a random walk in cents
                case 2 -> (r.nextDouble() - 0.5) * 1e3;                               // signed, both orders of sign
                default -> r.nextInt(3) == 0 ? (r.nextBoolean() ? 0.0 : -0.0) : r.nextInt(5) - 2; // ties, ±0
            };
            if (kind != 0 && kind != 2 && r.nextInt(25) == 0) {
                x[i] = NaN;
            }
        }
        return x;
    }

    @Test
    void everyBarEqualsTheWindowFold() {
        SplittableRandom r = new SplittableRandom(20);
        int[] byKind = new int[4];
        for (int round = 0; round < 800; round++) {
            int kind = round % 4, size = 1 + r.nextInt(400), n = 1 + r.nextInt(40);
            boolean highest = r.nextBoolean();
            double[] x = column(r, kind, size);
            int from = r.nextInt(size), to = from + r.nextInt(size - from + 1);
            double[] dst = new double[size], prefix = new double[size], suffix = new double[size];
            Arrays.fill(dst, 12345);
            Ops.extreme(x, n, highest, dst, from, to, prefix, suffix);
            for (int i = 0; i < size; i++) {
                double want = i >= from && i < to ? naive(x, n, highest, i) : 12345;
                assertThat(Double.doubleToRawLongBits(dst[i]))
                        .as("kind %d, %s, n %d, bars [%d, %d), bar %d: %s vs %s", kind, highest ? "highest" : "lowest",
                                n, from, to, i, dst[i], want)
                        .isEqualTo(Double.doubleToRawLongBits(want));
            }
            byKind[kind] += to - from;
        }
        assertThat(Arrays.stream(byKind).min().getAsInt()).as("bars checked of the least covered kind").isGreaterThan(5_000);
    }

    @Test
    void bitsOnlyForColumnsOfPositiveNumbers() {
        assertThat(Ops.allPositive(new double[] {3.5, 2, 1e300, 1e-300, Double.MIN_VALUE}, 0, 5)).isTrue();
        assertThat(Ops.allPositive(new double[] {3.5, NaN, 1}, 0, 3)).isFalse();
        assertThat(Ops.allPositive(new double[] {3.5, -0.0, 1}, 0, 3)).isFalse();
        assertThat(Ops.allPositive(new double[] {3.5, 0.0, 1}, 0, 3)).isFalse();
        assertThat(Ops.allPositive(new double[] {3.5, -2, 1}, 0, 3)).isFalse();
        assertThat(Ops.allPositive(new double[] {NaN, 2, 1}, 1, 3)).isTrue(); // only the range counts
    }
}
