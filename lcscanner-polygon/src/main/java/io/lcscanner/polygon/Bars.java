package io.lcscanner.polygon;

/** What makes a bar from Polygon usable: historic answers hold garbage rows, which are skipped and counted. */
final class Bars {
    private Bars() {
    }

    /** Finite positive prices, high ≥ low, finite non-negative volume (NaN, for a missing field, fails). */
    static boolean valid(double open, double high, double low, double close, double volume) {
        return open > 0 && high > 0 && low > 0 && close > 0 && open < Double.POSITIVE_INFINITY
                && high < Double.POSITIVE_INFINITY && close < Double.POSITIVE_INFINITY && high >= low
                && volume >= 0 && volume < Double.POSITIVE_INFINITY;
    }
}
