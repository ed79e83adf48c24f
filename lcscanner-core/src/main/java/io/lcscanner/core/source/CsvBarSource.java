package io.lcscanner.core.source;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Daily bars from a CSV file (format of {@code docs/golden/README.md}): a header, columns by name,
 * {@code ticker,date,open,high,low,close,volume} required, {@code open_ua,high_ua,low_ua,close_ua,volume_ua}
 * optional (all or none; without them the adjusted values serve for both). Rows may come in any order.
 * A gzipped file ({@code bars.csv.gz}) is read as it is.
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
        try (Reader reader = new BufferedReader(new InputStreamReader(openMaybeGzipped(file), StandardCharsets.UTF_8), 1 << 16);
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

    /** The file's bytes, decompressed when it is gzipped (by its magic number, whatever its name). */
    static InputStream openMaybeGzipped(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
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

    /** Growable row storage: ticker id, day and line of each row, its values in a flat double array. */
    private final class Rows {
        private int[] tickerIds = new int[1024];
        private int[] days = new int[1024];
        private int[] lines = new int[1024];
        private double[] values = new double[1024 * 10];
        private int n;

        void add(int tickerId, int day, int line, double[] v) {
            if (n == days.length) {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8, 2L * n);
                if (capacity <= n || (long) capacity * 10 > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException(file + ": more rows than fit in one scan (" + n + ")");
                }
                tickerIds = Arrays.copyOf(tickerIds, capacity);
                days = Arrays.copyOf(days, capacity);
                lines = Arrays.copyOf(lines, capacity);
                values = Arrays.copyOf(values, capacity * 10);
            }
            tickerIds[n] = tickerId;
            days[n] = day;
            lines[n] = line;
            System.arraycopy(v, 0, values, n * 10, 10);
            n++;
        }

        /**
         * Groups the rows by ticker (a counting sort, stable), then sorts each ticker's rows by date. Within
         * a ticker the sort key is the day in the high 32 bits and the row index in the low 32, so any row
         * count an array can hold sorts correctly and a duplicate date is found next to its twin.
         */
        List<BarSeries> toSeries(List<String> tickerNames) {
            int tickers = tickerNames.size();
            int[] start = new int[tickers + 1];
            for (int i = 0; i < n; i++) {
                start[tickerIds[i] + 1]++;
            }
            for (int t = 0; t < tickers; t++) {
                start[t + 1] += start[t];
            }
            int[] next = Arrays.copyOf(start, tickers);
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[next[tickerIds[i]]++] = ((long) days[i] << 32) | i;
            }
            List<BarSeries> out = new ArrayList<>(tickers);
            for (int t = 0; t < tickers; t++) {
                int from = start[t], m = start[t + 1] - from;
                Arrays.sort(keys, from, from + m);
                int[] seriesDays = new int[m];
                double[][] cols = new double[10][m];
                for (int j = 0; j < m; j++) {
                    int row = (int) keys[from + j];
                    seriesDays[j] = days[row];
                    if (j > 0 && seriesDays[j] == seriesDays[j - 1]) {
                        int prevRow = (int) keys[from + j - 1];
                        int first = Math.min(lines[prevRow], lines[row]), second = Math.max(lines[prevRow], lines[row]);
                        throw bad(second, "duplicate bar for (" + tickerNames.get(t) + ", "
                                + LocalDate.ofEpochDay(seriesDays[j]) + "), first at line " + first);
                    }
                    for (int k = 0; k < 10; k++) {
                        cols[k][j] = values[row * 10 + k];
                    }
                }
                out.add(new BarSeries(tickerNames.get(t), seriesDays, cols[0], cols[1], cols[2], cols[3], cols[4],
                        cols[5], cols[6], cols[7], cols[8], cols[9]));
            }
            return out;
        }
    }
}
