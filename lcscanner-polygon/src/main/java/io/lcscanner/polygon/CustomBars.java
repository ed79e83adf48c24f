package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Polygon's custom bars of one ticker ({@code /v2/aggs/ticker/{T}/range/{multiplier}/{timespan}/{from}/{to}},
 * every {@code next_url} page) as columns: {@code start} (Unix ms, the bar's start) and {@code o h l c v}.
 * Invalid rows ({@link Bars#valid}, no start) are counted, not kept.
 */
final class CustomBars {
    long[] start = new long[256];
    double[] open = new double[256], high = new double[256], low = new double[256], close = new double[256],
            volume = new double[256];
    int size;
    int invalid;
    private final Bars.Row row = new Bars.Row(); // the page's rows, one at a time

    /** Fetches the bars on the calling thread ({@code from}/{@code to} are New York dates), all pages joined. */
    static CustomBars fetch(PolygonClient client, String ticker, int multiplier, String timespan, LocalDate from,
                            LocalDate to, boolean adjusted) throws IOException, InterruptedException {
        String path = "/v2/aggs/ticker/" + PolygonClient.encodePath(ticker) + "/range/" + multiplier + "/" + timespan + "/"
                + from + "/" + to + "?adjusted=" + adjusted + "&sort=asc&limit=50000";
        return concat(client.getPaged(path, CustomBars::page));
    }

    private static Page<CustomBars> page(JsonParser p) throws IOException {
        CustomBars rows = new CustomBars();
        Json.Envelope env = Json.read(p, r -> Json.eachObject(r, rows::readRow));
        return new Page<>(rows, env.nextUrl());
    }

    private void readRow(JsonParser p) throws IOException {
        Bars.Row row = this.row;
        row.clear();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (!row.read(name, p, p.nextToken())) {
                p.skipChildren();
            }
        }
        if (row.start == Long.MIN_VALUE || !row.valid()) {
            invalid++;
            return;
        }
        add(row.start, row.open, row.high, row.low, row.close, row.volume);
    }

    void add(long t, double o, double h, double l, double c, double v) {
        if (size == start.length) {
            int n = 2 * size;
            start = Arrays.copyOf(start, n);
            open = Arrays.copyOf(open, n);
            high = Arrays.copyOf(high, n);
            low = Arrays.copyOf(low, n);
            close = Arrays.copyOf(close, n);
            volume = Arrays.copyOf(volume, n);
        }
        start[size] = t;
        open[size] = o;
        high[size] = h;
        low[size] = l;
        close[size] = c;
        volume[size] = v;
        size++;
    }

    /** Joins pages in order, dropping bars that do not start after the previous one (pages may overlap). */
    static CustomBars concat(Iterable<CustomBars> pages) {
        CustomBars all = new CustomBars();
        for (CustomBars page : pages) {
            all.invalid += page.invalid;
            for (int i = 0; i < page.size; i++) {
                if (all.size > 0 && page.start[i] <= all.start[all.size - 1]) {
                    continue;
                }
                all.add(page.start[i], page.open[i], page.high[i], page.low[i], page.close[i], page.volume[i]);
            }
        }
        return all;
    }
}
