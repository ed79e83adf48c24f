package io.lcscanner.polygon;

import java.util.Arrays;

/**
 * Growable open/high/low/close/volume columns filled row by row from a JSON stream: what the
 * grouped-daily and custom-bars readers share. Subclasses add their key column (ticker or start time)
 * and grow it in {@link #growKey}.
 */
abstract class OhlcvRows {
    double[] open, high, low, close, volume;
    int size;
    /** Rows skipped as invalid. */
    int invalid;

    OhlcvRows(int capacity) {
        open = new double[capacity];
        high = new double[capacity];
        low = new double[capacity];
        close = new double[capacity];
        volume = new double[capacity];
    }

    /** Resizes the subclass's key column to {@code capacity}. */
    abstract void growKey(int capacity);

    /** Appends the prices of a row whose key the subclass stores at index {@link #size} before calling. */
    final void appendPrices(double o, double h, double l, double c, double v) {
        open[size] = o;
        high[size] = h;
        low[size] = l;
        close[size] = c;
        volume[size] = v;
        size++;
    }

    /** Makes room for one more row. */
    final void ensureRoom() {
        if (size == open.length) {
            int n = size * 2;
            growKey(n);
            open = Arrays.copyOf(open, n);
            high = Arrays.copyOf(high, n);
            low = Arrays.copyOf(low, n);
            close = Arrays.copyOf(close, n);
            volume = Arrays.copyOf(volume, n);
        }
    }
}
