package io.lcscanner.core.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Daily bars from a CSV file (format of {@code docs/golden/README.md}): a header, columns by name,
 * {@code ticker,date,open,high,low,close,volume} required, {@code open_ua,high_ua,low_ua,close_ua,volume_ua}
 * optional (all or none; without them the adjusted values serve for both); other columns are ignored. Rows may
 * come in any order. Fields may be quoted as RFC 4180 says. A gzipped file ({@code bars.csv.gz}) is read as it is.
 *
 * <p>The file is read and validated once, on first use, on all cores; bad data fails with an
 * {@link IllegalArgumentException} naming the file, the line, the column and the problem.
 */
public final class CsvBarSource implements BarSource {
    private final Path file;
    private final int chunkBytes;
    private final int threads;
    private volatile InMemoryBarSource bars;

    /** @param file a bars CSV (header row, columns by name; gzip if it ends in {@code .gz}), read on first use */
    public CsvBarSource(Path file) {
        this(file, CsvReader.DEFAULT_CHUNK_BYTES, Runtime.getRuntime().availableProcessors());
    }

    /** A source reading in chunks of {@code chunkBytes} on {@code threads} parser threads (tests use tiny chunks). */
    CsvBarSource(Path file, int chunkBytes, int threads) {
        this.file = Objects.requireNonNull(file, "file");
        this.chunkBytes = chunkBytes;
        this.threads = threads;
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

    /** Reads, checks and splits the file by ticker: chunks of lines parsed in parallel (see {@link CsvReader}). */
    private List<BarSeries> read() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        return new CsvReader(file, chunkBytes, threads).read();
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
}
