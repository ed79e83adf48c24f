package io.lcscanner.polygon;

import io.lcscanner.core.source.BarSeries;
import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Predicate;

/**
 * The bars of one window, written from many threads at once and in any order: every accepted ticker owns one
 * slot per session of the window in each of the five adjusted columns ({@code o h l c v}) and in one byte saying
 * where its as-traded prices are, so a grouped-daily answer is written into its session's slots as it is parsed,
 * and a cached session file is copied into them, with no object per session or per row in between.
 *
 * <p>A slot holds a bar once both price sets are there. Valid prices are positive, so an adjusted close of 0 (a
 * fresh array) means "not there", and -1 "listed twice in one answer" (ambiguous: neither row is kept); the
 * as-traded byte is 0 (not there), -1 (listed twice), {@link #HELD}, {@link #SAME} or {@link #OWN}.
 *
 * <p>As-traded prices equal the adjusted ones except before a split, so they are kept once: a bar whose as-traded
 * {@code o h l c v} equal its adjusted ones is marked {@link #SAME}; only the others are kept, in the ticker's own
 * as-traded columns ({@link Ticker#ownAsTraded}, slots in blocks like the adjusted ones, placed only for tickers with a
 * split in the window, so they are humongous arrays too, never copied by the collector). That
 * halves the store (12,000 tickers × 750 sessions: 370 MB instead of 720). The comparison is made when the
 * as-traded row is written, so it must come after the adjusted one: a load that reads both answers of a session
 * at once {@linkplain #hold holds} the as-traded rows and {@linkplain #putHeld writes} them once the adjusted
 * answer is in (written before it, a bar is still right, only kept twice). Once a slot's as-traded prices are
 * written its adjusted ones change only through {@link #apply}, which keeps the as-traded ones first.
 *
 * <p>Memory: slots are allocated in blocks of tickers and never move. The first block holds the tickers the
 * window takes of the first session read ({@link #sizeFor}); tickers first seen later go to blocks whose column
 * arrays are 4 MB each, which fill whole G1 regions of 1, 2 or 4 MB. Both are humongous objects, allocated
 * straight into the old generation, so the collector never copies the store. Within a block, slot {@code i} of a
 * ticker lives in chunk
 * {@code i / 16}: the block holds chunk 0 of all its tickers, then chunk 1, and so on, so sixteen consecutive
 * sessions of a ticker are adjacent (the cache loader writes them together, {@link #series} copies them out
 * together) and one session's slots of all tickers lie in one narrow band per block.
 *
 * <p>Threads: different sessions, and the two price sets of one session, may be written concurrently; one price
 * set of one session by one thread at a time. Looking up a known ticker takes no lock and makes no String
 * ({@link TickerTable}). Reading back ({@link #tickersWithBars}, {@link #series}, {@link #apply}) needs every writer finished, with a
 * happens-before edge such as a completed future.
 */
final class ColumnStore {
    /** Columns of a bar: {@code o h l c v} adjusted, then as traded. */
    static final int COLUMNS = 10;
    /** The first column of each price set. */
    static final int ADJUSTED = 0, AS_TRADED = 5;
    /** Where a bar's as-traded prices are: equal to its adjusted ones, or in the ticker's own as-traded columns. */
    static final byte SAME = 1, OWN = 2;
    /** An as-traded row read and held by the load until the adjusted answer is in: not a bar yet. */
    static final byte HELD = -2;
    /** Columns held per slot in a block: the adjusted price set. */
    private static final int STORED = 5;
    /** What {@link #put} did with a row. */
    static final int KEPT = 0, DUPLICATE = 1, DUPLICATE_OF_KEPT = 2;

    private static final int CLOSE = 3;
    private static final int CHUNK = 16;
    /** Doubles per column array: 4 MB with the array header. */
    private static final int BLOCK_DOUBLES = ((4 << 20) - 16) / 8;

    private final int[] days;
    private final int capacity;
    private final int perBlock;
    private final Predicate<String> accept;
    private final TickerTable tickers;
    private final Object lock = new Object(); // guards where new tickers' slots go
    private double[][] block; // the block new tickers go to, guarded by lock
    private byte[] blockTraded; // its as-traded bytes, guarded by lock
    private double[][] ownBlock; // the block own as-traded slots go to, guarded by lock
    private int ownBlockTickers, ownBlockUsed; // guarded by lock
    private int blockTickers, blockUsed; // guarded by lock
    private int expected; // tickers of the first block, guarded by lock; 0: not sized
    private int room; // tickers the blocks allocated so far can hold, guarded by lock

