package io.lcscanner.bench;

import io.lcscanner.core.ProgressListener;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.ScanStats;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.source.InMemoryBarSource;
import java.util.Locale;

/**
 * One process, one universe, a few scans: for peak-memory measurements outside JMH, e.g.
 * {@code /usr/bin/time -v java -Xmx1g -cp benchmarks.jar io.lcscanner.bench.UniverseScanMain 12000 750 2 3}.
 * Arguments: tickers (12000), sessions (750), threads (available processors), scans (3).
 * Prints the heap held by the pre-generated universe and each scan's figures.
 */
public final class UniverseScanMain {
    private UniverseScanMain() {
    }

    public static void main(String[] args) {
        int tickers = args.length > 0 ? Integer.parseInt(args[0]) : 12_000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 750;
        int threads = args.length > 2 ? UniverseScanBenchmark.parallelism(args[2]) : Runtime.getRuntime().availableProcessors();
        int scans = args.length > 3 ? Integer.parseInt(args[3]) : 3;

        long t0 = System.nanoTime();
        InMemoryBarSource source = BenchData.universe(tickers, sessions);
        long generatedMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(Locale.ROOT, "universe: %d tickers x %d sessions = %,d bars generated in %,d ms; heap used %,d MB of max %,d MB%n",
                tickers, sessions, source.bars(), generatedMs, usedHeapAfterGc() >> 20, Runtime.getRuntime().maxMemory() >> 20);

        ScanRequest request = BenchData.fullRangeRequest(sessions);
        try (Scanner scanner = Scanner.builder(source).parallelism(threads).build()) {
            for (int i = 1; i <= scans; i++) {
                long s0 = System.nanoTime();
                ScanResult result = scanner.run(request, ProgressListener.NONE);
                double wallMs = (System.nanoTime() - s0) / 1e6;
                ScanStats st = result.stats();
                System.out.printf(Locale.ROOT,
                        "scan %d: %d threads, %,d tickers, %,d bars, %d hits, wall %.0f ms = %,.0f bars/s (computeMs %d, loadMs %d)%n",
                        i, threads, st.tickers(), st.bars(), result.hits().size(), wallMs, st.bars() / wallMs * 1000,
                        st.computeMs(), st.loadMs());
            }
        }
        System.out.printf(Locale.ROOT, "heap used after the scans %,d MB%n", usedHeapAfterGc() >> 20);
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }
}
