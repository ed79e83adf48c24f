package io.lcscanner.polygon;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The tickers of one window by name, looked up straight from the JSON parser's characters or a cache file's bytes:
 * a known ticker costs a hash and a compare, with no String and no lock. A ticker seen for the first time is
 * registered under the table's lock: the window's predicate is asked (outside the lock: it is the caller's code),
 * and a taken ticker gets the next id and its slots from the {@link Placement}.
 *
 * <p>Open addressing, read without the lock: a reader that misses a ticker added meanwhile, or reads a table
 * replaced meanwhile, looks again under the lock. {@link Ticker}s are immutable, so a racy read sees them whole.
 */
final class TickerTable {
    /** Where the slots of a newly taken ticker are; called under the table's lock, ids in order. */
    @FunctionalInterface
    interface Placement {
        Ticker place(String name, int hash, int id);
    }

    private final Predicate<String> accept;
    private final Placement placement;
    private volatile Ticker[] table = new Ticker[1024];
    private int used; // guarded by this
    private Ticker[] byId = new Ticker[256]; // guarded by this
    private int size; // guarded by this
    private int[] sorted = new int[0]; // ids by name, guarded by this

    TickerTable(Predicate<String> accept, Placement placement) {
        this.accept = accept;
        this.placement = placement;
    }

    /** The ticker spelled by {@code c[off, off + len)} (printable ASCII), registered on first sight. */
    Ticker ticker(char[] c, int off, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + c[off + i];
        }
        h = spread(h);
        Ticker[] t = table;
        int mask = t.length - 1;
        for (int i = h & mask; t[i] != null; i = (i + 1) & mask) {
            if (t[i].hash == h && t[i].spells(c, off, len)) {
                return t[i];
            }
        }
        return register(new String(c, off, len), h);
    }

    /** The ticker spelled by the ASCII bytes {@code b[off, off + len)}, registered on first sight. */
    Ticker ticker(byte[] b, int off, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + (b[off + i] & 0xff);
        }
        h = spread(h);
        Ticker[] t = table;
        int mask = t.length - 1;
        for (int i = h & mask; t[i] != null; i = (i + 1) & mask) {
            if (t[i].hash == h && t[i].spells(b, off, len)) {
                return t[i];
            }
        }
        return register(new String(b, off, len, StandardCharsets.ISO_8859_1), h);
    }

    /** The ticker named {@code name}, registered on first sight. */
    Ticker ticker(String name) {
        Ticker known = lookUp(name, table);
        return known != null ? known : register(name, spread(name.hashCode()));
    }

    /** The taken ticker named {@code name}, or null; does not register. */
    synchronized Ticker find(String name) {
        Ticker t = lookUp(name, table);
        return t != null && t.accepted() ? t : null;
    }

    private static Ticker lookUp(String name, Ticker[] t) {
        int h = spread(name.hashCode());
        int mask = t.length - 1;
        for (int i = h & mask; t[i] != null; i = (i + 1) & mask) {
            if (t[i].hash == h && t[i].name.equals(name)) {
                return t[i];
            }
        }
        return null;
    }

    /**
     * String's hash (the loops above compute the same), scrambled: tickers are short and alike, and their String
     * hashes run in sequence, which would pile them up in one long run of the table.
     */
    private static int spread(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 15);
    }

    private Ticker register(String name, int hash) {
        boolean taken = accept.test(name);
        synchronized (this) {
            Ticker[] t = table;
            int mask = t.length - 1;
            int i = hash & mask;
            for (; t[i] != null; i = (i + 1) & mask) {
                if (t[i].hash == hash && t[i].name.equals(name)) {
                    return t[i];
                }
            }
            Ticker e;
            if (taken) {
                e = placement.place(name, hash, size);
                if (size == byId.length) {
                    byId = Arrays.copyOf(byId, 2 * size);
                }
                byId[size++] = e;
            } else {
                e = Ticker.rejected(name, hash);
            }
            t[i] = e;
            if (++used * 2 > t.length) {
                Ticker[] bigger = new Ticker[2 * t.length];
                for (Ticker x : t) {
                    if (x != null) {
                        int j = x.hash & (bigger.length - 1);
                        while (bigger[j] != null) {
                            j = (j + 1) & (bigger.length - 1);
                        }
                        bigger[j] = x;
                    }
                }
                table = bigger;
            }
            return e;
        }
    }

    /** Taken tickers so far. */
    synchronized int size() {
        return size;
    }

    /** The taken ticker {@code id}. */
    synchronized Ticker byId(int id) {
        return byId[id];
    }

    /** The taken tickers so far: ids {@code 0 .. size - 1} of {@code byId}, entries that never change. */
    record Taken(Ticker[] byId, int size) {
    }

    synchronized Taken taken() {
        return new Taken(byId, size);
    }

    /** Ids of the taken tickers so far, by name. */
    synchronized int[] idsByName() {
        if (sorted.length != size) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Ticker[] all = byId;
            Arrays.sort(order, (a, b) -> all[a].name.compareTo(all[b].name));
            sorted = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        }
        return sorted;
    }
}