    /** A store for the sessions dated {@code days} (epoch days, ascending), keeping the tickers {@code accept} takes. */
    ColumnStore(int[] days, Predicate<String> accept) {
        this.days = days.clone();
        this.capacity = (Math.max(1, days.length) + CHUNK - 1) / CHUNK * CHUNK;
        this.perBlock = Math.max(1, BLOCK_DOUBLES / capacity);
        this.accept = accept;
        this.tickers = new TickerTable(accept, this::place);
    }

    int sessions() {
        return days.length;
    }

    /** The epoch day of {@code slot}. */
    int day(int slot) {
        return days[slot];
    }

    // ------------------------------------------------------------------ tickers

    /** The ticker spelled by {@code c[off, off + len)} (printable ASCII), registered on first sight. */
    Ticker ticker(char[] c, int off, int len) {
        return tickers.ticker(c, off, len);
    }

    /** The ticker spelled by the ASCII bytes {@code b[off, off + len)}, registered on first sight. */
    Ticker ticker(byte[] b, int off, int len) {
        return tickers.ticker(b, off, len);
    }

    /** The ticker named {@code name} (printable ASCII), registered on first sight. */
    Ticker ticker(String name) {
        return tickers.ticker(name);
    }

    /** The taken ticker named {@code name}, or null; does not register. */
    Ticker find(String name) {
        return tickers.find(name);
    }

    /** The slots of the ticker {@code id}, new to the window: in the current block, or the first of a new one. */
    private Ticker place(String name, int hash, int id) {
        synchronized (lock) {
            if (block == null || blockUsed == blockTickers) {
                blockTickers = Math.min(block == null && expected > 0 ? expected : perBlock, Integer.MAX_VALUE / capacity);
                block = newBlock(blockTickers * capacity);
                blockTraded = new byte[blockTickers * capacity];
                blockUsed = 0;
                room += blockTickers;
            }
            return new Ticker(name, hash, id, block, blockTraded, CHUNK * blockUsed++, CHUNK * blockTickers);
        }
    }

    /** Whether no ticker has slots yet: the first session read should {@link #sizeFor} the store. */
    boolean unsized() {
        synchronized (lock) {
            return block == null && expected == 0;
        }
    }

    /**
     * Sizes the first block for the tickers of {@code names} that the window takes (a session's tickers: most of
     * them trade on every other session too). One block for all of them instead of one every few hundred tickers:
     * a few large allocations instead of a hundred, each of which could start a collection, and after which G1
     * grows the heap. Tickers seen later go to blocks of the usual size. Does nothing once a block exists.
     */
    void sizeFor(String[] names, int n) {
        int accepted = 0;
        for (int i = 0; i < n; i++) {
            accepted += accept.test(names[i]) ? 1 : 0; // outside the lock: the predicate is the caller's code
        }
        synchronized (lock) {
            if (block == null && expected == 0) {
                expected = Math.max(accepted, 1);
            }
        }
    }

    /**
     * Five zeroed columns of {@code length} doubles. The first block holds most of the window (360 MB for 12,000
     * tickers × 750 sessions): zeroing it is memory-bound, and a second core takes half of the columns.
     */
    private static double[][] newBlock(int length) {
        double[][] columns = new double[STORED][];
        if ((long) length * STORED < (1 << 22)) {
            for (int k = 0; k < STORED; k++) {
                columns[k] = new double[length];
            }
            return columns;
        }
        ForkJoinTask<?> half = ForkJoinPool.commonPool().submit(() -> {
            for (int k = STORED / 2; k < STORED; k++) {
                columns[k] = new double[length];
            }
        });
        for (int k = 0; k < STORED / 2; k++) {
            columns[k] = new double[length];
        }
        half.join();
        return columns;
    }

    /** Taken tickers so far. */
    int size() {
        return tickers.size();
    }

    /** How many tickers the slots allocated so far can hold. */
    int room() {
        synchronized (lock) {
            return room;
        }
    }

    /** Tickers per block after the first, and of the first when nothing {@linkplain #sizeFor sized} it. */
    int tickersPerBlock() {
        return perBlock;
    }

    /** The taken ticker {@code id}. */
    Ticker ticker(int id) {
        return tickers.byId(id);
    }

