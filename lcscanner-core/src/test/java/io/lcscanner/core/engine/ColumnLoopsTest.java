package io.lcscanner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The column loops of max and min (spec §3: a missing operand is ignored; missing only when both are) bit for
 * bit against the rule written out here, over random columns with runs of missing values, zeros of both signs
 * and ties, at offsets inside longer arrays and with the result written over an operand (as a program's
 * registers may be).
 */
class ColumnLoopsTest {
    private static final double NaN = Double.NaN;

    private static double expected(boolean max, double a, double b) {
        if (a != a) {
            return b;
        }
        if (b != b) {
            return a;
        }
        if (a == b) {
            // ±0: max prefers +0, min −0 (Math.max/min); equal non-zero values have equal bits
            return max ? (Double.doubleToRawLongBits(a) < 0 ? b : a) : (Double.doubleToRawLongBits(a) < 0 ? a : b);
        }
        return max == a > b ? a : b;
    }

    private static double value(SplittableRandom r, int kind) {
        return switch (kind) {
            case 0 -> 50 + r.nextDouble();                                           // prices
            case 1 -> r.nextInt(10) == 0 ? NaN : 50 + r.nextDouble();                // with missing bars
            case 2 -> r.nextInt(3) == 0 ? NaN : r.nextInt(3) - 1;                   // ties, zeros
            default -> r.nextInt(4) == 0 ? (r.nextBoolean() ? 0.0 : -0.0) : r.nextInt(60) < 50 ? NaN : r.nextDouble();
        };
    }

    @Test
    void maxAndMinIgnoreAMissingOperandOnEveryBar() {
        SplittableRandom r = new SplittableRandom(3);
        for (int round = 0; round < 600; round++) {
            int size = 1 + r.nextInt(300), kind = round % 4;
            boolean max = r.nextBoolean(), inPlace = r.nextInt(3) == 0;
            double[] a = new double[size], b = new double[size];
            for (int i = 0; i < size; i++) {
                a[i] = value(r, kind);
                b[i] = value(r, kind);
            }
            int off = r.nextInt(size), len = r.nextInt(size - off + 1);
            double[] a0 = a.clone();
            double[] o = inPlace ? a : new double[size];
            Ops.binary(max ? Op.MAX : Op.MIN, a, b, o, off, len);
            for (int i = off; i < off + len; i++) {
                double want = expected(max, a0[i], b[i]);
                assertThat(Double.doubleToRawLongBits(o[i]))
                        .as("kind %d, %s, bar %d of [%d, %d): %s, %s gave %s", kind, max ? "max" : "min", i, off,
                                off + len, a0[i], b[i], o[i])
                        .isEqualTo(Double.doubleToRawLongBits(want));
            }
        }
    }
}
