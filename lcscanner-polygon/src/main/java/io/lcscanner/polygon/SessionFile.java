package io.lcscanner.polygon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A finished session's bars in the cache, one file per session: {@code day, adjustedAsOf, count, invalidRows,
 * tickerBytes}, then {@code count × (length, ASCII ticker)} by ticker ({@code tickerBytes} in all), zero bytes up to
 * a multiple of 8, then the ten columns
 * ({@code o h l c v} adjusted, then as traded) of {@code count} doubles each. {@code adjustedAsOf} is the New York
 * date the adjusted prices were fetched: splits executed on or after it may be missing from them.
 */
final class SessionFile {
    static final int MAGIC = 0x4C435344; // "LCSD"
    private static final Logger LOG = LoggerFactory.getLogger(SessionFile.class);

    private SessionFile() {
    }

    /** Writes every bar of {@code slot} in {@code store}; returns how many (none: no file is written). */
    static int write(Path file, ColumnStore store, int slot, LocalDate adjustedAsOf, int invalidRows) throws IOException {
        int[] ids = store.idsByName();
        Ticker[] bars = new Ticker[ids.length];
        int n = 0;
        for (int id : ids) {
            Ticker t = store.ticker(id);
            if (store.has(t, slot)) {
                bars[n++] = t;
            }
        }
        if (n == 0) {
            return 0;
        }
        int count = n, tickerBytes = n;
        for (int r = 0; r < n; r++) {
            tickerBytes += bars[r].name.length();
        }
        byte[] names = new byte[tickerBytes];
        for (int r = 0, at = 0; r < n; r++) {
            String name = bars[r].name;
            names[at++] = (byte) name.length();
            for (int i = 0; i < name.length(); i++) {
                names[at++] = (byte) name.charAt(i); // printable ASCII
            }
        }
        double[] column = new double[n];
        CacheFile.write(file, MAGIC, w -> {
            w.putInt(store.day(slot)).putInt((int) adjustedAsOf.toEpochDay()).putInt(count).putInt(invalidRows)
                    .putInt(names.length).put(names, 0, names.length);
            while (w.position() % 8 != 0) {
                w.put((byte) 0);
            }
            for (int k = 0; k < ColumnStore.COLUMNS; k++) {
                for (int r = 0; r < count; r++) {
                    column[r] = store.value(bars[r], k, slot);
                }
                w.putDoubles(column, count);
            }
        });
        return count;
    }

    /** A session read from the cache. */
    record Cached(LocalDate date, LocalDate adjustedAsOf, int invalidRows) {
    }

    /**
     * Copies cached sessions into a store, up to sixteen consecutive slots (one chunk) at a time, reusing its
     * buffers from chunk to chunk; one thread at a time. A file's tickers are matched to the store's by walking
     * them beside the previous file's (both sorted, and consecutive sessions list nearly the same tickers), so
     * only new tickers are looked up.
     */
    static final class Loader {
        private static final int CHUNK = 16;
        private ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);
        private Names current = new Names(), previous = new Names();
        private final Ticker[][] tickers = new Ticker[CHUNK][0];
        private final double[][][] columns = new double[CHUNK][ColumnStore.COLUMNS][0];
        private final int[] rows = new int[CHUNK];
        private final int[][] where = new int[CHUNK][0];

        /** One file's ticker section and the store's tickers for its rows. */
        private static final class Names {
            byte[] bytes = new byte[0];
            int[] start = new int[1]; // ticker r is bytes[start[r] + 1, start[r + 1])
            Ticker[] tickers = new Ticker[0];
            int count;
        }

        /**
         * Loads the sessions {@code dates} (consecutive slots from {@code firstSlot}, within one chunk) from
         * {@code files}. Returns what each held, or null for a session to fetch: no file, or a corrupt one
         * (deleted, and logged).
         */
        Cached[] load(ColumnStore store, int firstSlot, LocalDate[] dates, Path[] files) throws IOException {
            int m = dates.length;
            Cached[] out = new Cached[m];
            for (int s = 0; s < m; s++) {
                rows[s] = 0;
                try {
                    out[s] = read(store, s, dates[s], files[s]);
                } catch (CacheFile.Corrupt e) {
                    LOG.warn("{}; deleting it and fetching the session again", e.getMessage());
                    try {
                        Files.deleteIfExists(files[s]);
                    } catch (IOException ignored) {
                        // the atomic rewrite after the refetch replaces it anyway
                    }
                    rows[s] = 0;
                }
            }
            for (int s = 0; s < m; s++) {
                if (where[s].length < rows[s]) {
                    where[s] = new int[rows[s] + (rows[s] >> 3)];
                }
            }
            store.copyIn(firstSlot, m, rows, tickers, columns, where);
            return out;
        }

