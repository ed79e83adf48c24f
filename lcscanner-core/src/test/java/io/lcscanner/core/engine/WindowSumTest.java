package io.lcscanner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code sum(x, n)} is spec §3's left-to-right sum bit for bit, whether it runs (whole, small values:
 * volumes, counts) or adds each window (anything else): against the definition written out here, over
 * random columns of each kind, windows and bar ranges.
 */
class WindowSumTest {
    private static final double NaN = Double.NaN;

    /** x[i−n+1] + … + x[i], left to right; missing until n bars exist. */
    private static double leftToRight(double[] x, int n, int i) {
        if (i < n - 1) {
            return NaN;
        }
        double s = x[i - n + 1];
        for (int j = i - n + 2; j <= i; j++) {
            s += x[j];
        }
        return s;
    }

    private static double[] column(SplittableRandom r, int kind, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = switch (kind) {
                case 0 -> r.nextInt(2_000_000_000);                                 // share volumes
                case 1 -> r.nextInt(7) - 3;                                           // small signed counts, zeros
                case 2 -> r.nextInt(1000) / 100.0;                                    // cents: not whole
                case 3 -> r.nextBoolean() ? 1e16 + 2 * r.nextInt(100) : r.nextInt(10); // whole but too large to add exactly
                default -> r.nextInt(5) == 0 ? -0.0 : r.nextInt(10);                  // a −0 among whole numbers
            };
            if (r.nextInt(40) == 0) {
                x[i] = NaN;
            }
        }
        return x;
    }

    @Test
    void everyBarEqualsTheLeftToRightSum() {
        SplittableRandom r = new SplittableRandom(19);
        int checked = 0;
        for (int round = 0; round < 400; round++) {
            int kind = round % 5, size = 1 + r.nextInt(300), n = 1 + r.nextInt(60);
            double[] x = column(r, kind, size);
            int from = r.nextInt(size), to = from + r.nextInt(size - from + 1);
            double[] dst = new double[size];
            Arrays.fill(dst, 12345);
            Ops.sum(x, n, dst, from, to);
            for (int i = 0; i < size; i++) {
                double want = i >= from && i < to ? leftToRight(x, n, i) : 12345;
                assertThat(Double.doubleToRawLongBits(dst[i])).as("kind %d, n %d, bar %d: %s vs %s", kind, n, i, dst[i], want)
                        .isEqualTo(Double.doubleToRawLongBits(want));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(20_000);
    }

    @Test
    void aLongWindowOfVolumesIsExactWhereTheRunningSumCouldDrift() {
        double[] v = new double[2000];
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < v.length; i++) {
            v[i] = 1 + r.nextInt(1_000_000_000);
        }
        double[] dst = new double[v.length];
        Ops.sum(v, 1000, dst, 0, v.length);
        for (int i = 999; i < v.length; i += 97) {
            assertThat(dst[i]).isEqualTo(leftToRight(v, 1000, i));
        }
    }
}
