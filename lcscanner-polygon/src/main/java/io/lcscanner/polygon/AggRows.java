package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/** Custom-bars rows of one ticker ({@code /v2/aggs/ticker/…/range/…}) as columns; {@code t} = bar start. */
final class AggRows {
    long[] start = new long[256];
    double[] open = new double[256], high = new double[256], low = new double[256], close = new double[256],
            volume = new double[256];
    int size;
    int invalid;

    /** A page reader: the rows of one page and its {@code next_url}. */
    static PolygonClient.BodyReader<PolygonClient.Page<AggRows>> pageReader() {
        return p -> {
            AggRows rows = new AggRows();
            Json.Envelope env = Json.read(p, r -> Json.eachObject(r, rows::readRow));
            return new PolygonClient.Page<>(rows, env.nextUrl());
        };
    }

    private void readRow(JsonParser p) throws IOException {
        double o = Double.NaN, h = Double.NaN, l = Double.NaN, c = Double.NaN, v = Double.NaN;
        long t = Long.MIN_VALUE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken val = p.nextToken();
            switch (name) {
                case "o" -> o = Json.number(p, val);
                case "h" -> h = Json.number(p, val);
                case "l" -> l = Json.number(p, val);
                case "c" -> c = Json.number(p, val);
                case "v" -> v = Json.number(p, val);
                case "t" -> t = val == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : Long.MIN_VALUE;
                default -> p.skipChildren();
            }
        }
        if (t == Long.MIN_VALUE || !DailyRows.valid("X", o, h, l, c, v)) {
            invalid++;
            return;
        }
        add(t, o, h, l, c, v);
    }

    void add(long t, double o, double h, double l, double c, double v) {
        if (size == start.length) {
            int n = size * 2;
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

    /** Concatenates pages in order, dropping bars that do not start after the previous one (page overlap). */
    static AggRows concat(Iterable<AggRows> pages) {
        AggRows all = new AggRows();
        for (AggRows page : pages) {
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
