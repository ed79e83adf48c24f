package io.lcscanner.core.source;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Daily bars from a CSV file (format of {@code shared/golden/README.md}): a header, columns by name,
 * {@code ticker,date,open,high,low,close,volume} required, {@code open_ua,high_ua,low_ua,close_ua,volume_ua}
 * optional (all or none; without them the adjusted values serve for both). Rows may come in any order.
 *
 * <p>The file is read and validated once, on first use; bad data fails with an
 * {@link IllegalArgumentException} naming the file, the line and the problem.
 */
public final class CsvBarSource implements BarSource {
    private static final String[] REQUIRED = {"ticker", "date", "open", "high", "low", "close", "volume"};
    private static final String[] AS_TRADED = {"open_ua", "high_ua", "low_ua", "close_ua", "volume_ua"};

    private final Path file;
    private volatile InMemoryBarSource bars;

    public CsvBarSource(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    @Override
    public String description() {
        return "csv:" + file;
    }

    @Override
    public Universe universe() throws IOException {
        return load().universe();
    }

    @Override
    public Window open(LocalDate from, LocalDate to, Predicate<String> tickers, LoadListener listener) throws IOException {
        return load().open(from, to, tickers, listener);
    }

    /** The parsed file, read on first use and kept. */
    private InMemoryBarSource load() throws IOException {
        InMemoryBarSource result = bars;
        if (result == null) {
            synchronized (this) {
                result = bars;
                if (result == null) {
                    bars = result = new InMemoryBarSource(description(), read());
                }
            }
        }
        return result;
    }

    /** Reads every row into row-ordered primitive arrays, then sorts and splits them per ticker. */
    private List<BarSeries> read() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        Rows rows = new Rows();
        Map<String, Integer> tickerIds = new HashMap<>();
        List<String> tickerNames = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Map<String, Integer> header = parser.getHeaderMap();
            for (String column : REQUIRED) {
                if (!header.containsKey(column)) {
                    throw new IllegalArgumentException(file + " line 1: missing required column \"" + column + "\"");
                }
            }
            int uaPresent = 0;
            for (String column : AS_TRADED) {
                uaPresent += header.containsKey(column) ? 1 : 0;
            }
            if (uaPresent != 0 && uaPresent != AS_TRADED.length) {
                throw new IllegalArgumentException(file + " line 1: as-traded columns must all be present or all absent ("
                        + String.join(",", AS_TRADED) + ")");
            }
            boolean hasUa = uaPresent == AS_TRADED.length;
            int[] idx = new int[12];
            for (int k = 0; k < REQUIRED.length; k++) {
                idx[k] = header.get(REQUIRED[k]);
            }
            for (int k = 0; k < AS_TRADED.length; k++) {
                idx[7 + k] = hasUa ? header.get(AS_TRADED[k]) : idx[2 + k];
            }
            double[] values = new double[10];
            for (CSVRecord record : parser) {
                long line = parser.getCurrentLineNumber();
                if ((line & 1023) == 0 && Thread.currentThread().isInterrupted()) {
                    throw new IOException("reading " + file + " was interrupted");
                }
                if (record.size() < header.size()) {
                    throw bad(line, "expected " + header.size() + " fields, found " + record.size());
                }
                String ticker = record.get(idx[0]);
                if (ticker.isEmpty()) {
                    throw bad(line, "empty ticker");
                }
                int day;
                String date = record.get(idx[1]);
                try {
                    day = epochDay(date);
                } catch (DateTimeParseException e) {
                    throw bad(line, "unparsable date \"" + date + "\" in column date (expected YYYY-MM-DD)");
                }
                for (int k = 0; k < 10; k++) {
                    int col = idx[2 + k];
                    String name = k < 5 ? REQUIRED[2 + k] : AS_TRADED[k - 5];
                    String text = record.get(col);
                    double x;
                    try {
                        x = Double.parseDouble(text);
                    } catch (NumberFormatException e) {
                        throw bad(line, "unparsable number \"" + text + "\" in column " + name);
                    }
                    if (!Double.isFinite(x)) {
                        throw bad(line, "non-finite number \"" + text + "\" in column " + name);
                    }
                    values[k] = x;
                }
                if (!(values[1] >= values[2])) {
                    throw bad(line, "high < low (" + values[1] + " < " + values[2] + ")");
                }
                if (!(values[4] >= 0)) {
                    throw bad(line, "negative volume " + values[4]);
                }
                if (hasUa) {
                    if (!(values[6] >= values[7])) {
                        throw bad(line, "high_ua < low_ua (" + values[6] + " < " + values[7] + ")");
                    }
                    if (!(values[9] >= 0)) {
                        throw bad(line, "negative volume_ua " + values[9]);
                    }
                }
                Integer id = tickerIds.get(ticker);
                if (id == null) {
                    id = tickerNames.size();
                    tickerIds.put(ticker, id);
                    tickerNames.add(ticker);
                }
                rows.add(id, day, (int) line, values);
            }
        }
        return rows.toSeries(tickerNames);
    }

    /** {@code LocalDate.parse(text).toEpochDay()}, without the formatter for the plain YYYY-MM-DD form. */
    static int epochDay(String text) {
        if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
            int y = digits(text, 0, 4), m = digits(text, 5, 7), d = digits(text, 8, 10);
            if (y >= 0 && m >= 0 && d >= 0) {
                try {
                    return (int) LocalDate.of(y, m, d).toEpochDay();
                } catch (java.time.DateTimeException invalid) {
                    // e.g. 2024-02-30: let the formatter report it
                }
            }
        }
        return (int) LocalDate.parse(text).toEpochDay();
    }

    /** The decimal number in text[from, to), or −1 if a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private IllegalArgumentException bad(long line, String problem) {
        return new IllegalArgumentException(file + " line " + line + ": " + problem);
    }

    /** Growable row storage: one long sort key per row, values in a flat double array. */
    private final class Rows {
        private long[] keys = new long[1024];
        private int[] lines = new int[1024];
        private double[] values = new double[1024 * 10];
        private int n;

        void add(int tickerId, int day, int line, double[] v) {
            if (n == keys.length) {
                keys = Arrays.copyOf(keys, n * 2);
                lines = Arrays.copyOf(lines, n * 2);
                values = Arrays.copyOf(values, n * 20);
            }
            // key sorts by ticker id, then day; the row index rides in the low bits
            keys[n] = ((long) tickerId << 42) | ((long) (day + (1 << 20)) << 21) | n;
            lines[n] = line;
            System.arraycopy(v, 0, values, n * 10, 10);
            n++;
        }

        List<BarSeries> toSeries(List<String> tickerNames) {
            if (n >= (1 << 21)) {
                return toSeriesSlow(tickerNames);
            }
            long[] sorted = Arrays.copyOf(keys, n);
            Arrays.sort(sorted);
            return build(tickerNames, sorted, k -> (int) (k & ((1 << 21) - 1)));
        }

        private List<BarSeries> toSeriesSlow(List<String> tickerNames) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(keys[a] >>> 21, keys[b] >>> 21));
            long[] sorted = new long[n];
            for (int i = 0; i < n; i++) {
                sorted[i] = order[i];
            }
            return build(tickerNames, sorted, k -> (int) k);
        }

        private List<BarSeries> build(List<String> tickerNames, long[] sorted, java.util.function.LongToIntFunction rowOf) {
            List<BarSeries> out = new ArrayList<>(tickerNames.size());
            int start = 0;
            while (start < n) {
                int id = (int) (keys[rowOf.applyAsInt(sorted[start])] >>> 42);
                int end = start;
                while (end < n && (int) (keys[rowOf.applyAsInt(sorted[end])] >>> 42) == id) {
                    end++;
                }
                int m = end - start;
                int[] days = new int[m];
                double[][] cols = new double[10][m];
                for (int j = 0; j < m; j++) {
                    int row = rowOf.applyAsInt(sorted[start + j]);
                    days[j] = (int) ((keys[row] >>> 21) & ((1 << 21) - 1)) - (1 << 20);
                    if (j > 0 && days[j] == days[j - 1]) {
                        int prevRow = rowOf.applyAsInt(sorted[start + j - 1]);
                        int first = Math.min(lines[prevRow], lines[row]), second = Math.max(lines[prevRow], lines[row]);
                        throw bad(second, "duplicate bar for (" + tickerNames.get(id) + ", " + LocalDate.ofEpochDay(days[j])
                                + "), first at line " + first);
                    }
                    for (int k = 0; k < 10; k++) {
                        cols[k][j] = values[row * 10 + k];
                    }
                }
                out.add(new BarSeries(tickerNames.get(id), days, cols[0], cols[1], cols[2], cols[3], cols[4],
                        cols[5], cols[6], cols[7], cols[8], cols[9]));
                start = end;
            }
            return out;
        }
    }
}
