package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;

/** Custom-bars rows of one ticker ({@code /v2/aggs/ticker/…/range/…}) as columns; {@code t} = bar start. */
final class AggRows extends OhlcvRows {
    long[] start = new long[256];

    AggRows() {
        super(256);
    }

    @Override
    void growKey(int capacity) {
        start = Arrays.copyOf(start, capacity);
    }

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
        ensureRoom();
        start[size] = t;
        appendPrices(o, h, l, c, v);
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
