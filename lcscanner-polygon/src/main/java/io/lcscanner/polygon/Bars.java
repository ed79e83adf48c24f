package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** What makes a bar from Polygon usable: historic answers hold garbage rows, which are skipped and counted. */
final class Bars {
    private Bars() {
    }

    /** Finite positive prices, high ≥ low, finite non-negative volume (NaN, for a missing field, fails). */
    static boolean valid(double open, double high, double low, double close, double volume) {
        return open > 0 && high > 0 && low > 0 && close > 0 && open < Double.POSITIVE_INFINITY
                && high < Double.POSITIVE_INFINITY && close < Double.POSITIVE_INFINITY && high >= low
                && volume >= 0 && volume < Double.POSITIVE_INFINITY;
    }

    /**
     * One aggregate bar's fields as Polygon spells them in every bar answer ({@code o h l c v t}), read into a
     * holder reused row after row: no object per row. Missing fields stay NaN ({@code t}: {@code Long.MIN_VALUE}).
     */
    static final class Row {
        double open, high, low, close, volume;
        long start;

        void clear() {
            open = high = low = close = volume = Double.NaN;
            start = Long.MIN_VALUE;
        }

        /** Reads the value of field {@code name} if it is a bar field; false, with nothing read, if not. */
        boolean read(String name, JsonParser p, JsonToken value) throws IOException {
            switch (name) {
                case "o" -> open = Json.number(p, value);
                case "h" -> high = Json.number(p, value);
                case "l" -> low = Json.number(p, value);
                case "c" -> close = Json.number(p, value);
                case "v" -> volume = Json.number(p, value);
                case "t" -> start = Json.integer(p, value);
                default -> {
                    return false;
                }
            }
            return true;
        }

        boolean valid() {
            return Bars.valid(open, high, low, close, volume);
        }
    }
}
