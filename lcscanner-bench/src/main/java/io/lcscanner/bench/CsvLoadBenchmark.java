package io.lcscanner.bench;

import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
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
 * {@link CsvBarSource} reading, validating, sorting and splitting a bars CSV into series. By default the
 * file is {@code tickers} synthetic tickers × {@value #SESSIONS} sessions written to a temporary directory
 * in setup; {@code -p file=../shared/golden/bars.csv} loads that file instead. The {@code :bars} metric
 * is CSV rows (bars) loaded per second.
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

    @Param({"120", "1000"})
    public int tickers;

    /** A CSV to load instead of the generated one, or {@value #GENERATED}. */
    @Param({GENERATED})
    public String file;

    private Path dir;
    private Path csv;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (GENERATED.equals(file)) {
            dir = Files.createTempDirectory("lcscanner-bench-");
            csv = dir.resolve("bars-" + tickers + "x" + SESSIONS + ".csv");
            BenchData.writeCsv(BenchData.universe(tickers, SESSIONS).series(), csv);
        } else {
            csv = Path.of(file);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        BenchData.deleteTree(dir);
    }

    /** Loads the whole file; returns the window (every ticker, every date). */
    @Benchmark
    public BarSource.Window load(BarCounter counter) throws IOException {
        BarSource.Window window = new CsvBarSource(csv).open(EARLIEST, LATEST, t -> true, BarSource.LoadListener.NONE);
        long bars = 0;
        for (int i = 0; i < window.tickerCount(); i++) {
            bars += window.series(i).size();
        }
        counter.bars += bars;
        return window;
    }

    Path csv() {
        return csv;
    }
}
