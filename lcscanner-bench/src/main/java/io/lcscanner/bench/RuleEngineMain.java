package io.lcscanner.bench;

import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.source.BarSeries;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@link RuleEngineBenchmark}'s engines taking turns in one process: each pass scans the whole universe
 * once with every engine in turn, so a busy machine slows them all alike and their ratio holds where
 * JMH's one-engine-at-a-time runs scatter. Prints each engine's best and median pass in bars per
 * second, by wall time and by the thread's CPU time (which other processes on a shared machine disturb much
 * less). Arguments: tickers (2000), passes (30), sessions (750), then scanner documents' files to run beside
 * lc, custom and skip, e.g. {@code java -Xmx2g -cp benchmarks.jar io.lcscanner.bench.RuleEngineMain 2000 30 750
 * examples/scanners/gap_and_go.json}.
 */
public final class RuleEngineMain {
    static final List<String> ENGINES = List.of("lc", "custom", "skip");

    private RuleEngineMain() {
    }

    public static void main(String[] args) {
        int tickers = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int sessions = args.length > 2 ? Integer.parseInt(args[2]) : 750;
        List<BarSeries> series = BenchData.universe(tickers, sessions).series();
        ScanRequest request = BenchData.fullRangeRequest(sessions);
        List<String> engines = new java.util.ArrayList<>(ENGINES);
        engines.addAll(Arrays.asList(args).subList(Math.min(3, args.length), args.length));
        long[][][] measured = run(series, request, passes, 5, engines);
        long[][] nanos = measured[0], cpu = measured[1];
        long bars = series.stream().mapToLong(BarSeries::size).sum();
        System.out.printf(Locale.ROOT, "%d tickers x %d sessions, %,d bars a pass, %d passes%n", tickers, sessions, bars, passes);
        for (int e = 0; e < engines.size(); e++) {
            long[] sorted = nanos[e].clone(), cpuSorted = cpu[e].clone();
            Arrays.sort(sorted);
            Arrays.sort(cpuSorted);
            System.out.printf(Locale.ROOT, "%-20s best %8.1f M bars/s   median %8.1f M bars/s   cpu best %8.1f   cpu median %8.1f%n",
                    name(engines.get(e)), bars * 1e3 / sorted[0], bars * 1e3 / sorted[passes / 2], bars * 1e3 / cpuSorted[0],
                    bars * 1e3 / cpuSorted[passes / 2]);
        }
    }

    /**
     * Wall and thread-CPU nanoseconds of each engine's pass ({@code [0]} and {@code [1]}), engines taking turns;
     * {@code warmUp} passes first, not kept.
     */
    static long[][][] run(List<BarSeries> series, ScanRequest request, int passes, int warmUp) {
        return run(series, request, passes, warmUp, ENGINES);
    }

    /** A document's file name without its directories and {@code .json}; a built-in engine's name as it is. */
    private static String name(String engine) {
        return engine.replaceFirst("^.*/", "").replaceFirst("\\.json$", "");
    }

    static long[][][] run(List<BarSeries> series, ScanRequest request, int passes, int warmUp, List<String> engines) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        int from = (int) request.from().toEpochDay(), to = (int) request.to().toEpochDay();
        ScanKernel.Evaluator[] evaluators = engines.stream().map(RuleEngineBenchmark::evaluator)
                .toArray(ScanKernel.Evaluator[]::new);
        long[][] nanos = new long[engines.size()][passes], cpu = new long[engines.size()][passes];
        long[] hits = new long[1];
        ScanKernel.HitSink count = (ticker, day, row) -> hits[0]++;
        for (int pass = -warmUp; pass < passes; pass++) {
            for (int e = 0; e < evaluators.length; e++) {
                long t0 = System.nanoTime(), c0 = threads.getCurrentThreadCpuTime();
                for (BarSeries s : series) {
                    evaluators[e].scan(s, from, to, count);
                }
                if (pass >= 0) {
                    nanos[e][pass] = System.nanoTime() - t0;
                    cpu[e][pass] = threads.getCurrentThreadCpuTime() - c0;
                }
            }
        }
        return new long[][][] {nanos, cpu};
    }
}
