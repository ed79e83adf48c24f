package io.lcscanner.core.source;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of a bars CSV: which field holds the ticker, the date and each of the ten values. Columns are found
 * by name (trimmed), in any order; unknown columns are ignored.
 */
final class CsvHeader {
    static final String[] REQUIRED = {"ticker", "date", "open", "high", "low", "close", "volume"};
    static final String[] AS_TRADED = {"open_ua", "high_ua", "low_ua", "close_ua", "volume_ua"};
    /** What a field holds: {@link #IGNORED}, {@link #TICKER}, {@link #DATE} or {@link #VALUE} + k (k = 0…9). */
    static final byte IGNORED = -1, TICKER = 0, DATE = 1, VALUE = 2;

    /** Fields a row must have: as many as the header. */
    final int fields;
    /** Per field, what it holds. */
    final byte[] roles;
    /** The header's names, by field. */
    final String[] names;
    /** Field of the ticker, of the date, of value k (0…4 adjusted, 5…9 as-traded = adjusted without them). */
    final int tickerField, dateField;
    final int[] valueFields = new int[10];
    /** Whether the file has its own as-traded columns; values per row stored: 10, else 5. */
    final boolean hasAsTraded;
    final int stride;

    /**
     * @param names the header record's fields, trimmed
     * @throws IllegalArgumentException naming the column and the problem (the caller adds file and line)
     */
    CsvHeader(List<String> names) {
        this.fields = names.size();
        this.names = names.toArray(String[]::new);
        Map<String, Integer> index = new HashMap<>();
        for (int f = 0; f < fields; f++) {
            if (!this.names[f].isEmpty() && index.putIfAbsent(this.names[f], f) != null) {
                throw new IllegalArgumentException("duplicate column \"" + this.names[f] + "\"");
            }
        }
        if (fields == 0 || fields == 1 && this.names[0].isEmpty()) {
            throw new IllegalArgumentException("no header (the file is empty); expected " + EXPECTED);
        }
        for (String column : REQUIRED) {
            if (!index.containsKey(column)) {
                String delimiter = fields == 1 ? otherDelimiter(this.names[0]) : null;
                throw new IllegalArgumentException(delimiter != null
                        ? "the header is separated by " + delimiter + ", not by commas; expected " + EXPECTED
                        : "missing required column \"" + column + "\"; expected " + EXPECTED);
            }
        }
        StringBuilder present = new StringBuilder(), absent = new StringBuilder();
        for (String column : AS_TRADED) {
            StringBuilder list = index.containsKey(column) ? present : absent;
            list.append(list.length() == 0 ? "" : ", ").append(column);
        }
        if (present.length() > 0 && absent.length() > 0) {
            throw new IllegalArgumentException("as-traded columns must all be present or all absent ("
                    + String.join(",", AS_TRADED) + "): has " + present + ", lacks " + absent);
        }
        hasAsTraded = absent.length() == 0;
        stride = hasAsTraded ? 10 : 5;
        roles = new byte[fields];
        Arrays.fill(roles, IGNORED);
        tickerField = index.get("ticker");
        dateField = index.get("date");
        roles[tickerField] = TICKER;
        roles[dateField] = DATE;
        for (int k = 0; k < 10; k++) {
            String column = k < 5 ? REQUIRED[2 + k] : AS_TRADED[k - 5];
            valueFields[k] = k < 5 || hasAsTraded ? index.get(column) : valueFields[k - 5];
            if (k < stride) {
                roles[valueFields[k]] = (byte) (VALUE + k);
            }
        }
    }

    /** The header a file should have, for messages. */
    static final String EXPECTED = "the comma-separated header " + String.join(",", REQUIRED) + " (then optionally "
            + String.join(",", AS_TRADED) + "; other columns are ignored)";

    /** The delimiter a one-field header seems to use instead of commas (";", a tab, "|"), or null. */
    private static String otherDelimiter(String header) {
        for (String[] d : new String[][] {{";", "\";\""}, {"\t", "tabs"}, {"|", "\"|\""}}) {
            if (header.contains(d[0])) {
                return d[1];
            }
        }
        return null;
    }

    /** The column name of value k (0…9). */
    static String valueName(int k) {
        return k < 5 ? REQUIRED[2 + k] : AS_TRADED[k - 5];
    }
}
