package io.lcscanner.core.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger log = LoggerFactory.getLogger(CsvBarSource.class);

    private final Path file;
    private final CsvCache cache;
    private final int chunkBytes;
    private final int threads;
    private volatile Loaded bars;

    /**
     * A source reading {@code file}, without a columnar cache.
     *
     * @throws IllegalArgumentException naming the file when it does not exist or is not a regular file
     */
    public CsvBarSource(Path file) {
        this(file, null);
    }

    /**
     * A source reading {@code file} that keeps a columnar copy of it under {@code cacheDir} (null: none) after its first
     * read, and reads that copy instead while the file's size, modification time and content hash are unchanged.
     *
     * @throws IllegalArgumentException naming the file when it does not exist or is not a regular file
     */
    public CsvBarSource(Path file, Path cacheDir) {
        this(file, cacheDir, CsvReader.DEFAULT_CHUNK_BYTES, Runtime.getRuntime().availableProcessors());
    }

    /** A source reading in chunks of {@code chunkBytes} on {@code threads} parser threads (tests use tiny chunks). */
    CsvBarSource(Path file, Path cacheDir, int chunkBytes, int threads) {
        this.file = Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        this.cache = cacheDir == null ? null : new CsvCache(file, cacheDir);
        this.chunkBytes = chunkBytes;
        this.threads = threads;
    }

    /** The parsed file and its warnings. */
    private record Loaded(InMemoryBarSource bars, List<String> warnings) {
    }

    @Override
    public String description() {
        return "csv:" + file;
    }

    @Override
    public Universe universe() throws IOException {
        return load().bars.universe();
    }

    @Override
    public Window open(LocalDate from, LocalDate to, Predicate<String> tickers, LoadListener listener) throws IOException {
        Loaded loaded = load();
        Window window = loaded.bars.open(from, to, tickers, listener);
        if (loaded.warnings.isEmpty()) {
            return window;
        }
        return new Window() {
            @Override
            public int tickerCount() {
                return window.tickerCount();
            }

            @Override
            public String ticker(int index) {
                return window.ticker(index);
            }

            @Override
            public BarSeries series(int index) {
                return window.series(index);
            }

            @Override
            public List<String> warnings() {
                return loaded.warnings;
            }
        };
    }

    /** The parsed file, read on first use and kept. */
    private Loaded load() throws IOException {
        Loaded result = bars;
        if (result == null) {
            synchronized (this) {
                result = bars;
                if (result == null) {
                    bars = result = read();
                }
            }
        }
        return result;
    }

    /**
     * The cached copy when it matches the file, else the file read, checked and split by ticker (chunks of lines
     * parsed in parallel, see {@link CsvReader}) and then cached.
     */
    private Loaded read() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        CsvCache.Stamp stamp = cache == null ? null : cache.stamp();
        if (stamp != null) {
            CsvReader.Bars cached = cache.read(stamp);
            if (cached != null) {
                return new Loaded(new InMemoryBarSource(description(), cached.series()), cached.warnings());
            }
        }
        CsvReader.Bars parsed = new CsvReader(file, chunkBytes, threads).read();
        Loaded loaded = new Loaded(new InMemoryBarSource(description(), parsed.series()), parsed.warnings());
        if (stamp != null) {
            try {
                // a file changed while it was read is not cached: its next read parses it again
                BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class);
                if (now.size() == stamp.size()
                        && now.lastModifiedTime().to(TimeUnit.NANOSECONDS) == stamp.mtimeNanos()) {
                    cache.write(stamp, loaded.bars.series(), loaded.warnings);
                }
            } catch (IOException e) {
                log.warn("{}: no columnar copy kept in {}: {}", file, cache.file().getParent(), e.getMessage());
            }
        }
        return loaded;
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
