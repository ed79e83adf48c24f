package io.lcscanner.bench;

import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link CsvBarSource} reading, validating, sorting and splitting a bars CSV into series, on all cores. By default
 * the file is {@code tickers} synthetic tickers × {@value #SESSIONS} sessions written to a temporary directory in
 * setup, its numbers as {@code format} says: {@code golden} as {@code docs/golden/bars.csv} writes them (6 decimals
 * adjusted, 4 as-traded, about 106 bytes a row), {@code shortest} the shortest round-trip digits (about 80 bytes a
 * row); {@code -p file=docs/golden/bars.csv.gz} loads that file instead. The {@code :bars} metric is rows loaded
 * per second, {@code :bytes} the file's bytes per second (divide by 10^6 for MB/s).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class CsvLoadBenchmark {
    static final int SESSIONS = 750;
    static final String GENERATED = "generated";
    private static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1), LATEST = LocalDate.of(2100, 12, 31);

    @Param({"120", "3000"})
    public int tickers;

    /** How the generated file writes numbers: {@code golden} or {@code shortest}. */
    @Param({"golden"})
    public String format;

    /** A CSV to load instead of the generated one, or {@value #GENERATED}. */
    @Param({GENERATED})
    public String file;

    private Path dir;
    private Path csv;

    private long bytes;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (GENERATED.equals(file)) {
            dir = Files.createTempDirectory("lcscanner-bench-");
            csv = dir.resolve("bars-" + tickers + "x" + SESSIONS + "-" + format + ".csv");
            switch (format) {
                case "golden" -> ColdStartBenchmark.writeGoldenFormat(BenchData.universe(tickers, SESSIONS).series(), csv,
                        Long.MAX_VALUE);
                case "shortest" -> BenchData.writeCsv(BenchData.universe(tickers, SESSIONS).series(), csv);
                default -> throw new IllegalArgumentException("format must be golden or shortest, got " + format);
            }
        } else {
            csv = Path.of(file);
        }
        bytes = Files.size(csv);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        BenchData.deleteTree(dir);
    }

    /** Rows and bytes loaded: JMH reports both per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class LoadCounter {
        public long bars;
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bars = 0;
            bytes = 0;
        }
    }

    /** Loads the whole file; returns the window (every ticker, every date). */
    @Benchmark
    public BarSource.Window load(LoadCounter counter) throws IOException {
        BarSource.Window window = new CsvBarSource(csv).open(EARLIEST, LATEST, t -> true, BarSource.LoadListener.NONE);
        long bars = 0;
        for (int i = 0; i < window.tickerCount(); i++) {
            bars += window.series(i).size();
        }
        counter.bars += bars;
        counter.bytes += bytes;
        return window;
    }

    Path csv() {
        return csv;
    }
}
