package io.lcscanner.bench;

import io.lcscanner.core.engine.FeatureKernel;
import io.lcscanner.core.engine.Features;
import io.lcscanner.core.source.BarSeries;
import java.util.List;
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
 * The per-ticker feature kernel (spec §2, {@link FeatureKernel#compute}) on synthetic series of
 * {@code bars} bars; the {@code :bars} metric is bars per second. Every invocation computes the next of
 * {@value #SERIES} different series into one reused {@link Features}, as a scanner worker does.
 *
 * <p>In package {@code io.lcscanner.core} (split across the core and bench jars) because the kernel is
 * package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class FeatureKernelBenchmark {
    static final int SERIES = 8;

    @Param({"250", "750", "5000"})
    public int bars;

    /** Spec §1 reference rounding (the scanner's default). */
    @Param({"true"})
    public boolean rounding;

    private BarSeries[] series;
    private Features features;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        use(BenchData.seriesOfLength(SERIES, bars));
    }

    /** Benchmarks these series instead (tests use the golden ones). */
    void use(List<BarSeries> input) {
        series = input.toArray(BarSeries[]::new);
        int longest = 0;
        for (BarSeries s : series) {
            longest = Math.max(longest, s.size());
        }
        features = new Features(longest);
        next = 0;
    }

    /** The series the benchmark cycles through, in order. */
    List<BarSeries> series() {
        return List.of(series);
    }

    /** Computes the features of the next series; returns them (valid until the next call). */
    @Benchmark
    public Features compute(BarCounter counter) {
        BarSeries s = series[next];
        next = next + 1 == series.length ? 0 : next + 1;
        FeatureKernel.compute(s, rounding, features);
        counter.bars += s.size();
        return features;
    }
}
