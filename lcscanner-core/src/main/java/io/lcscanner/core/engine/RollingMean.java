package io.lcscanner.core.engine;

/**
 * The rolling mean of spec §2, exactly as pandas computes {@code rolling(w).mean()}: one running,
 * Kahan-compensated sum per series from its first value (separate compensation for adding and removing),
 * with pandas' fix-ups for runs of equal values and for sign. A fresh sum of each window differs in the
 * last bits, and after rounding to 2 decimals a tie such as 74.27/14 = 5.305 would round the other way.
 *
 * <p>A missing value (NaN) is neither added, removed nor counted, so a mean is missing unless all
 * {@code w} values of its window are present. Every operation is written in the spec's order: Java's
 * double arithmetic is strict IEEE 754, so the result equals pandas' bit for bit.
 */
public final class RollingMean {
    private RollingMean() {
    }

    /** {@code out[i]} = mean of {@code x[i−w+1..i]}, for i in [0, n); missing while fewer than w values exist. */
    public static void mean(double[] x, int n, int w, double[] out) {
        double sum = 0, addCompensation = 0, removeCompensation = 0;
        int count = 0, negatives = 0;
        long same = 0;
        double prev = n > 0 ? x[0] : Double.NaN;
        for (int i = 0; i < n; i++) {
            if (i >= w) {
                double r = x[i - w];
                if (r == r) {
                    double y = -r - removeCompensation;
                    double t = sum + y;
                    removeCompensation = (t - sum) - y;
                    sum = t;
                    count--;
                    if (signBit(r)) {
                        negatives--;
                    }
                }
            }
            double a = x[i];
            if (a == a) {
                double y = a - addCompensation;
                double t = sum + y;
                addCompensation = (t - sum) - y;
                sum = t;
                count++;
                if (signBit(a)) {
                    negatives++;
                }
                same = a == prev ? same + 1 : 1;
                prev = a;
            }
            double mean;
            if (count < w || count == 0) {
                mean = Double.NaN;
            } else {
                mean = sum / count;
                if (same >= count) {
                    mean = prev;
                } else if (negatives == 0 && mean < 0) {
                    mean = 0.0;
                } else if (negatives == count && mean > 0) {
                    mean = 0.0;
                }
            }
            out[i] = mean;
        }
    }

    /**
     * What {@link #mean} gives at bar {@code i}, from the {@code w} bars up to it alone, where every value of
     * {@code x} up to bar i is missing or whole and small ({@link Ops#exactlySummable}: share volumes). Every
     * running sum is then exact and both compensations stay 0, so the running sum is the window's exact sum in
     * any order; the fix-ups keep their meaning: a window of equal values gives its last value (a −0 too), and
     * an exact sum never has the wrong sign.
     */
    static double exactAt(double[] x, int w, int i) {
        if (i < w - 1) {
            return Double.NaN;
        }
        double last = x[i], sum = 0;
        boolean same = true;
        for (int j = i - w + 1; j <= i; j++) {
            double v = x[j];
            if (v != v) {
                return Double.NaN; // fewer than w values
            }
            sum += v;
            same &= v == last;
        }
        return same ? last : sum / w;
    }

    private static boolean signBit(double v) {
        return Double.doubleToRawLongBits(v) < 0;
    }
}
