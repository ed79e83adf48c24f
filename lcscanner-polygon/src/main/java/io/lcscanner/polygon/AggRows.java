package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonParser;
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
        readBar(p);
        if (barStart == Long.MIN_VALUE || !barPricesValid()) {
            invalid++;
            return;
        }
        ensureRoom();
        start[size] = barStart;
        appendBar();
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
