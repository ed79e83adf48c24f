package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.lcscanner.core.calendar.NyseCalendar;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Polygon's grouped daily, every ticker's bar of one session in one price set
 * ({@code /v2/aggs/grouped/locale/us/market/stocks/{date}?adjusted=…}), read straight into that session's slot
 * of a {@link ColumnStore} as the body is parsed: no row is held anywhere else, except in the answers that
 * arrive before the store has any slots, which are held until their tickers have {@linkplain ColumnStore#sizeFor
 * sized} it, and the as-traded rows a load {@linkplain Held holds} until the session's adjusted answer is in
 * (the store compares the two, {@link ColumnStore#hold}). Rows are validated (printable ticker of at most 32
 * characters, {@link Bars#valid}, a bar of that session); a ticker listed twice in one answer is ambiguous and
 * loses every row. Invalid rows are counted, not kept.
 */
final class GroupedDaily {
    private GroupedDaily() {
    }

    /**
     * What an answer held: {@code rows} valid rows (those of tickers the store rejects included), {@code invalidRows}
     * skipped, where {@code results} was, the {@code request_id} for messages, and the as-traded rows held for
     * {@link Held#putInto} (null unless asked for).
     */
    record Answer(int rows, int invalidRows, Json.Results results, String requestId, Held held) {
    }

    /** Fetches one price set of slot {@code slot}'s session into {@code store}, on one of the client's threads. */
    static CompletableFuture<Answer> fetch(PolygonClient client, ColumnStore store, int slot, boolean adjusted) {
        return client.async(call(client, store, slot, adjusted));
    }

    /** The fetch, to run on the calling thread. */
    static Callable<Answer> call(PolygonClient client, ColumnStore store, int slot, boolean adjusted) {
        return call(client, store, slot, adjusted, null);
    }

    /**
     * The fetch, to run on the calling thread; with {@code holders}, the as-traded rows are held (in a buffer taken
     * from there, or a new one) instead of written, for an answer read while the adjusted one may still arrive.
     */
    static Callable<Answer> call(PolygonClient client, ColumnStore store, int slot, boolean adjusted, Queue<Held> holders) {
        String path = path(LocalDate.ofEpochDay(store.day(slot)), adjusted);
        return () -> client.get(path, reader(store, slot, adjusted, adjusted ? null : holders));
    }

    static String path(LocalDate session, boolean adjusted) {
        return "/v2/aggs/grouped/locale/us/market/stocks/" + session + "?adjusted=" + adjusted;
    }

    /** A body reader for {@link PolygonClient#get}; every attempt starts from an empty price set. */
    static BodyReader<Answer> reader(ColumnStore store, int slot, boolean adjusted) {
        return reader(store, slot, adjusted, null);
    }

    /** A body reader; with {@code holders}, as-traded rows are held as {@link #call} says. */
    static BodyReader<Answer> reader(ColumnStore store, int slot, boolean adjusted, Queue<Held> holders) {
        return p -> {
            int priceSet = adjusted ? ColumnStore.ADJUSTED : ColumnStore.AS_TRADED;
            store.clear(slot, priceSet); // a retried answer starts over
            Held held = null;
            if (holders != null) {
                held = holders.poll();
                held = held == null ? new Held() : held;
                held.count = 0;
            }
            Rows rows = new Rows(store, slot, priceSet, held);
            Json.Envelope env = Json.read(p, r -> Json.eachObject(r, rows::read));
            rows.putStaged();
            return new Answer(rows.kept, rows.invalid, env.results(), env.requestId(), held);
        };
    }

    /** The rows of one answer, as they stream by. */
    private static final class Rows {
        private static final int MAX_TICKER = 32;
        final ColumnStore store;
        final int slot, priceSet;
        /** The session's New York day in Unix ms, {@code [dayStart, dayEnd)}: where a row's {@code t} must fall. */
        final long dayStart, dayEnd;
        final char[] ticker = new char[MAX_TICKER];
        int tickerLength;
        int kept, invalid;
        /** Rows held until the answer is read, because the store had no slots when it began; else null. */
        Staged staged;
        /** As-traded rows held until the adjusted answer is in; null: written at once. */
        final Held held;
        private final Bars.Row row = new Bars.Row(); // this answer's rows, one at a time

        Rows(ColumnStore store, int slot, int priceSet, Held held) {
            this.store = store;
            this.slot = slot;
            this.priceSet = priceSet;
            this.held = held;
            this.staged = store.unsized() ? new Staged() : null;
            LocalDate day = LocalDate.ofEpochDay(store.day(slot));
            this.dayStart = day.atStartOfDay(NyseCalendar.NEW_YORK).toInstant().toEpochMilli();
            this.dayEnd = day.plusDays(1).atStartOfDay(NyseCalendar.NEW_YORK).toInstant().toEpochMilli();
        }

        /** One row object: {@code T o h l c v t}; others skipped. */
        void read(JsonParser p) throws IOException {
            tickerLength = 0;
            Bars.Row row = this.row;
            row.clear();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("T")) {
                    readTicker(p, value);
                } else if (!row.read(name, p, value)) {
                    p.skipChildren();
                }
            }
            long t = row.start;
            if (tickerLength == 0 || !row.valid() || (t != Long.MIN_VALUE && (t < dayStart || t >= dayEnd))) {
                invalid++;
                return;
            }
            if (staged != null) {
                staged.add(ticker, tickerLength, row.open, row.high, row.low, row.close, row.volume);
            } else {
                put(store.ticker(ticker, 0, tickerLength), row.open, row.high, row.low, row.close, row.volume);
            }
        }

        private void put(Ticker known, double o, double h, double l, double c, double v) {
            if (!known.accepted()) {
                kept++; // valid, just not wanted by this window
                return;
            }
            int what = held == null ? store.put(known, slot, priceSet, o, h, l, c, v) : store.hold(known, slot);
            switch (what) {
                case ColumnStore.KEPT -> {
                    kept++;
                    if (held != null) {
                        held.add(known, o, h, l, c, v);
                    }
                }
                case ColumnStore.DUPLICATE_OF_KEPT -> {
                    kept--;
                    invalid += 2;
                }
                default -> invalid++;
            }
        }

        /** Sizes the store for the staged rows' tickers, then writes them. */
        void putStaged() {
            if (staged == null) {
                return;
            }
            String[] names = staged.names();
            store.sizeFor(names, names.length);
            for (int r = 0; r < names.length; r++) {
                double[] x = staged.values;
                put(store.ticker(names[r]), x[5 * r], x[5 * r + 1], x[5 * r + 2], x[5 * r + 3], x[5 * r + 4]);
            }
            staged = null;
        }

        /** Copies a printable ticker out of the parser's buffer (valid only until the next token); else length 0. */
        private void readTicker(JsonParser p, JsonToken value) throws IOException {
            tickerLength = 0;
            if (value != JsonToken.VALUE_STRING) {
                p.skipChildren();
                return;
            }
            int len = p.getTextLength();
            if (len < 1 || len > MAX_TICKER) {
                return;
            }
            char[] chars = p.getTextCharacters();
            int off = p.getTextOffset();
            for (int i = 0; i < len; i++) {
                char ch = chars[off + i];
                if (ch <= 0x20 || ch >= 0x7f) {
                    return;
                }
                ticker[i] = ch;
            }
            tickerLength = len;
        }
    }

    /**
     * As-traded rows of one answer held until the session's adjusted answer is in: the ticker and o h l c v of
     * each. Reused from answer to answer (a load keeps a few), so holding costs no garbage.
     */
    static final class Held {
        private Ticker[] tickers = new Ticker[1024];
        private double[] values = new double[5 * 1024];
        private int count;

        private void add(Ticker t, double o, double h, double l, double c, double v) {
            if (count == tickers.length) {
                tickers = Arrays.copyOf(tickers, 2 * count);
                values = Arrays.copyOf(values, 10 * count);
            }
            tickers[count] = t;
            double[] x = values;
            int at = 5 * count++;
            x[at] = o;
            x[at + 1] = h;
            x[at + 2] = l;
            x[at + 3] = c;
            x[at + 4] = v;
        }

        /** Writes the rows into {@code slot} of {@code store}, whose adjusted prices of that slot are in. */
        void putInto(ColumnStore store, int slot) {
            double[] x = values;
            for (int r = 0; r < count; r++) {
                store.putHeld(tickers[r], slot, x[5 * r], x[5 * r + 1], x[5 * r + 2], x[5 * r + 3], x[5 * r + 4]);
            }
        }
    }

    /** Valid rows held back: their tickers' characters end to end, and o h l c v of each. */
    private static final class Staged {
        char[] chars = new char[8 * 1024];
        int[] end = new int[1024];
        double[] values = new double[5 * 1024];
        int count, length;

        void add(char[] ticker, int len, double o, double h, double l, double c, double v) {
            if (count == end.length) {
                end = Arrays.copyOf(end, 2 * count);
                values = Arrays.copyOf(values, 10 * count);
            }
            if (length + len > chars.length) {
                chars = Arrays.copyOf(chars, 2 * (length + len));
            }
            System.arraycopy(ticker, 0, chars, length, len);
            length += len;
            end[count] = length;
            values[5 * count] = o;
            values[5 * count + 1] = h;
            values[5 * count + 2] = l;
            values[5 * count + 3] = c;
            values[5 * count + 4] = v;
            count++;
        }

        String[] names() {
            String[] names = new String[count];
            for (int r = 0, from = 0; r < count; from = end[r++]) {
                names[r] = new String(chars, from, end[r] - from);
            }
            return names;
        }
    }
}
