package io.lcscanner.bench;

import io.lcscanner.core.ProgressListener;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.source.InMemoryBarSource;
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
 * A whole {@link Scanner#run} (gates, features, patterns, score, sorting the hits) over {@code tickers}
 * synthetic tickers × {@code sessions} sessions pre-generated into memory in setup, so generation is not
 * measured; {@code threads} is the scanner's parallelism ({@code max} = available processors). Each
 * series is scanned whole (the request's lookback reaches its first bar). The {@code :bars} metric is
 * {@link io.lcscanner.core.ScanStats#bars()} per second of wall time. The fork runs with {@code -Xmx1g}:
 * the 12,000-ticker universe must fit. A 12,000-ticker scan takes about a second, and the first ones
 * several while the JIT compiles the kernel: hence the longer warm-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
public class UniverseScanBenchmark {
    @Param({"2000", "12000"})
    public int tickers;

    @Param({"750"})
    public int sessions;

    /** Worker threads: a number, or {@code max} for all available processors. */
    @Param({"1", "max"})
    public String threads;

    /** {@code lc}, or {@code three_setups}: a custom three-pattern document ({@link RuleEngineBenchmark#CUSTOM}). */
    @Param({"lc", "three_setups"})
    public String scanner;

    private InMemoryBarSource source;
    private ScanRequest request;
    private Scanner scanning;

    @Setup(Level.Trial)
    public void setUp() {
        source = BenchData.universe(tickers, sessions);
        request = request(sessions, scanner);
        scanning = Scanner.builder(source).parallelism(parallelism(threads)).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (scanning != null) {
            scanning.close();
        }
    }

    @Benchmark
    public ScanResult scan(BarCounter counter) {
        ScanResult result = scanning.run(request, ProgressListener.NONE);
        counter.bars += result.stats().bars();
        return result;
    }

    InMemoryBarSource source() {
        return source;
    }

    ScanRequest request() {
        return request;
    }

    /** The full-range request of {@link BenchData}, for LC or the custom document. */
    static ScanRequest request(int sessions, String scanner) {
        ScanRequest lc = BenchData.fullRangeRequest(sessions);
        return switch (scanner) {
            case "lc" -> lc;
            case "three_setups" -> ScanRequest.builder(lc.from(), lc.to())
                    .scanner(ScannerDefinition.parse(RuleEngineBenchmark.CUSTOM)).lookbackDays(lc.lookbackDays()).build();
            default -> throw new IllegalArgumentException("scanner must be lc or three_setups, got " + scanner);
        };
    }

    static int parallelism(String threads) {
        return "max".equals(threads) ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads);
    }
}
