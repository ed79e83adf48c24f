package io.lcscanner.bench;

import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.engine.ScannerDocument;
import io.lcscanner.core.source.BarSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-ticker scan of a synthetic universe ({@code tickers} × {@code sessions}, pre-generated in
 * setup) on one thread, by {@code engine}: {@code lc} the built-in lc.json compiled by the rule engine, {@code custom}
 * a three-pattern document of other setups ({@link #CUSTOM}), {@code skip} LC with a volume filter no ticker passes:
 * the cost of the gate's skip pre-pass alone, or a scanner document's file
 * ({@code -p engine=examples/scanners/gap_and_go.json}). Each series is scanned whole, from the end of the default
 * lookback on, as {@link UniverseScanBenchmark}'s requests do; loading, sorting and the rest of a
 * {@code Scanner.run} are left out so the engines are all that is measured. {@code :bars} is bars per
 * second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 4, time = 3)
public class RuleEngineBenchmark {
    /** Three setups other than LC: a gap-and-go, a backside fade off an extension, a quiet-base breakout. */
    static final String CUSTOM = """
            {
              "name": "three_setups",
              "params": {"min_price": 5, "min_volume": 1000000},
              "features": {
                "pdc": "shift(c, 1)",
                "gap": "o / pdc - 1",
                "rvol20": "v / sma(v, 20)",
                "ema20": "ema(c, 20)",
                "atr": "shift(sma(max(h - l, abs(h - pdc), abs(l - pdc)), 14), 1)",
                "hh20_1": "shift(highest(h, 20), 1)",
                "base_range_1": "shift((highest(h, 20) - lowest(l, 20)) / c, 1)"
              },
              "gate": "c_ua >= $min_price and v_ua >= $min_volume",
              "patterns": {
                "gap_and_go": "gap >= 0.08 and rvol20 >= 2.5 and c > o",
                "backside_fade": "shift(h - ema20, 1) / atr >= 3 and c < o and h < shift(h, 1)",
                "quiet_base_breakout": "base_range_1 <= 0.15 and c > hh20_1 and rvol20 >= 2"
              },
              "columns": {"gap_pct": "gap", "rvol": "rvol20", "close_price": "c", "atr": "atr"}
            }
            """;

    @Param({"2000", "12000"})
    public int tickers;

    @Param({"750"})
    public int sessions;

    @Param({"lc", "custom", "skip"})
    public String engine;

    private List<BarSeries> series;
    private int fromDay, toDay;
    private ScanKernel.Evaluator evaluator;
    private long hits;
    private final ScanKernel.HitSink countHits = (ticker, day, row) -> hits++;

    @Setup(Level.Trial)
    public void setUp() {
        use(BenchData.universe(tickers, sessions).series(), BenchData.fullRangeRequest(sessions));
    }

    void use(List<BarSeries> input, ScanRequest request) {
        series = input;
        fromDay = (int) request.from().toEpochDay();
        toDay = (int) request.to().toEpochDay();
        evaluator = evaluator(engine);
    }

    static ScanKernel.Evaluator evaluator(String engine) {
        return switch (engine) {
            case "lc" -> kernel(ScannerDefinition.lc().json()).newEvaluator();
            case "custom" -> kernel(CUSTOM).newEvaluator();
            case "skip" -> kernel(ScannerDefinition.lc().json(), Map.of("min_volume", 1e18)).newEvaluator();
            default -> {
                if (!engine.endsWith(".json")) {
                    throw new IllegalArgumentException(
                            "engine must be lc, custom, skip or a scanner document (a .json file), got " + engine);
                }
                try {
                    yield kernel(Files.readString(Path.of(engine))).newEvaluator();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the scanner document " + engine, e);
                }
            }
        };
    }

    static ScanKernel kernel(String json) {
        return kernel(json, Map.of());
    }

    static ScanKernel kernel(String json, Map<String, Double> params) {
        ScannerDocument.ProblemSink fail = (key, position, message) -> {
            throw new IllegalStateException(key + ": " + message);
        };
        ScannerDocument doc = ScannerDocument.parse(json, fail).orElseThrow();
        return doc.compile(params, doc.referenceRounding(), fail).orElseThrow();
    }

    /** Scans every series once; returns the hits found so far (all invocations). */
    @Benchmark
    public long scan(BarCounter counter) {
        long bars = 0;
        for (BarSeries s : series) {
            bars += evaluator.scan(s, fromDay, toDay, countHits);
        }
        counter.bars += bars;
        return hits;
    }
}