        private Cached read(ColumnStore store, int s, LocalDate expected, Path file) throws IOException {
            ByteBuffer b = CacheFile.read(file, MAGIC, buffer);
            if (b == null) {
                return null;
            }
            buffer = b;
            int n;
            int asOf, invalid;
            try {
                int day = b.getInt();
                asOf = b.getInt();
                n = b.getInt();
                invalid = b.getInt();
                int tickerBytes = b.getInt();
                if (day != expected.toEpochDay() || n < 0 || tickerBytes < n || tickerBytes > b.remaining()) {
                    throw new CacheFile.Corrupt(file, "header does not match session " + expected);
                }
                Names names = current;
                names.count = n;
                if (names.start.length < n + 1) {
                    names.start = new int[n + 1 + (n >> 2)];
                }
                if (names.bytes.length < tickerBytes) {
                    names.bytes = new byte[tickerBytes + (tickerBytes >> 2)];
                }
                b.get(names.bytes, 0, tickerBytes);
                byte[] bytes = names.bytes;
                int at = 0;
                for (int r = 0; r < n; r++) {
                    if (at >= tickerBytes) {
                        throw new CacheFile.Corrupt(file, "fewer tickers than " + n);
                    }
                    names.start[r] = at;
                    at += 1 + (bytes[at] & 0xff);
                }
                if (at != tickerBytes) {
                    throw new CacheFile.Corrupt(file, "ticker lengths do not add up to " + tickerBytes + " bytes");
                }
                names.start[n] = at;
                int columnsStart = (b.position() + 7) & ~7;
                if ((long) columnsStart + 8L * ColumnStore.COLUMNS * n != b.limit()) {
                    throw new CacheFile.Corrupt(file, "length does not match " + n + " rows");
                }
                DoubleBuffer doubles = b.position(columnsStart).slice().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
                for (int k = 0; k < ColumnStore.COLUMNS; k++) {
                    if (columns[s][k].length < n) {
                        columns[s][k] = new double[n + (n >> 3)];
                    }
                    doubles.get(k * n, columns[s][k], 0, n); // a bulk copy: fast before the JIT has warmed up, too
                }
            } catch (RuntimeException e) { // BufferUnderflow, IndexOutOfBounds: a lying header
                throw new CacheFile.Corrupt(file, e.toString());
            }
            if (store.unsized()) {
                String[] all = new String[n];
                for (int r = 0; r < n; r++) {
                    int from = current.start[r] + 1;
                    all[r] = new String(current.bytes, from, current.start[r + 1] - from, StandardCharsets.ISO_8859_1);
                }
                store.sizeFor(all, n);
            }
            match(store);
            if (tickers[s].length < n) {
                tickers[s] = new Ticker[n + (n >> 3)];
            }
            System.arraycopy(current.tickers, 0, tickers[s], 0, n);
            rows[s] = n;
            Names done = current;
            current = previous;
            previous = done;
            return new Cached(expected, LocalDate.ofEpochDay(asOf), invalid);
        }

        /** Finds the store's ticker for each row of {@link #current}, reusing {@link #previous}'s where they agree. */
        private void match(ColumnStore store) {
            Names c = current, p = previous;
            if (c.tickers.length < c.count) {
                c.tickers = new Ticker[c.count + (c.count >> 3)];
            }
            int bytes = c.start[c.count];
            if (c.count == p.count && bytes == p.start[p.count] && Arrays.equals(c.bytes, 0, bytes, p.bytes, 0, bytes)) {
                System.arraycopy(p.tickers, 0, c.tickers, 0, c.count); // the same tickers as the session before
                return;
            }
            int j = 0;
            for (int r = 0; r < c.count; r++) {
                int from = c.start[r] + 1, to = c.start[r + 1];
                int cmp = 1;
                while (j < p.count && (cmp = Arrays.compareUnsigned(c.bytes, from, to, p.bytes, p.start[j] + 1,
                        p.start[j + 1])) > 0) {
                    j++;
                }
                if (j < p.count && cmp == 0) {
                    c.tickers[r] = p.tickers[j++];
                } else {
                    c.tickers[r] = store.ticker(c.bytes, from, to - from);
                }
            }
        }
    }
}
