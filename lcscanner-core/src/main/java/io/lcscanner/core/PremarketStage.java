package io.lcscanner.core;

import io.lcscanner.core.source.IntradayBars;
import io.lcscanner.core.source.IntradaySource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scan stage of spec §7: fetches each hit's 30-minute bars, a few hits at once, and appends the five
 * premarket fields ({@link HitSchema#PREMARKET}). A hit whose fetch fails or returns nothing gets missing
 * fields and a warning; it never fails the scan.
 */
final class PremarketStage {
    /** Fetches are network-bound, not CPU-bound: more than the worker count, but gentle on the API. */
    static final int MAX_CONCURRENT_FETCHES = 8;
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Progress callback, called on the coordinating thread. */
    @FunctionalInterface
    interface Progress {
        void report(int done, int total, String currentTicker);
    }

    /** The enriched hits (under {@code schema}), in the input order, and one warning per hit that could not be enriched. */
    record Outcome(HitSchema schema, List<Hit> hits, List<String> warnings) {
    }

    private PremarketStage() {
    }

    /**
     * Enriches {@code hits}; with {@code requirePmLiquidity} keeps only those with {@code valid_pm_liq = 1}.
     *
     * @param today the current New York date (a D+1 after it is not fetched and has no next-day fields)
     * @throws InterruptedException when {@code cancelled} is set or the calling thread is interrupted;
     *                              fetches still running are interrupted and their results discarded
     */
    static Outcome run(HitSchema schema, List<Hit> hits, IntradaySource source, LocalDate today, boolean requirePmLiquidity,
                       AtomicBoolean cancelled, Progress progress) throws InterruptedException {
        return run(schema, hits, source, today, requirePmLiquidity, cancelled, progress, null);
    }

    /**
     * {@link #run(HitSchema, List, IntradaySource, LocalDate, boolean, AtomicBoolean, Progress)} with the fetch tasks
     * on {@code executor} (null: a pool of the stage's own, shut down at the end); either way the tasks still
     * running when the stage stops are interrupted.
     */
    static Outcome run(HitSchema schema, List<Hit> hits, IntradaySource source, LocalDate today, boolean requirePmLiquidity,
                       AtomicBoolean cancelled, Progress progress, Executor executor) throws InterruptedException {
        int n = hits.size();
        PremarketCalculator.Fields[] premarket = new PremarketCalculator.Fields[n];
        String[] failure = new String[n];
        AtomicInteger next = new AtomicInteger(), processed = new AtomicInteger();
        AtomicReference<String> current = new AtomicReference<>();
        AtomicReference<Throwable> fatal = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean(); // set when the coordinator leaves, however it leaves
        int threads = Math.min(MAX_CONCURRENT_FETCHES, n);
        CountDownLatch done = new CountDownLatch(threads);
        progress.report(0, n, null);
        ExecutorService pool = threads == 0 || executor != null ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lcscanner-intraday-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<FutureTask<Void>> tasks = new ArrayList<>(threads);
        try {
            for (int t = 0; t < threads; t++) {
                FutureTask<Void> task = new FutureTask<>(() -> {
                    try {
                        int i;
                        while (!stop.get() && !cancelled.get() && (i = next.getAndIncrement()) < n) {
                            Hit hit = hits.get(i);
                            current.lazySet(hit.ticker());
                            enrich(hit, source, today, premarket, failure, i);
                            processed.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        fatal.compareAndSet(null, e);
                    } finally {
                        done.countDown();
                    }
                }, null);
                tasks.add(task);
                (executor != null ? executor : pool).execute(task);
            }
            while (!done.await(20, TimeUnit.MILLISECONDS)) {
                if (cancelled.get()) {
                    throw new InterruptedException("scan cancelled");
                }
                progress.report(processed.get(), n, current.get());
            }
        } finally {
            stop.set(true);
            for (FutureTask<Void> task : tasks) {
                task.cancel(true); // on cancellation this interrupts fetches still waiting on the network
            }
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        if (cancelled.get()) {
            throw new InterruptedException("scan cancelled");
        }
        Throwable e = fatal.get(); // not a hit's failure (those are recorded): a bug or an Error
        if (e instanceof RuntimeException re) {
            throw re;
        } else if (e instanceof Error err) {
            throw err;
        } else if (e != null) {
            throw new IllegalStateException("intraday stage failed: " + e, e);
        }
        progress.report(n, n, current.get());

        HitSchema enriched = schema.plus(HitSchema.PREMARKET);
        double[] missing = new double[HitSchema.PREMARKET.size()];
        java.util.Arrays.fill(missing, Double.NaN);
        List<Hit> out = new ArrayList<>(n);
        List<String> warnings = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Hit hit = hits.get(i);
            if (failure[i] != null) {
                warnings.add("premarket of " + hit.ticker() + " on " + hit.date() + " not computed: " + failure[i]
                        + (requirePmLiquidity ? "; hit dropped (requirePmLiquidity)" : ""));
            }
            if (!requirePmLiquidity || (premarket[i] != null && premarket[i].validPmLiq())) {
                out.add(hit.plus(enriched, premarket[i] == null ? missing : premarket[i].row()));
            }
        }
        return new Outcome(enriched, out, warnings);
    }

    /**
     * Fetches and computes one hit, recording a failure instead of throwing. Only the stage interrupts its
     * own threads, when it stops; then the recorded failure is discarded with the rest, so the interruption
     * need not be kept.
     */
    private static void enrich(Hit hit, IntradaySource source, LocalDate today, PremarketCalculator.Fields[] premarket,
                               String[] failure, int i) {
        LocalDate d = hit.date(), from = PremarketCalculator.firstDay(d), to = PremarketCalculator.nextDay(d);
        if (to.isAfter(today)) {
            to = today.isAfter(d) ? today : d; // a future D+1 has no bars yet (Polygon refuses future dates)
        }
        try {
            IntradayBars bars = source.thirtyMinuteBars(hit.ticker(), from, to);
            if (bars == null || bars.size() == 0) {
                failure[i] = "no 30-minute bars from " + from + " to " + to;
            } else {
                premarket[i] = PremarketCalculator.compute(bars, d, today);
            }
        } catch (InterruptedException e) {
            failure[i] = "interrupted";
        } catch (Exception e) {
            failure[i] = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }
}
