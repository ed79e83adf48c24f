package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonParser;
import io.lcscanner.core.calendar.NyseCalendar;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * One grouped-daily answer (every ticker, one session, one adjustment) as columns sorted by ticker.
 * Filled straight from the JSON stream by {@link #read}; invalid rows are counted, not kept.
 */
final class DailyRows extends OhlcvRows {
    final LocalDate session;
    String[] tickers = new String[1024];
    Json.Results results = Json.Results.ABSENT;
    String requestId;

    DailyRows(LocalDate session) {
        super(1024);
        this.session = session;
    }

    @Override
    void growKey(int capacity) {
        tickers = Arrays.copyOf(tickers, capacity);
    }

    /** A reader of {@code /v2/aggs/grouped/locale/us/market/stocks/{session}} for {@link PolygonClient#get}. */
    static PolygonClient.BodyReader<DailyRows> reader(LocalDate session) {
        return p -> {
            DailyRows rows = new DailyRows(session);
            Json.Envelope env = Json.read(p, r -> Json.eachObject(r, rows::readRow));
            rows.results = env.results();
            rows.requestId = env.requestId();
            rows.sortAndDeduplicate();
            return rows;
        };
    }

    private void readRow(JsonParser p) throws IOException {
        readBar(p);
        if (!printable(barTicker) || !barPricesValid() || (barStart != Long.MIN_VALUE
                && !Instant.ofEpochMilli(barStart).atZone(NyseCalendar.NEW_YORK).toLocalDate().equals(session))) {
            invalid++;
            return;
        }
        ensureRoom();
        tickers[size] = barTicker;
        appendBar();
    }

    static boolean printable(String ticker) {
        if (ticker == null || ticker.isEmpty() || ticker.length() > 32) {
            return false;
        }
        for (int i = 0; i < ticker.length(); i++) {
            char ch = ticker.charAt(i);
            if (ch <= 0x20 || ch >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Sorts rows by ticker; a ticker listed twice is ambiguous, so both rows are dropped as invalid. */
    private void sortAndDeduplicate() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> tickers[a].compareTo(tickers[b]));
        String[] t = new String[size];
        double[] o = new double[size], h = new double[size], l = new double[size], c = new double[size], v = new double[size];
        int n = 0;
        for (int k = 0; k < size; k++) {
            int i = order[k];
            boolean dupPrev = k > 0 && tickers[order[k - 1]].equals(tickers[i]);
            boolean dupNext = k + 1 < size && tickers[order[k + 1]].equals(tickers[i]);
            if (dupPrev || dupNext) {
                invalid++;
                continue;
            }
            t[n] = tickers[i];
            o[n] = open[i];
            h[n] = high[i];
            l[n] = low[i];
            c[n] = close[i];
            v[n] = volume[i];
            n++;
        }
        tickers = t;
        open = o;
        high = h;
        low = l;
        close = c;
        volume = v;
        size = n;
    }
}
