package io.lcscanner.polygon;

/**
 * A ticker seen in one window, and where its slots are in the {@link ColumnStore}: adjusted column {@code k} of its
 * bar in slot {@code i} is {@code block[k][(i / 16) * stride + offset + i % 16]}, and where its as-traded prices are
 * is {@code traded} at the same index. A ticker the window does not take has no slots ({@code block} null,
 * {@code id} -1); it is kept so the window's predicate is asked once per name.
 */
final class Ticker {
    final String name;
    final int id;
    final double[][] block;
    final byte[] traded;
    final int offset, stride;
    /** {@link TickerTable}'s hash of the name. */
    final int hash;
    /** Where its as-traded prices that differ from the adjusted ones (a split) are kept; null while there are none. */
    private volatile OwnSlots ownAsTraded;

    /**
     * A ticker's own as-traded columns in the store: column {@code k} (o h l c v) of slot {@code i} is
     * {@code block[k][(i / 16) * stride + offset + i % 16]}, the layout of the adjusted columns.
     */
    record OwnSlots(double[][] block, int offset, int stride) {
        int index(int slot) {
            return ColumnStore.index(offset, stride, slot);
        }
    }

    Ticker(String name, int hash, int id, double[][] block, byte[] traded, int offset, int stride) {
        this.name = name;
        this.hash = hash;
        this.id = id;
        this.block = block;
        this.traded = traded;
        this.offset = offset;
        this.stride = stride;
    }

    /** A ticker the window does not take. */
    static Ticker rejected(String name, int hash) {
        return new Ticker(name, hash, -1, null, null, 0, 0);
    }

    /** Its own as-traded columns, or null while every bar's as-traded prices equal the adjusted ones. */
    OwnSlots ownAsTraded() {
        return ownAsTraded;
    }

    /** Sets them, once ({@link ColumnStore} does, under its lock). */
    void ownAsTraded(OwnSlots slots) {
        ownAsTraded = slots;
    }

    boolean accepted() {
        return block != null;
    }

    boolean spells(char[] c, int off, int len) {
        if (name.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (name.charAt(i) != c[off + i]) {
                return false;
            }
        }
        return true;
    }

    boolean spells(byte[] b, int off, int len) {
        if (name.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (name.charAt(i) != (b[off + i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name;
    }
}
