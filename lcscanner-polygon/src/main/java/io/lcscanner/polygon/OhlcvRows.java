package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
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

    /** The row last read by {@link #readBar}: NaN, {@code Long.MIN_VALUE} or null where a field is absent. */
    String barTicker;
    double barOpen, barHigh, barLow, barClose, barVolume;
    long barStart;

    OhlcvRows(int capacity) {
        open = new double[capacity];
        high = new double[capacity];
        low = new double[capacity];
        close = new double[capacity];
        volume = new double[capacity];
    }

    /** Reads one bar object of an aggregates answer ({@code T o h l c v t}; others skipped) into the bar fields. */
    final void readBar(JsonParser p) throws IOException {
        barTicker = null;
        barOpen = barHigh = barLow = barClose = barVolume = Double.NaN;
        barStart = Long.MIN_VALUE;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken val = p.nextToken();
            switch (name) {
                case "T" -> barTicker = Json.text(p, val);
                case "o" -> barOpen = Json.number(p, val);
                case "h" -> barHigh = Json.number(p, val);
                case "l" -> barLow = Json.number(p, val);
                case "c" -> barClose = Json.number(p, val);
                case "v" -> barVolume = Json.number(p, val);
                case "t" -> barStart = val == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : Long.MIN_VALUE;
                default -> p.skipChildren();
            }
        }
    }

    /** Finite positive prices, high ≥ low, finite non-negative volume: the bar last read can be kept. */
    final boolean barPricesValid() {
        return barOpen > 0 && barHigh > 0 && barLow > 0 && barClose > 0 && barOpen < Double.POSITIVE_INFINITY
                && barHigh < Double.POSITIVE_INFINITY && barClose < Double.POSITIVE_INFINITY && barHigh >= barLow
                && barVolume >= 0 && barVolume < Double.POSITIVE_INFINITY;
    }

    /** Appends the bar last read, its key already stored at index {@link #size} by the subclass. */
    final void appendBar() {
        appendPrices(barOpen, barHigh, barLow, barClose, barVolume);
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