    /** Ids of the taken tickers so far, by name. */
    int[] idsByName() {
        return tickers.idsByName();
    }

    // ------------------------------------------------------------------ writing

    /** Where {@code slot} of a ticker lives in its block's arrays. */
    private static int index(Ticker t, int slot) {
        return index(t.offset, t.stride, slot);
    }

    /** Where {@code slot} lives in a block's arrays, for a ticker at {@code offset} with {@code stride} (both layouts). */
    static int index(int offset, int stride, int slot) {
        return (slot / CHUNK) * stride + offset + (slot % CHUNK);
    }

    /**
     * Writes one price set ({@link #ADJUSTED} or {@link #AS_TRADED}) of {@code t}'s bar in {@code slot}; the
     * as-traded one is kept only if it differs from the adjusted one already there (see the class comment).
     * Returns {@link #KEPT}, or for a ticker that already had this price set in this slot (listed twice in one
     * answer) {@link #DUPLICATE_OF_KEPT} the first time (the kept row is dropped too) and {@link #DUPLICATE} after.
     */
    int put(Ticker t, int slot, int priceSet, double o, double h, double l, double c, double v) {
        if (priceSet == AS_TRADED) {
            int kept = hold(t, slot);
            if (kept == KEPT) {
                putHeld(t, slot, o, h, l, c, v);
            }
            return kept;
        }
        double[][] b = t.block;
        int at = index(t, slot);
        double mark = b[CLOSE][at];
        if (mark != 0) {
            b[CLOSE][at] = -1;
            return mark > 0 ? DUPLICATE_OF_KEPT : DUPLICATE;
        }
        write(b, at, o, h, l, c, v);
        return KEPT;
    }

    /**
     * Notes that {@code t}'s as-traded row of {@code slot} was read and is held by the caller (its session's
     * adjusted answer may still be arriving), to be written by {@link #putHeld}; returns what {@link #put} would.
     */
    int hold(Ticker t, int slot) {
        int at = index(t, slot);
        byte mark = t.traded[at];
        if (mark != 0) {
            t.traded[at] = -1;
            return mark == -1 ? DUPLICATE : DUPLICATE_OF_KEPT;
        }
        t.traded[at] = HELD;
        return KEPT;
    }

    /**
     * Writes a {@linkplain #hold held} as-traded row once the slot's adjusted prices are in: marked {@link #SAME}
     * when equal to them, else kept in the ticker's own columns. Nothing if the ticker was listed twice meanwhile.
     */
    void putHeld(Ticker t, int slot, double o, double h, double l, double c, double v) {
        double[][] b = t.block;
        int at = index(t, slot);
        if (t.traded[at] == HELD) {
            t.traded[at] = b[CLOSE][at] > 0 && b[0][at] == o && b[1][at] == h && b[2][at] == l && b[CLOSE][at] == c
                    && b[4][at] == v ? SAME : own(t, slot, o, h, l, c, v);
        }
    }

    /** Keeps as-traded prices that differ from the adjusted ones in {@code t}'s own columns; returns {@link #OWN}. */
    private byte own(Ticker t, int slot, double o, double h, double l, double c, double v) {
        Ticker.OwnSlots own = ownSlots(t);
        write(own.block(), own.index(slot), o, h, l, c, v);
        return OWN;
    }

    /** Writes one bar's price set at {@code at} of the block {@code b}. */
    private static void write(double[][] b, int at, double o, double h, double l, double c, double v) {
        b[0][at] = o;
        b[1][at] = h;
        b[2][at] = l;
        b[CLOSE][at] = c;
        b[4][at] = v;
    }

    /** {@code t}'s own as-traded slots, placed on first need (sessions of one ticker may be written concurrently). */
    private Ticker.OwnSlots ownSlots(Ticker t) {
        Ticker.OwnSlots own = t.ownAsTraded();
        if (own != null) {
            return own;
        }
        synchronized (lock) {
            own = t.ownAsTraded();
            if (own == null) {
                if (ownBlock == null || ownBlockUsed == ownBlockTickers) {
                    ownBlockTickers = perBlock;
                    ownBlock = newBlock(ownBlockTickers * capacity);
                    ownBlockUsed = 0;
                }
                own = new Ticker.OwnSlots(ownBlock, CHUNK * ownBlockUsed++, CHUNK * ownBlockTickers);
                t.ownAsTraded(own);
            }
            return own;
        }
    }

