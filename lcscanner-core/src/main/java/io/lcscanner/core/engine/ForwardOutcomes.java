package io.lcscanner.core.engine;

import io.lcscanner.core.source.BarSeries;
import java.util.List;

/**
 * What happened after a hit on bar D: the next sessions' moves relative to D's close or D+1's open. D+k is
 * the k-th bar after D in the ticker's own series (a halted day is simply absent). Prices are the adjusted
 * inputs as the scan sees them (rounded to 2 decimals under reference rounding); the outcomes themselves
 * are not rounded. A field whose bars do not exist is missing (NaN), and so is a division by zero.
 */
public final class ForwardOutcomes {
    /** The fields, in output order. */
    public static final List<String> NAMES = List.of("next_open_gap", "next_day_return", "next_high", "next_low",
            "ret_1d", "ret_5d", "max_high_5d", "min_low_5d");
    /** Sessions after D the fields look at. */
    public static final int HORIZON = 5;

    private ForwardOutcomes() {
    }

    /** The fields of a hit on bar {@code d} of {@code s} (the series may reach past the scan's end). */
    public static double[] of(BarSeries s, int d, boolean referenceRounding) {
        double[] out = new double[NAMES.size()];
        java.util.Arrays.fill(out, Double.NaN);
        int n = s.size();
        double closeD = price(s.close(), d, referenceRounding);
        if (d + 1 < n) {
            double open1 = price(s.open(), d + 1, referenceRounding);
            double close1 = price(s.close(), d + 1, referenceRounding);
            out[0] = change(open1, closeD);
            out[1] = change(close1, open1);
            out[2] = change(price(s.high(), d + 1, referenceRounding), open1);
            out[3] = change(price(s.low(), d + 1, referenceRounding), open1);
            out[4] = change(close1, closeD);
            double maxHigh = Double.NEGATIVE_INFINITY, minLow = Double.POSITIVE_INFINITY;
            for (int k = d + 1; k <= Math.min(d + HORIZON, n - 1); k++) {
                maxHigh = Math.max(maxHigh, price(s.high(), k, referenceRounding));
                minLow = Math.min(minLow, price(s.low(), k, referenceRounding));
            }
            out[6] = change(maxHigh, closeD);
            out[7] = change(minLow, closeD);
        }
        if (d + HORIZON < n) {
            out[5] = change(price(s.close(), d + HORIZON, referenceRounding), closeD);
        }
        return out;
    }

    /** x / base − 1, missing when base is zero. */
    private static double change(double x, double base) {
        return Numbers.div(x, base) - 1;
    }

    private static double price(double[] column, int i, boolean referenceRounding) {
        return Numbers.asRounded(column[i], referenceRounding);
    }
}
