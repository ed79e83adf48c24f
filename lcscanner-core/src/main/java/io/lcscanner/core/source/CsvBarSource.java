package io.lcscanner.core.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.time.LocalDate;
import java.util.Arrays;
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
 * {@link IllegalArgumentException} naming the file, the line, the column and the problem. A price that is zero or
 * negative is bad data; a bar dated on a day without an NYSE session is left out, and the window's
 * {@link Window#warnings()} say how many and which came first. With a cache directory, a columnar copy of the bars is
 * kept after the first read and read instead while the file is unchanged.
 */
public final class CsvBarSource implements BarSource {
    private static final Logger log = LoggerFactory.getLogger(CsvBarSource.class);

    private final Path file;
    private final CsvCache cache;
    private final int chunkBytes;
    private final int threads;
    private volatile Loaded bars;
    /** The thread writing the columnar copy, or null. */
    private volatile Thread copying;

    /**
     * A source reading {@code file}, without a columnar cache.
     *
     * @param file a bars CSV (header row, columns by name; gzip if it ends in {@code .gz}), read on first use
     * @throws IllegalArgumentException naming the file when it does not exist or is not a regular file
     */
    public CsvBarSource(Path file) {
        this(file, null);
    }

    /**
     * A source reading {@code file} that keeps a columnar copy of it under {@code cacheDir} (null: none) after its first
     * read, and reads that copy instead while the file's size, modification time and content hash are unchanged.
     *
     * @param file     a bars CSV (header row, columns by name; gzip if it ends in {@code .gz}), read on first use
     * @param cacheDir where the columnar copy is kept, or {@code null} for none
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
     * parsed in parallel, see {@link CsvReader}); a file read is then copied to the cache in the background.
     */
    private Loaded read() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        if (cache != null) {
            CsvReader.Bars cached = cache.read();
            if (cached != null) {
                return new Loaded(new InMemoryBarSource(description(), cached.series()), cached.warnings());
            }
        }
        long[] before = cache == null ? null : cache.sizeAndTime();
        CsvReader reader = new CsvReader(file, chunkBytes, threads);
        CsvReader.Bars parsed = reader.read();
        Loaded loaded = new Loaded(new InMemoryBarSource(description(), parsed.series()), parsed.warnings());
        if (cache != null) {
            int[] hashes = reader.blockHashes();
            keepCopy(before, hashes == null ? null
                    : new CsvCache.Stamp(before[0], before[1], reader.dataStart(), reader.chunkBytes(), hashes), loaded);
        }
        return loaded;
    }

    /**
     * Writes the columnar copy on a thread of its own, while the scan computes; a hook makes the JVM's exit wait for it
     * (a command-line scan ends with {@code System.exit}). The content is stamped as the parse read it (a plain file),
     * or hashed again (a gzipped one); a file that changed while it was read is not copied.
     */
    private void keepCopy(long[] before, CsvCache.Stamp parsedStamp, Loaded loaded) {
        Thread[] exitHook = new Thread[1];
        Thread writer = new Thread(() -> {
            try {
                CsvCache.Stamp stamp = parsedStamp != null ? parsedStamp : cache.stamp(0, CsvCache.BLOCK);
                if (Arrays.equals(cache.sizeAndTime(), before) && stamp.size() == before[0]
                        && stamp.mtimeNanos() == before[1]) {
                    cache.write(stamp, loaded.bars.series(), loaded.warnings);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("{}: no columnar copy kept in {}: {}", file, cache.file().getParent(), e.getMessage());
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(exitHook[0]);
                } catch (IllegalStateException exiting) {
                    // the hook is running: it waits for this thread
                }
            }
        }, "lcscanner-csv-copy");
        writer.setDaemon(true);
        Thread waitAtExit = new Thread(() -> {
            try {
                writer.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lcscanner-csv-copy-exit");
        exitHook[0] = waitAtExit;
        try {
            Runtime.getRuntime().addShutdownHook(waitAtExit);
        } catch (IllegalStateException exiting) {
            return; // the JVM is already shutting down: no copy this time
        }
        copying = writer;
        writer.start();
    }

    /** Waits until the columnar copy of the last read is written (tests). */
    void awaitCopy() throws InterruptedException {
        Thread t = copying;
        if (t != null) {
            t.join();
        }
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