    /** Forgets one price set of every ticker in {@code slot} (an answer about to be read again). */
    void clear(int slot, int priceSet) {
        TickerTable.Taken taken = tickers.taken();
        for (int id = 0; id < taken.size(); id++) {
            Ticker t = taken.byId()[id];
            if (priceSet == AS_TRADED) {
                t.traded[index(t, slot)] = 0;
            } else {
                t.block[CLOSE][index(t, slot)] = 0;
            }
        }
    }

    /** Whether ticker {@code t} has a bar (both price sets) in {@code slot}. */
    boolean has(Ticker t, int slot) {
        int at = index(t, slot);
        return t.block[ADJUSTED + CLOSE][at] > 0 && t.traded[at] > 0;
    }

    /**
     * Column {@code k} ({@code 0 ≤ k < }{@link #COLUMNS}) of {@code t}'s bar in {@code slot}; an as-traded price
     * set not there (or held) reads 0, and its close -1 when it was listed twice.
     */
    double value(Ticker t, int k, int slot) {
        int at = index(t, slot);
        if (k < AS_TRADED) {
            return t.block[k][at];
        }
        byte where = t.traded[at];
        return where == SAME ? t.block[k - AS_TRADED][at]
                : where == OWN ? t.ownAsTraded().block()[k - AS_TRADED][t.ownAsTraded().index(slot)]
                : k == AS_TRADED + CLOSE && where == -1 ? -1 : 0;
    }

    /**
     * Copies sessions of a cache into {@code m} consecutive slots from {@code firstSlot}, all in one chunk of
     * sixteen: session {@code s} has {@code rows[s]} rows, row {@code r} is ticker {@code tickers[s][r]} with
     * column {@code k} at {@code columns[s][k][r]}; rows of rejected tickers are skipped. Column by column, session
     * by session: one column of one chunk of every ticker is a narrow band of memory that stays in the cache while
     * the sixteen sessions are written into it. {@code where} is scratch: {@code m} arrays of at least
     * {@code rows[s]} ints.
     */
    void copyIn(int firstSlot, int m, int[] rows, Ticker[][] tickers, double[][][] columns, int[][] where) {
        if (firstSlot % CHUNK != 0 || m > CHUNK) {
            throw new IllegalArgumentException("slots " + firstSlot + "+" + m + " are not within one chunk");
        }
        double[][][] oneBlock = new double[m][][]; // per session: the block all its rows are in, if they share one
        for (int s = 0; s < m; s++) {
            Ticker[] ts = tickers[s];
            int[] at = where[s];
            double[][] shared = null;
            boolean one = true;
            for (int r = 0; r < rows[s]; r++) {
                Ticker t = ts[r];
                at[r] = t.accepted() ? index(t, firstSlot + s) : -1;
                if (t.accepted()) {
                    one &= shared == null || shared == t.block;
                    shared = t.block;
                }
            }
            oneBlock[s] = one ? shared : null;
        }
        for (int k = 0; k < STORED; k++) {
            for (int s = 0; s < m; s++) {
                int[] at = where[s];
                double[] from = columns[s][k];
                int n = rows[s];
                if (oneBlock[s] != null) { // the usual case, once the first session has sized the store
                    double[] to = oneBlock[s][k];
                    for (int r = 0; r < n; r++) {
                        if (at[r] >= 0) {
                            to[at[r]] = from[r];
                        }
                    }
                } else {
                    Ticker[] ts = tickers[s];
                    for (int r = 0; r < n; r++) {
                        if (at[r] >= 0) {
                            ts[r].block[k][at[r]] = from[r];
                        }
                    }
                }
            }
        }
        for (int s = 0; s < m; s++) { // as traded: kept only where it differs from the row's adjusted prices
            int[] at = where[s];
            double[][] x = columns[s];
            Ticker[] ts = tickers[s];
            for (int r = 0; r < rows[s]; r++) {
                if (at[r] >= 0) {
                    double o = x[5][r], h = x[6][r], l = x[7][r], c = x[8][r], v = x[9][r];
                    ts[r].traded[at[r]] = c <= 0 ? 0
                            : o == x[0][r] && h == x[1][r] && l == x[2][r] && c == x[3][r] && v == x[4][r] ? SAME
                            : own(ts[r], firstSlot + s, o, h, l, c, v);
                }
            }
        }
    }

    // ------------------------------------------------------------------ reading back, once every writer is done

