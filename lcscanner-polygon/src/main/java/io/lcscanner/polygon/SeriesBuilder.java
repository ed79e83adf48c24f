package io.lcscanner.polygon;

import io.lcscanner.core.BarSeries;
import java.util.Arrays;

/** One ticker's bars appended session by session (in date order), then handed over as a {@link BarSeries}. */
final class SeriesBuilder {
    final String ticker;
    int[] days;
    final double[][] cols = new double[Session.COLUMNS][];
    int size;

    /** {@code capacity}: the sessions left in the window, so a ticker listed throughout never regrows. */
    SeriesBuilder(String ticker, int capacity) {
        this.ticker = ticker;
        int c = Math.max(1, capacity);
        days = new int[c];
        for (int k = 0; k < Session.COLUMNS; k++) {
            cols[k] = new double[c];
        }
    }

    void add(int day, double[][] sessionCols, int row) {
        if (size == days.length) {
            int c = size * 2;
            days = Arrays.copyOf(days, c);
            for (int k = 0; k < Session.COLUMNS; k++) {
                cols[k] = Arrays.copyOf(cols[k], c);
            }
        }
        days[size] = day;
        for (int k = 0; k < Session.COLUMNS; k++) {
            cols[k][size] = sessionCols[k][row];
        }
        size++;
    }

    /** Keeps only the bars whose index is set in {@code keep} (order preserved). */
    void retain(boolean[] keep) {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (keep[i]) {
                days[n] = days[i];
                for (int k = 0; k < Session.COLUMNS; k++) {
                    cols[k][n] = cols[k][i];
                }
                n++;
            }
        }
        size = n;
    }

    BarSeries build() {
        int[] d = days.length == size ? days : Arrays.copyOf(days, size);
        double[][] c = new double[Session.COLUMNS][];
        for (int k = 0; k < Session.COLUMNS; k++) {
            c[k] = cols[k].length == size ? cols[k] : Arrays.copyOf(cols[k], size);
        }
        days = null; // the series owns the arrays now
        return new BarSeries(ticker, d, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]);
    }
}
