package io.lcscanner.core.source;

import java.util.Objects;

/**
 * One ticker's intraday bars (30-minute for spec §7) in time order, as primitive columns.
 * {@code startMillis[i]} is the bar's start, Unix milliseconds UTC; an interval without trades has no bar.
 */
public record IntradayBars(String ticker, long[] startMillis, double[] open, double[] high, double[] low,
                           double[] close, double[] volume) {
    /**
     * Checks the columns.
     *
     * @param ticker      the ticker
     * @param startMillis each bar's start, Unix milliseconds UTC, increasing
     * @param open        each bar's open
     * @param high        each bar's high
     * @param low         each bar's low
     * @param close       each bar's close
     * @param volume      each bar's volume
     * @throws IllegalArgumentException if the columns' lengths differ
     */
    public IntradayBars {
        Objects.requireNonNull(ticker, "ticker");
        int n = startMillis.length;
        if (open.length != n || high.length != n || low.length != n || close.length != n || volume.length != n) {
            throw new IllegalArgumentException("intraday columns of " + ticker + " differ in length");
        }
        for (int i = 1; i < n; i++) {
            if (startMillis[i] <= startMillis[i - 1]) {
                throw new IllegalArgumentException("intraday bars of " + ticker + " are not in increasing time order at index " + i);
            }
        }
    }

    /** @return the number of bars */
    public int size() {
        return startMillis.length;
    }
}