    /** Ids of the tickers with at least one bar, by name, once every bar is in place. */
    int[] tickersWithBars() {
        int[] ids = idsByName();
        Ticker[] all = tickers.taken().byId();
        int n = 0;
        int[] out = new int[ids.length];
        for (int id : ids) {
            if (hasAny(all[id])) {
                out[n++] = id;
            }
        }
        return Arrays.copyOf(out, n);
    }

    private boolean hasAny(Ticker t) {
        for (int slot = 0; slot < days.length; slot++) {
            if (has(t, slot)) {
                return true;
            }
        }
        return false;
    }

    /** Bars of {@code t}: slots holding both price sets. */
    private int count(Ticker t) {
        double[] adjusted = t.block[ADJUSTED + CLOSE];
        byte[] traded = t.traded;
        int n = 0;
        for (int slot = 0; slot < days.length; slot += CHUNK) {
            int at = index(t, slot), len = Math.min(CHUNK, days.length - slot);
            for (int s = 0; s < len; s++) {
                if (adjusted[at + s] > 0 && traded[at + s] > 0) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Drops every bar of a ticker (its adjusted history could not be trusted). */
    void drop(Ticker t) {
        for (int slot = 0; slot < days.length; slot++) {
            t.block[ADJUSTED + CLOSE][index(t, slot)] = 0;
        }
    }

    /**
     * Replaces the adjusted prices of {@code t}'s bars dated within the override's range; a bar the override
     * lacks is dropped (a bar needs both price sets). As-traded prices that were the adjusted ones are kept first.
     */
    void apply(Ticker t, AdjustedOverride o) {
        for (int slot = 0; slot < days.length; slot++) {
            int d = days[slot];
            if (d < o.fromDay() || d > o.toDay() || !has(t, slot)) {
                continue;
            }
            int at = index(t, slot);
            if (t.traded[at] == SAME) {
                double[][] b = t.block;
                t.traded[at] = own(t, slot, b[0][at], b[1][at], b[2][at], b[CLOSE][at], b[4][at]);
            }
            int j = Arrays.binarySearch(o.days(), d);
            if (j < 0) {
                t.block[ADJUSTED + CLOSE][at] = 0;
            } else {
                for (int k = 0; k < 5; k++) {
                    t.block[ADJUSTED + k][at] = o.columns()[k][j];
                }
            }
        }
    }

    /**
     * A copy of ticker {@code id}'s bars; thread-safe once loading is over. A ticker whose as-traded prices all
     * equal its adjusted ones gets one set of arrays for both, as {@link BarSeries#adjustedOnly} does.
     */
    BarSeries series(int id) {
        Ticker t = tickers.byId(id);
        int n = count(t);
        int[] d = new int[n];
        Ticker.OwnSlots own = t.ownAsTraded();
        double[][] c = new double[own == null ? STORED : COLUMNS][n];
        double[] adjusted = t.block[ADJUSTED + CLOSE];
        byte[] traded = t.traded;
        boolean everySession = n == days.length;
        int i = 0;
        for (int slot = 0; slot < days.length; slot += CHUNK) {
            int len = Math.min(CHUNK, days.length - slot), at = index(t, slot);
            if (everySession) { // the usual case: whole runs, column by column
                System.arraycopy(days, slot, d, i, len);
                for (int k = 0; k < STORED; k++) {
                    System.arraycopy(t.block[k], at, c[k], i, len);
                }
                i += len;
                continue;
            }
            for (int s = 0; s < len; s++) {
                if (adjusted[at + s] > 0 && traded[at + s] > 0) {
                    d[i] = days[slot + s];
                    for (int k = 0; k < STORED; k++) {
                        c[k][i] = t.block[k][at + s];
                    }
                    i++;
                }
            }
        }
        if (own == null) {
            return BarSeries.adjustedOnly(t.name, d, c[0], c[1], c[2], c[3], c[4]);
        }
        i = 0;
        for (int slot = 0; slot < days.length; slot++) {
            int at = index(t, slot);
            if (adjusted[at] > 0 && traded[at] > 0) {
                for (int k = 0; k < STORED; k++) {
                    c[AS_TRADED + k][i] = traded[at] == SAME ? c[k][i] : own.block()[k][own.index(slot)];
                }
                i++;
            }
        }
        return new BarSeries(t.name, d, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]);
    }

    /** The name of ticker {@code id}. */
    String name(int id) {
        return tickers.byId(id).name;
    }
}
