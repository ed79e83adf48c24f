package io.lcscanner.polygon;

import io.lcscanner.core.BarSeries;
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

    ColumnStore(int capacity, Predicate<String> accept) {
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

    void add(Session s) {
        String[] tickers = s.tickers();
        int[] rowIds = new int[tickers.length];
        for (int r = 0; r < tickers.length; r++) {
            rowIds[r] = id(tickers[r]);
        }
        double[][] cols = s.columns();
        scatter((int) s.date().toEpochDay(), rowIds, k -> cols[k]);
    }

    void add(CacheFiles.RawSession s) {
        int[] rowIds = resolve(s);
        ByteBuffer b = ByteBuffer.wrap(s.bytes());
        int n = s.n();
        if (scratch.length < n) {
            scratch = new double[n];
        }
        double[] column = scratch;
        scatter((int) s.date().toEpochDay(), rowIds, k -> {
            b.position(s.columnsStart() + 8 * k * n);
            b.asDoubleBuffer().get(column, 0, n); // a bulk copy: fast even before the JIT has warmed up
            return column;
        });
        previous = s;
        previousIds = rowIds;
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

    private double[] scratch = new double[0];

    @FunctionalInterface
    private interface Column {
        double[] get(int k);
    }

    private void scatter(int day, int[] rowIds, Column column) {
        int n = rowIds.length;
        int[] block = new int[n], slot = new int[n];
        for (int r = 0; r < n; r++) {
            int id = rowIds[r];
            if (id == REJECTED || counts[id] >= capacity) {
                block[r] = -1;
                continue;
            }
            block[r] = id / perBlock;
            slot[r] = index(id, counts[id]++);
            dayBlocks.get(block[r])[slot[r]] = day;
        }
        double[][][] bs = blocks.toArray(double[][][]::new);
        for (int k = 0; k < Session.COLUMNS; k++) {
            double[] values = column.get(k);
            for (int r = 0; r < n; r++) {
                if (block[r] >= 0) {
                    bs[block[r]][k][slot[r]] = values[r];
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
