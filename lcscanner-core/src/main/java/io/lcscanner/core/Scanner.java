package io.lcscanner.core;

import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.engine.ForwardOutcomes;
import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.IntradaySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scans a {@link BarSource} with a scanner — LC (spec {@code lc-scanner.md}) unless the request names
 * another {@link ScannerDefinition}.
 *
 * <pre>{@code
 * try (Scanner scanner = Scanner.builder(new SyntheticMarket(42, 2000)).build()) {
 *     ScanResult result = scanner.run(ScanRequest.builder(from, to).build(), ProgressListener.NONE);
 *     result.hits().forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Thread-safe and reusable: several scans may run at once and share the scanner's worker threads,
 * one ticker per task. {@link #close()} stops the workers.
 */
public final class Scanner implements AutoCloseable {
    private static final Comparator<Hit> DATE_THEN_TICKER =
            Comparator.comparingInt(Hit::epochDay).thenComparing(Hit::ticker);
    private static final AtomicInteger SCAN_THREADS = new AtomicInteger();
    /** A series starting this many calendar days after loadFrom still has its history (weekends, holidays). */
    private static final int HISTORY_SLACK_DAYS = 7;

    private final BarSource source;
    private final int parallelism;
    /** Where ticker tasks run: the builder's executor, or the scanner's own pool. */
    private final Executor workers;
    /** The scanner's own pool, shut down by {@link #close()}; null when the builder gave an executor. */
    private final ExecutorService ownPool;
    private final Clock clock;
    private final int maxHits;
    private final Set<Run> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private Scanner(Builder b) {
        this.source = b.source;
        this.parallelism = b.parallelism;
        this.maxHits = b.maxHits;
        this.clock = b.clock;
        if (b.executor != null) {
            this.ownPool = null;
            this.workers = b.executor;
        } else {
            AtomicInteger n = new AtomicInteger();
            ThreadFactory tf = r -> {
                Thread t = new Thread(r, "lcscanner-worker-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            this.ownPool = Executors.newFixedThreadPool(parallelism, tf);
            this.workers = ownPool;
        }
    }

    /** Today in New York, by the scanner's clock: sessions after it are not finished. */
    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), NyseCalendar.NEW_YORK);
    }

    /**
     * @param source where the bars come from
     *
     * @return a builder of a scanner over it
     */
    public static Builder builder(BarSource source) {
        return new Builder(source);
    }

    /** @return where the bars come from */
    public BarSource source() {
        return source;
    }

    /** @return how many ticker tasks a scan runs at once */
    public int parallelism() {
        return parallelism;
    }

    /**
     * Runs a scan on the calling thread (plus the scanner's workers) and returns its result.
     *
     * @throws ScanCancelledException if the calling thread is interrupted
     * @throws UncheckedIOException   if the source fails
     *
     * @param request what to scan
     * @param listener told of progress, or {@code null}
     * @return the hits and the scan's statistics
     */
    public ScanResult run(ScanRequest request, ProgressListener listener) {
        return new Run(request, listener, new AtomicBoolean()).call();
    }

    /**
     * Starts a scan in the background; cancel it through the handle.
     *
     * @param request what to scan
     * @param listener told of progress, or {@code null}
     * @return the scan's handle
     */
    public ScanHandle start(ScanRequest request, ProgressListener listener) {
        Run run = new Run(request, listener, new AtomicBoolean());
        CompletableFuture<ScanResult> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(run.call());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }, "lcscanner-scan-" + SCAN_THREADS.incrementAndGet());
        thread.setDaemon(true);
        run.coordinator = thread;
        thread.start();
        return new ScanHandle(future, run::cancel);
    }

    /**
     * Scans one ticker's bars as a scan of {@code request} would: indicators start at its first bar dated on
     * or after {@code request.loadFrom()}, hits are the bars dated in [from, to] where the scanner's gate and
     * a pattern hold, in date order. No stage runs (premarket, outcomes). For charts, checks and tests of a
     * scanner on a single series, without a source or worker threads.
     *
     * @param series one ticker's bars, at least those the request loads
     * @param request the scanner, params and window
     * @return the hits, in date order
     */
    public static List<Hit> scanSeries(BarSeries series, ScanRequest request) {
        ScanKernel kernel = request.scanner().kernel(request.params(), request.referenceRounding());
        HitSchema schema = HitSchema.of(request.scanner().name(), kernel.columns());
        int fromDay = (int) request.from().toEpochDay(), toDay = (int) request.to().toEpochDay();
        List<Hit> hits = new ArrayList<>();
        kernel.newEvaluator().scan(series.slice((int) request.loadFrom().toEpochDay(), toDay), fromDay, toDay,
                (ticker, day, row) -> hits.add(new Hit(schema, ticker, day, row)));
        return hits;
    }

    /**
     * Stops the workers. Scans still running end with {@link ScanCancelledException}: their handles
     * complete exceptionally, and {@link #run} throws it. A closed scanner refuses new scans.
     */
    @Override
    public void close() {
        closed = true;
        if (ownPool != null) {
            ownPool.shutdownNow();
        }
        for (Run r : running) {
            r.cancel();
        }
    }

    /** One scan: load, compute in parallel, collect, then enrich the hits with intraday data (spec §7). */
    private final class Run {
        private final ScanRequest request;
        private final ProgressReporter progress;
        private final AtomicBoolean cancelled;
        private final IntradaySource intraday; // null when the stage does not run
        private final double computeEnd;       // percent reached when compute ends; intraday fills the rest
        private final ScanKernel kernel;
        private final HitSchema schema;
        private volatile Thread coordinator;   // a background scan's own thread, interrupted on cancel

        Run(ScanRequest request, ProgressListener listener, AtomicBoolean cancelled) {
            this.request = Objects.requireNonNull(request, "request");
            if (closed) {
                throw new IllegalStateException("the scanner is closed");
            }
            this.progress = new ProgressReporter(listener);
            this.cancelled = cancelled;
            this.kernel = request.scanner().kernel(request.params(), request.referenceRounding());
            this.schema = HitSchema.of(request.scanner().name(), kernel.columns());
            this.intraday = request.intraday() && request.scanner().premarket() ? source.intraday().orElse(null) : null;
            // Filtering on liquidity nobody can compute would silently return nothing: refuse up front.
            ScanRequest.require(!request.requirePmLiquidity() || intraday != null, "requirePmLiquidity",
                    "needs intraday data, which " + source.description() + " does not have");
            this.computeEnd = intraday != null ? 90 : 100;
        }

        /**
         * The last day loaded: {@code to}, or with outcomes far enough after it for {@link ForwardOutcomes#HORIZON}
         * sessions, but never past the last session finished before today (the source has nothing later).
         */
        private LocalDate loadEnd() {
            if (!request.outcomes()) {
                return request.to();
            }
            LocalDate horizon = NyseCalendar.plusSessions(request.to(), ForwardOutcomes.HORIZON);
            LocalDate lastFinished = NyseCalendar.previousSession(today());
            LocalDate end = horizon.isBefore(lastFinished) ? horizon : lastFinished;
            return end.isAfter(request.to()) ? end : request.to();
        }

        void cancel() {
            cancelled.set(true);
            Thread t = coordinator;
            if (t != null) {
                t.interrupt();
            }
        }

        ScanResult call() {
            running.add(this);
            try {
                if (closed) {
                    throw cancelledException();
                }
                return scan();
            } finally {
                running.remove(this);
            }
        }

        private ScanResult scan() {
            long start = System.nanoTime();
            progress.report(ScanProgress.Phase.LOADING, 0, "Loading bars from " + source.description(), null, 0, 0, 0);
            BarSource.Window window;
            try {
                window = source.open(request.loadFrom(), loadEnd(), request::selects,
                        (done, total, message) -> progress.report(ScanProgress.Phase.LOADING,
                                total > 0 ? 30.0 * done / total : 0, message, null, 0, 0, 0));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw cancelledException();
            } catch (IOException e) {
                throw new UncheckedIOException("loading bars from " + source.description() + " failed: " + e.getMessage(), e);
            }
            checkCancelled();
            long opened = System.nanoTime();

            int total = window.tickerCount();
            AtomicInteger next = new AtomicInteger();
            AtomicInteger processed = new AtomicInteger();
            AtomicInteger hitCount = new AtomicInteger();
            AtomicReference<String> current = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            int tasks = Math.max(1, Math.min(parallelism, total));
            CountDownLatch done = new CountDownLatch(tasks);
            List<List<Hit>> perTask = new ArrayList<>();
            long[] loadNanos = new long[tasks], computeNanos = new long[tasks], bars = new long[tasks];
            int fromDay = (int) request.from().toEpochDay(), toDay = (int) request.to().toEpochDay();
            Map<String, double[]> outcomes = new ConcurrentHashMap<>(); // "ticker day" → forward outcomes
            int loadFromDay = (int) request.loadFrom().toEpochDay();
            // tickers with bars in the window whose series starts well after loadFrom, and the earliest start seen
            AtomicInteger shortHistory = new AtomicInteger(), inWindow = new AtomicInteger();
            AtomicInteger dataStart = new AtomicInteger(Integer.MAX_VALUE);
            for (int t = 0; t < tasks; t++) {
                List<Hit> hits = new ArrayList<>();
                perTask.add(hits);
                int task = t;
                Runnable work = () -> {
                    try {
                        ScanKernel.Evaluator evaluator = kernel.newEvaluator();
                        BarSeries[] loaded = new BarSeries[1];
                        ScanKernel.HitSink sink = (ticker, day, row) -> {
                            hits.add(new Hit(schema, ticker, day, row));
                            if (request.outcomes()) {
                                BarSeries s = loaded[0];
                                outcomes.put(ticker + ' ' + day,
                                        ForwardOutcomes.of(s, s.lowerBound(day), request.referenceRounding()));
                            }
                        };
                        int i;
                        while (!cancelled.get() && failure.get() == null && (i = next.getAndIncrement()) < total) {
                            long t0 = System.nanoTime();
                            loaded[0] = window.series(i);
                            // the kernel sees the bars through `to` only: bars loaded for outcomes never touch a hit
                            BarSeries series = loaded[0].slice(loadFromDay, toDay);
                            noteHistory(series, loadFromDay, fromDay, shortHistory, inWindow, dataStart);
                            long t1 = System.nanoTime();
                            int before = hits.size();
                            bars[task] += evaluator.scan(series, fromDay, toDay, sink);
                            computeNanos[task] += System.nanoTime() - t1;
                            loadNanos[task] += t1 - t0;
                            if (hitCount.addAndGet(hits.size() - before) > maxHits) {
                                // stop every task: past the cap, the hits would only fill memory
                                failure.compareAndSet(null, new TooManyHitsException(maxHits));
                            }
                            current.lazySet(series.ticker());
                            processed.incrementAndGet();
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        done.countDown();
                    }
                };
                try {
                    workers.execute(work);
                } catch (RejectedExecutionException closing) {
                    cancelled.set(true); // the scanner was closed under us
                    done.countDown();
                }
            }
            try {
                while (!done.await(20, TimeUnit.MILLISECONDS)) {
                    if (Thread.currentThread().isInterrupted()) {
                        cancelled.set(true);
                    }
                    if (cancelled.get() && closed) {
                        awaitWorkers(done);
                        break;
                    }
                    int p = processed.get();
                    progress.report(ScanProgress.Phase.COMPUTING, 30 + (computeEnd - 30) * p / Math.max(1, total),
                            "Scanning " + p + "/" + total + " tickers", current.get(), p, total, hitCount.get());
                }
            } catch (InterruptedException e) {
                cancelled.set(true);
                awaitWorkers(done);
                Thread.currentThread().interrupt();
            }
            checkCancelled();
            if (failure.get() != null) {
                Throwable e = failure.get();
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException("scan failed: " + e, e);
            }
            long computed = System.nanoTime();

            List<Hit> hits = new ArrayList<>(hitCount.get());
            perTask.forEach(hits::addAll);
            hits.sort(DATE_THEN_TICKER);
            List<String> warnings = new ArrayList<>(window.warnings());
            if (shortHistory.get() > 0 && dataStart.get() > loadFromDay + HISTORY_SLACK_DAYS) {
                warnings.add(String.format(java.util.Locale.ROOT, "%,d of %,d tickers have less than the scan's "
                                + "%,d days of history before %s (the data starts %s): long windows (an EMA 200, say) are not "
                                + "settled for their early hits",
                        shortHistory.get(), inWindow.get(), request.lookbackDays(), request.from(),
                        LocalDate.ofEpochDay(dataStart.get())));
            }
            long intradayStart = System.nanoTime();
            HitSchema outSchema = schema;
            if (request.intraday() && request.scanner().premarket()) {
                if (intraday == null) {
                    warnings.add("intraday enrichment skipped: " + source.description() + " has no intraday data");
                } else {
                    PremarketStage.Outcome out = enrich(hits, total);
                    warnings.addAll(out.warnings());
                    hits = out.hits();
                    outSchema = out.schema();
                }
            }
            long intradayMs = Math.round((System.nanoTime() - intradayStart) / 1e6);
            if (request.outcomes()) {
                HitSchema withOutcomes = outSchema.plus(HitSchema.OUTCOMES);
                List<Hit> out = new ArrayList<>(hits.size());
                for (Hit h : hits) {
                    out.add(h.plus(withOutcomes, outcomes.get(h.ticker() + ' ' + h.epochDay())));
                }
                hits = out;
                outSchema = withOutcomes;
            }
            Map<String, Integer> patternHits = new LinkedHashMap<>();
            for (String pattern : schema.patterns()) {
                int k = schema.indexOf(pattern), count = 0;
                for (Hit h : hits) {
                    count += h.raw(k) == 1 ? 1 : 0;
                }
                patternHits.put(pattern, count);
            }
            long totalBars = 0, sumLoad = 0, sumCompute = 0;
            for (int t = 0; t < tasks; t++) {
                totalBars += bars[t];
                sumLoad += loadNanos[t];
                sumCompute += computeNanos[t];
            }
            // Workers interleave building a series and computing it; split the parallel phase's wall
            // time between the two in proportion to the thread time each took.
            double parallelMs = (computed - opened) / 1e6;
            double loadShare = sumLoad + sumCompute == 0 ? 0 : (double) sumLoad / (sumLoad + sumCompute);
            long loadMs = Math.round((opened - start) / 1e6 + parallelMs * loadShare);
            long computeMs = Math.round(parallelMs * (1 - loadShare));
            long end = System.nanoTime();
            ScanStats stats = new ScanStats(source.description(), total, totalBars, patternHits,
                    loadMs, computeMs, intradayMs, Math.round((end - start) / 1e6));
            progress.report(ScanProgress.Phase.DONE, 100, "Found " + hits.size() + (hits.size() == 1 ? " hit in " : " hits in ") + total
                            + (total == 1 ? " ticker" : " tickers"),
                    null, total, total, hits.size());
            return new ScanResult(outSchema, hits, stats, warnings);
        }

        /**
         * Counts a series with bars in the report window, and whether its history starts after {@code loadFrom}
         * (beyond a long weekend): its early hits are computed from fewer bars than the scan asked for.
         */
        private static void noteHistory(BarSeries series, int loadFromDay, int fromDay, AtomicInteger shortHistory,
                                         AtomicInteger inWindow, AtomicInteger dataStart) {
            int n = series.size();
            if (n == 0 || series.epochDays()[n - 1] < fromDay) {
                return;
            }
            int first = series.epochDays()[0];
            inWindow.incrementAndGet();
            dataStart.accumulateAndGet(first, Math::min);
            if (first > loadFromDay + HISTORY_SLACK_DAYS) {
                shortHistory.incrementAndGet();
            }
        }

        /** Spec §7 on the sorted hits; keeps their order. */
        private PremarketStage.Outcome enrich(List<Hit> hits, int tickers) {
            try {
                return PremarketStage.run(schema, hits, intraday, today(),
                        request.requirePmLiquidity(), cancelled,
                        (done, n, ticker) -> progress.report(ScanProgress.Phase.INTRADAY,
                                computeEnd + (100 - computeEnd) * done / Math.max(1, n),
                                "Processing intraday data " + done + "/" + n, ticker, tickers, tickers, n),
                        ownPool == null ? workers : null);
            } catch (InterruptedException e) {
                cancelled.set(true);
                Thread.currentThread().interrupt();
                throw cancelledException();
            }
        }

        private void checkCancelled() {
            if (cancelled.get() || Thread.currentThread().isInterrupted()) {
                throw cancelledException();
            }
        }

        private ScanCancelledException cancelledException() {
            return new ScanCancelledException("scan " + request.from() + ".." + request.to() + " was cancelled");
        }

        /**
         * After cancelling: waits, uninterruptibly, until this scan's worker tasks have stopped (each stops at
         * its next ticker). If the scanner is closed meanwhile, tasks that never started will never count
         * down, so then it waits for the pool to end instead.
         */
        private void awaitWorkers(CountDownLatch done) {
            boolean interrupted = false;
            while (true) {
                try {
                    if (done.await(20, TimeUnit.MILLISECONDS)
                            || (ownPool != null && ownPool.isShutdown()
                                && ownPool.awaitTermination(20, TimeUnit.MILLISECONDS))) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Configures a {@link Scanner}. */
    public static final class Builder {
        private final BarSource source;
        private int parallelism = Runtime.getRuntime().availableProcessors();
        private Executor executor;
        private Clock clock = Clock.systemUTC();
        private int maxHits = Integer.MAX_VALUE;

        private Builder(BarSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /**
         * The most hits a scan may have (default: no cap). A scan that passes it stops, within one ticker per worker,
         * with {@link TooManyHitsException}: memory stays bounded by the cap, not by what the scanner matches.
         *
         * @param hits the cap, 1 or more
         * @return this builder
         */
        public Builder maxHits(int hits) {
            ScanRequest.require(hits >= 1, "maxHits", "must be at least 1, got " + hits);
            this.maxHits = hits;
            return this;
        }

        /**
         * Worker threads (default: available processors).
         *
         * @param threads worker threads, 1 … 1024
         * @return this builder
         */
        public Builder parallelism(int threads) {
            ScanRequest.require(threads >= 1 && threads <= 1024, "parallelism", "must be between 1 and 1024, got " + threads);
            this.parallelism = threads;
            return this;
        }

        /**
         * Runs the scans' ticker tasks and premarket fetches on {@code executor} instead of pools of the
         * scanner's own (each scan submits {@link #parallelism(int)} ticker tasks, then up to 8 fetch tasks). The caller owns it: {@link Scanner#close()} cancels the
         * scans but does not shut it down. It must not run tasks on the calling thread, or a scan waits for
         * itself.
         *
         * @param executor where ticker tasks run
         * @return this builder
         */
        public Builder executor(Executor executor) {
            ScanRequest.require(executor != null, "executor", "is required");
            this.executor = executor;
            return this;
        }

        /**
         * The clock that says what day it is (default the system's): sessions from today in New York on are
         * unfinished, so outcomes load no bars after the last finished one and the premarket stage fetches no
         * day after today.
         *
         * @param clock the time source
         * @return this builder
         */
        public Builder clock(Clock clock) {
            ScanRequest.require(clock != null, "clock", "is required");
            this.clock = clock;
            return this;
        }

        /** @return the scanner; it owns a worker pool unless {@link #executor(Executor)} gave one */
        public Scanner build() {
            return new Scanner(this);
        }
    }
}
