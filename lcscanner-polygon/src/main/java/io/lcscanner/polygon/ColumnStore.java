package io.lcscanner.polygon;

import io.lcscanner.core.source.BarSeries;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Per-ticker columns filled session by session, in date order. Tickers get ids on first sight; each id
 * owns {@code capacity} slots (one per session of the window) in large shared blocks, so appending a session
 * is a scatter into preallocated arrays — no per-row objects, no regrowing, few large arrays for the
 * garbage collector. {@link #series} copies one ticker's bars out on demand.
 *
 * <p>Within a block, bar {@code i} of a ticker lives in chunk {@code i / 16}: the block holds chunk 0 of all
 * its tickers, then chunk 1, and so on. One session's writes therefore land in a narrow band of memory
 * instead of one page per ticker, which made the scatter several times faster (cache and TLB misses).
 */
final class ColumnStore {
    private static final int REJECTED = -1;

    private static final int CHUNK = 16;
    private final int capacity;
    private final int perBlock;
    private final Predicate<String> accept;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<double[][]> blocks = new ArrayList<>();
    private final List<int[]> dayBlocks = new ArrayList<>();
    private String[] names = new String[1024];
    private int[] counts = new int[1024];
    private int size;

    /** Ids of the previous cached session's rows, to map the next one's tickers without Strings. */
    private CacheFiles.RawSession previous;
    private int[] previousIds;

    /** Takes back the read buffers of cached sessions once they are no longer needed; may be null. */
    private final CacheFiles.BufferPool pool;

    ColumnStore(int capacity, Predicate<String> accept, CacheFiles.BufferPool pool) {
        this.pool = pool;
        this.capacity = (Math.max(1, capacity) + CHUNK - 1) / CHUNK * CHUNK;
        this.accept = accept;
        // blocks of about 2 MB per column: large enough to be few, small enough not to waste much
        this.perBlock = Math.max(16, (1 << 18) / this.capacity);
    }

    /** The id of {@code ticker}, or {@link #REJECTED} when the predicate refuses it. */
    private int id(String ticker) {
        Integer id = ids.get(ticker);
        if (id != null) {
            return id;
        }
        if (!accept.test(ticker)) {
            ids.put(ticker, REJECTED);
            return REJECTED;
        }
        int n = size++;
        if (n == names.length) {
            names = Arrays.copyOf(names, n * 2);
            counts = Arrays.copyOf(counts, n * 2);
        }
        names[n] = ticker;
        if (n % perBlock == 0) {
            blocks.add(new double[Session.COLUMNS][perBlock * capacity]);
            dayBlocks.add(new int[perBlock * capacity]);
        }
        ids.put(ticker, n);
        return n;
    }

    /** Sessions are scattered in batches, so each ticker's slots for a batch are written together. */
    private static final int BATCH = 8;
    private final int[] pendingDay = new int[BATCH];
    private final int[][] pendingIds = new int[BATCH][];
    private final double[][][] pendingValues = new double[BATCH][][];
    /** Decoded columns of pending cached sessions, reused batch after batch. */
    private final double[][][] scratch = new double[BATCH][Session.COLUMNS][0];
    /** {@code position[s][id]}: the row of ticker {@code id} in pending session {@code s}, or -1. */
    private final int[][] position = new int[BATCH][0];
    private int pending;

    void add(Session s) {
        String[] tickers = s.tickers();
        int[] rowIds = new int[tickers.length];
        for (int r = 0; r < tickers.length; r++) {
            rowIds[r] = id(tickers[r]);
        }
        enqueue((int) s.date().toEpochDay(), rowIds, s.columns());
    }

    void add(CacheFiles.RawSession s) {
        int[] rowIds = resolve(s);
        int n = s.n();
        if (scratch[pending][0].length < n) {
            scratch[pending] = new double[Session.COLUMNS][n + (n >> 3)];
        }
        double[][] cols = scratch[pending];
        ByteBuffer b = ByteBuffer.wrap(s.bytes());
        for (int k = 0; k < Session.COLUMNS; k++) {
            b.position(s.columnsStart() + 8 * k * n);
            b.asDoubleBuffer().get(cols[k], 0, n); // a bulk copy: fast even before the JIT has warmed up
        }
        releaseBuffer();
        previous = s;
        previousIds = rowIds;
        enqueue((int) s.date().toEpochDay(), rowIds, cols);
    }

    /** Scatters what is pending and gives the last read buffer back; call once every session is added. */
    void finish() {
        flush();
        releaseBuffer();
        previous = null;
        previousIds = null;
    }

    private void releaseBuffer() {
        if (previous != null && pool != null) {
            pool.give(previous.bytes());
        }
    }

    /**
     * Maps the rows of a cached session to ids by walking it beside the previous cached session (both are
     * sorted by ticker, and consecutive sessions list nearly the same tickers); only new tickers become Strings.
     */
    private int[] resolve(CacheFiles.RawSession s) {
        int n = s.n();
        int[] rowIds = new int[n];
        CacheFiles.RawSession p = previous;
        int m = p == null ? 0 : p.n(), j = 0;
        byte[] a = s.bytes();
        for (int r = 0; r < n; r++) {
            int cmp = 1;
            while (j < m && (cmp = Arrays.compareUnsigned(a, s.tickerFrom(r), s.tickerTo(r),
                    p.bytes(), p.tickerFrom(j), p.tickerTo(j))) > 0) {
                j++;
            }
            if (j < m && cmp == 0) {
                rowIds[r] = previousIds[j++];
            } else {
                rowIds[r] = id(s.ticker(r));
            }
        }
        return rowIds;
    }

    /** Where bar {@code i} of ticker {@code id} lives in its block's arrays. */
    private int index(int id, int i) {
        return (i / CHUNK) * (perBlock * CHUNK) + (id % perBlock) * CHUNK + (i % CHUNK);
    }

    private void enqueue(int day, int[] rowIds, double[][] values) {
        pendingDay[pending] = day;
        pendingIds[pending] = rowIds;
        pendingValues[pending] = values;
        if (++pending == BATCH) {
            flush();
        }
    }

    /**
     * Writes the pending sessions column by column, ticker by ticker: a ticker's bars of the batch are
     * adjacent slots, and consecutive tickers are adjacent chunks, so the writes stream through memory.
     */
    private void flush() {
        int m = pending;
        if (m == 0) {
            return;
        }
        for (int s = 0; s < m; s++) {
            if (position[s].length < size) {
                position[s] = new int[Math.max(size, 2 * position[s].length)];
                Arrays.fill(position[s], -1);
            }
            int[] rowIds = pendingIds[s];
            for (int r = 0; r < rowIds.length; r++) {
                if (rowIds[r] != REJECTED) {
                    position[s][rowIds[r]] = r;
                }
            }
        }
        double[][][] bs = blocks.toArray(double[][][]::new);
        int[][] ds = dayBlocks.toArray(int[][]::new);
        // memory-bound: a second core takes half of the columns
        java.util.concurrent.ForkJoinTask<?> half = java.util.concurrent.ForkJoinPool.commonPool()
                .submit(() -> writeColumns(bs, m, Session.COLUMNS / 2, Session.COLUMNS));
        writeColumns(bs, m, 0, Session.COLUMNS / 2);
        for (int id = 0; id < size; id++) {
            int[] days = ds[id / perBlock];
            int c = counts[id];
            for (int s = 0; s < m; s++) {
                if (position[s][id] >= 0 && c < capacity) {
                    days[index(id, c++)] = pendingDay[s];
                }
            }
        }
        half.join();
        for (int id = 0; id < size; id++) {
            int c = counts[id];
            for (int s = 0; s < m; s++) {
                if (position[s][id] >= 0 && c < capacity) {
                    c++;
                }
            }
            counts[id] = c;
        }
        for (int s = 0; s < m; s++) {
            int[] rowIds = pendingIds[s];
            for (int r = 0; r < rowIds.length; r++) {
                if (rowIds[r] != REJECTED) {
                    position[s][rowIds[r]] = -1;
                }
            }
            pendingIds[s] = null;
            pendingValues[s] = null;
        }
        pending = 0;
    }

    private void writeColumns(double[][][] bs, int m, int fromColumn, int toColumn) {
        for (int k = fromColumn; k < toColumn; k++) {
            for (int id = 0; id < size; id++) {
                double[] dst = bs[id / perBlock][k];
                int c = counts[id];
                for (int s = 0; s < m; s++) {
                    int r = position[s][id];
                    if (r >= 0 && c < capacity) {
                        dst[index(id, c++)] = pendingValues[s][k][r];
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ reading back

    /** The id of an accepted ticker with bars, or -1. */
    int idOf(String ticker) {
        Integer id = ids.get(ticker);
        return id == null || id == REJECTED || counts[id] == 0 ? -1 : id;
    }

    String name(int id) {
        return names[id];
    }

    int count(int id) {
        return counts[id];
    }

    int day(int id, int i) {
        return dayBlocks.get(id / perBlock)[index(id, i)];
    }

    /** Ids of accepted tickers with bars, by ticker. */
    int[] tickersWithBars() {
        List<Integer> out = new ArrayList<>();
        for (int id = 0; id < size; id++) {
            if (counts[id] > 0) {
                out.add(id);
            }
        }
        out.sort((x, y) -> names[x].compareTo(names[y]));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Drops a ticker (its adjusted history could not be trusted). */
    void drop(int id) {
        counts[id] = 0;
    }

    /**
     * Replaces the adjusted columns of bars dated within the override's range; a bar it lacks is dropped
     * (a bar needs both price sets).
     */
    void apply(int id, CacheFiles.Override o) {
        int[] days = dayBlocks.get(id / perBlock);
        double[][] cols = blocks.get(id / perBlock);
        int n = 0;
        for (int i = 0; i < counts[id]; i++) {
            int at = index(id, i), to = index(id, n);
            int d = days[at];
            int j = d < o.fromDay() || d > o.toDay() ? -2 : Arrays.binarySearch(o.days(), d);
            if (j == -2 || j >= 0) {
                days[to] = d;
                for (int k = 0; k < Session.COLUMNS; k++) {
                    cols[k][to] = k < 5 && j >= 0 ? o.columns()[k][j] : cols[k][at];
                }
                n++;
            }
        }
        counts[id] = n;
    }

    /** A copy of one ticker's bars; thread-safe once loading is over. */
    BarSeries series(int id) {
        int[] days = dayBlocks.get(id / perBlock);
        double[][] cols = blocks.get(id / perBlock);
        int n = counts[id];
        int[] d = new int[n];
        double[][] c = new double[Session.COLUMNS][n];
        for (int i = 0; i < n; i += CHUNK) {
            int at = index(id, i), len = Math.min(CHUNK, n - i);
            System.arraycopy(days, at, d, i, len);
            for (int k = 0; k < Session.COLUMNS; k++) {
                System.arraycopy(cols[k], at, c[k], i, len);
            }
        }
        return new BarSeries(names[id], d, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]);
    }
}
