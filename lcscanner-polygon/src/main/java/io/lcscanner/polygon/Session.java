package io.lcscanner.polygon;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * One session's bars: the inner join of the adjusted and as-traded grouped daily on ticker (spec §1),
 * tickers ascending, columns {@code o h l c v o_ua h_ua l_ua c_ua v_ua}.
 *
 * @param adjustedAsOf New York date on which the adjusted prices were fetched: splits executed on or
 *                     after it may be missing from them
 * @param invalidRows  rows dropped by validation (both adjustments)
 */
record Session(LocalDate date, LocalDate adjustedAsOf, String[] tickers, double[][] columns, int invalidRows) {
    static final int COLUMNS = 10;

    int size() {
        return tickers.length;
    }

    static Session join(DailyRows adjusted, DailyRows asTraded, LocalDate asOf) {
        int n = 0, i = 0, j = 0;
        int cap = Math.min(adjusted.size, asTraded.size);
        String[] tickers = new String[cap];
        double[][] cols = new double[COLUMNS][cap];
        while (i < adjusted.size && j < asTraded.size) {
            int cmp = adjusted.tickers[i].compareTo(asTraded.tickers[j]);
            if (cmp < 0) {
                i++;
            } else if (cmp > 0) {
                j++;
            } else {
                tickers[n] = adjusted.tickers[i];
                cols[0][n] = adjusted.open[i];
                cols[1][n] = adjusted.high[i];
                cols[2][n] = adjusted.low[i];
                cols[3][n] = adjusted.close[i];
                cols[4][n] = adjusted.volume[i];
                cols[5][n] = asTraded.open[j];
                cols[6][n] = asTraded.high[j];
                cols[7][n] = asTraded.low[j];
                cols[8][n] = asTraded.close[j];
                cols[9][n] = asTraded.volume[j];
                n++;
                i++;
                j++;
            }
        }
        if (n < cap) {
            tickers = Arrays.copyOf(tickers, n);
            for (int k = 0; k < COLUMNS; k++) {
                cols[k] = Arrays.copyOf(cols[k], n);
            }
        }
        return new Session(adjusted.session, asOf, tickers, cols, adjusted.invalid + asTraded.invalid);
    }
}
