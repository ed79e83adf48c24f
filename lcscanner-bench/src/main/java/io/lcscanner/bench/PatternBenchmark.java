package io.lcscanner.bench;

import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.engine.FeatureKernel;
import io.lcscanner.core.engine.Features;
import io.lcscanner.core.engine.Patterns;
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
 * The three patterns (spec §3), the parabolic score and its tier (§4) at every bar of the report window
 * of {@code tickers} synthetic tickers × {@value #SESSIONS} sessions whose features are computed once in
 * setup; the {@code :bars} metric is bars evaluated per second. The scanner itself evaluates patterns only
 * on bars passing the liquidity gates and scores only hits, so this is an upper bound of its cost.
 *
 * <p>In package {@code io.lcscanner.core} because {@link Patterns} and {@link Features} are package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
public class PatternBenchmark {
    static final int SESSIONS = 750;

    @Param({"64"})
    public int tickers;

    private Features[] features;
    private int[] first;
    private final Tally tally = new Tally();

    @Setup(Level.Trial)
    public void setUp() {
        use(BenchData.universe(tickers, SESSIONS).series(), BenchData.fullRangeRequest(SESSIONS));
    }

    /**
     * Evaluates these series as {@code request} would scan them: each sliced to the loaded range, its
     * features computed with the request's rounding, patterns evaluated from {@code request.from()} on.
     */
    void use(List<BarSeries> input, ScanRequest request) {
        int loadFrom = (int) request.loadFrom().toEpochDay(), from = (int) request.from().toEpochDay(),
                to = (int) request.to().toEpochDay();
        features = new Features[input.size()];
        first = new int[input.size()];
        for (int k = 0; k < input.size(); k++) {
            BarSeries s = input.get(k).slice(loadFrom, to);
            features[k] = new Features(s.size());
            FeatureKernel.compute(s, request.referenceRounding(), features[k]);
            first[k] = s.lowerBound(from);
        }
    }

    /** Bars one invocation evaluates. */
    long windowBars() {
        long n = 0;
        for (int k = 0; k < features.length; k++) {
            n += Math.max(0, features[k].size() - first[k]);
        }
        return n;
    }

    /** Evaluates every bar; returns what it found (the same object every call). */
    @Benchmark
    public Tally evaluate(BarCounter counter) {
        Tally t = tally;
        t.reset();
        for (int k = 0; k < features.length; k++) {
            Features f = features[k];
            int end = f.size();
            for (int i = first[k]; i < end; i++) {
                boolean d3 = Patterns.d3Extended1(f, i);
                boolean d2 = Patterns.d2Extended(f, i);
                boolean d21 = Patterns.d2Extended1(f, i);
                double score = Patterns.parabolicScore(f, i);
                String tier = Patterns.tier(score);
                t.scoreSum += score;
                if (d3 || d2 || d21) {
                    t.add(d3, d2, d21, score, tier);
                }
            }
            counter.bars += Math.max(0, end - first[k]);
        }
        return t;
    }

    /** Hits found in one pass: pattern flags, score sum and tiers of the hits, score sum of all bars. */
    public static final class Tally {
        public int hits, d3Extended1, d2Extended, d2Extended1;
        public double hitScoreSum, scoreSum;
        /** Hits per tier, in the order A+, A, B, C, D. */
        public final int[] tiers = new int[5];

        void reset() {
            hits = d3Extended1 = d2Extended = d2Extended1 = 0;
            hitScoreSum = scoreSum = 0;
            java.util.Arrays.fill(tiers, 0);
        }

        void add(boolean d3, boolean d2, boolean d21, double score, String tier) {
            hits++;
            d3Extended1 += d3 ? 1 : 0;
            d2Extended += d2 ? 1 : 0;
            d2Extended1 += d21 ? 1 : 0;
            hitScoreSum += score;
            tiers[tierIndex(tier)]++;
        }

        static int tierIndex(String tier) {
            switch (tier) {
                case "A+": return 0;
                case "A": return 1;
                case "B": return 2;
                case "C": return 3;
                case "D": return 4;
                default: throw new IllegalArgumentException("unknown tier " + tier);
            }
        }
    }
}
