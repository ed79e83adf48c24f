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
 * owns a fixed stretch of {@code capacity} slots (one per session of the window) in large shared blocks, so
 * appending a session is a scatter into preallocated arrays — no per-row objects, no regrowing, and few,
 * large arrays for the garbage collector. {@link #series} copies one ticker's stretch out on demand.
 */
final class ColumnStore {
    private static final int REJECTED = -1;

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
        this.capacity = Math.max(1, capacity);
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
        scatter((int) s.date().toEpochDay(), rowIds, (k, r) -> cols[k][r]);
    }

    void add(CacheFiles.RawSession s) {
        int[] rowIds = resolve(s);
        ByteBuffer b = ByteBuffer.wrap(s.bytes());
        int base = s.columnsStart(), n = s.n();
        scatter((int) s.date().toEpochDay(), rowIds, (k, r) -> b.getDouble(base + 8 * (k * n + r)));
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

    @FunctionalInterface
    private interface Cell {
        double get(int column, int row);
    }

    private void scatter(int day, int[] rowIds, Cell cell) {
        int n = rowIds.length;
        int[] block = new int[n], slot = new int[n];
        for (int r = 0; r < n; r++) {
            int id = rowIds[r];
            if (id == REJECTED || counts[id] >= capacity) {
                block[r] = -1;
                continue;
            }
            block[r] = id / perBlock;
            slot[r] = (id % perBlock) * capacity + counts[id]++;
            dayBlocks.get(block[r])[slot[r]] = day;
        }
        double[][][] bs = blocks.toArray(double[][][]::new);
        for (int k = 0; k < Session.COLUMNS; k++) {
            for (int r = 0; r < n; r++) {
                if (block[r] >= 0) {
                    bs[block[r]][k][slot[r]] = cell.get(k, r);
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
        return dayBlocks.get(id / perBlock)[(id % perBlock) * capacity + i];
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
        int base = (id % perBlock) * capacity, n = 0;
        for (int i = 0; i < counts[id]; i++) {
            int d = days[base + i];
            int j = d < o.fromDay() || d > o.toDay() ? -2 : Arrays.binarySearch(o.days(), d);
            if (j == -2 || j >= 0) {
                days[base + n] = d;
                for (int k = 0; k < Session.COLUMNS; k++) {
                    cols[k][base + n] = k < 5 && j >= 0 ? o.columns()[k][j] : cols[k][base + i];
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
        int from = (id % perBlock) * capacity, to = from + counts[id];
        double[][] c = new double[Session.COLUMNS][];
        for (int k = 0; k < Session.COLUMNS; k++) {
            c[k] = Arrays.copyOfRange(cols[k], from, to);
        }
        return new BarSeries(names[id], Arrays.copyOfRange(days, from, to), c[0], c[1], c[2], c[3], c[4],
                c[5], c[6], c[7], c[8], c[9]);
    }
}
