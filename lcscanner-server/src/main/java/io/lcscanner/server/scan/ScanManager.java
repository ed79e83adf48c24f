package io.lcscanner.server.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcscanner.core.Hit;
import io.lcscanner.core.OutcomeSummary;
import io.lcscanner.core.ScanCancelledException;
import io.lcscanner.core.ScanHandle;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.TooManyHitsException;
import io.lcscanner.server.ApiException;
import io.lcscanner.server.Json;
import io.lcscanner.server.Problems;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scans: at most {@code maxConcurrent} at once on the shared {@link Scanner}, the rest queued per client (remote
 * address) and started round-robin across clients, each client running at most {@link ScanLimits#maxScansPerClient()}
 * at once: one client cannot hold every slot, and another client's scan waits for a free slot, not for the first
 * client's queue. Each running scan has a timeout; every state change is persisted and published; finished scans
 * beyond the retention limits are deleted, oldest first.
 *
 * <p>Scans run on the scanner's threads, never on the HTTP threads. The monitor guards only the queues and the
 * running set, and is held only to decide: starting a scan (the scanner, the source), scheduling its timeout,
 * writing files and publishing all happen after it is released, and the counts /metrics and /api/health read are
 * kept beside it, so they never wait.
 *
 * <p>On a {@linkplain ScanStore#shared shared} store (PostgreSQL, several instances) scans are queued in the
 * database ({@link ScanQueue}) and run by whichever instance has a free slot; any instance shows them: scans not
 * running here are read from the store, a stream follows one running elsewhere by polling the store
 * ({@link #FOLLOW_INTERVAL_MILLIS}), and a cancel of one is a request in the store that the running instance checks
 * as often.
 */
public final class ScanManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScanManager.class);
    private static final Logger perf = LoggerFactory.getLogger("io.lcscanner.performance");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What a client refused for a full queue is told to wait: about the time a scan of a year takes. */
    static final int RETRY_AFTER_SECONDS = 10;
    /** How often a running scan's progress is stored. */
    private static final long PROGRESS_STORE_INTERVAL_NANOS = 1_000_000_000L;
    /** The client of scans submitted without one (the library, tests). */
    public static final String LOCAL = "local";
    /** The client of the scans the shared queue hands this instance (they are not counted per client here). */
    private static final String QUEUE = "queue";
    /** On a shared store: progress is stored this often, so other instances' streams follow it closely. */
    private static final long SHARED_PROGRESS_STORE_INTERVAL_NANOS = 200_000_000L;
    /** On a shared store: how often scans followed here but running elsewhere, and cancel requests, are read. */
    static final long FOLLOW_INTERVAL_MILLIS = 250;
    /** How many times a scan is started at most: the first run and two revivals after its instance died. */
    static final int MAX_ATTEMPTS = 3;

    private final Scanner scanner;
    private final ScanStore store;
    private final ProgressHub hub;
    private final ScanMetrics metrics;
    private final int maxConcurrent;
    private final int maxQueued;
    private final ScanLimits limits;
    private final Duration timeout;
    private final String secret;
    private final String instance;
    private final boolean shared;
    /** On a shared store: the queue every instance takes scans from; {@code null}: this instance's own queues. */
    private volatile ScanQueue clusterQueue;
    private volatile RequestReader requests;
    /** Scans running elsewhere that streams here follow: the last state published for each. */
    private final Map<String, String> followed = new ConcurrentHashMap<>();
    private final Map<String, ScanRecord> scans = new ConcurrentHashMap<>();
    private final ScheduledExecutorService follower = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lcscanner-scan-follow");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lcscanner-scan-timeout");
        t.setDaemon(true);
        return t;
    });
    /**
     * Finishing a scan writes files: done on these threads, never on the scan's or a request's. One per
     * finishing scan (at most the running ones), so a scan retrying its writes holds up no other.
     */
    private final ExecutorService finisher = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lcscanner-scan-finish");
        t.setDaemon(true);
        return t;
    });
    private final List<Duration> storeRetries;
    /* Guarded by this: per client, its scans waiting in order. */
    private final Map<String, ArrayDeque<ScanRecord>> queues = new HashMap<>();
    /* Guarded by this: when each client with scans running or queued was last given a slot (a count of slots given). */
    private final Map<String, Long> servedAt = new HashMap<>();
    private long served;
    private final Map<String, Running> running = new HashMap<>();
    private final Map<String, Integer> runningPerClient = new HashMap<>();
    /* Written under this, read without it: what /metrics and /api/health show. */
    private final AtomicInteger activeCount = new AtomicInteger();
    private final AtomicInteger queuedCount = new AtomicInteger();
    private volatile boolean closed;

    /**
     * @param secret a value never shown in a scan's error (the Polygon key), or {@code null}
     */
    public ScanManager(Scanner scanner, ScanStore store, ProgressHub hub, ScanMetrics metrics, int maxConcurrent, int maxQueued,
                Duration timeout, String secret, List<Duration> storeRetries) {
        this(scanner, store, hub, metrics, maxConcurrent, maxQueued, timeout, secret, storeRetries,
                ScanLimits.defaults(maxConcurrent, maxQueued));
    }

    /**
     * @param secret a value never shown in a scan's error (the Polygon key), or {@code null}
     * @param limits the hit cap (for messages: the scanner enforces it), one client's share, retention
     */
    public ScanManager(Scanner scanner, ScanStore store, ProgressHub hub, ScanMetrics metrics, int maxConcurrent, int maxQueued,
                Duration timeout, String secret, List<Duration> storeRetries, ScanLimits limits) {
        this(scanner, store, hub, metrics, maxConcurrent, maxQueued, timeout, secret, storeRetries, limits, null);
    }

    /**
     * @param secret   a value never shown in a scan's error (the Polygon key), or {@code null}
     * @param limits   the hit cap (for messages: the scanner enforces it), one client's share, retention
     * @param instance this server's instance id, recorded with the scans it runs; {@code null}: not shown
     */
    public ScanManager(Scanner scanner, ScanStore store, ProgressHub hub, ScanMetrics metrics, int maxConcurrent, int maxQueued,
                Duration timeout, String secret, List<Duration> storeRetries, ScanLimits limits, String instance) {
        this.secret = secret;
        this.instance = instance;
        this.shared = store.shared();
        this.storeRetries = List.copyOf(storeRetries);
        this.scanner = scanner;
        this.store = store;
        this.hub = hub;
        this.metrics = metrics;
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
        this.limits = limits;
        this.timeout = timeout;
        metrics.gauges(this::activeCount, this::queuedCount);
        if (limits.maxScanAge() != null) { // scans also age while none finishes
            timer.scheduleWithFixedDelay(() -> finisher.execute(this::applyRetention), 1, 1, TimeUnit.HOURS);
        }
        if (shared) { // its own thread: reading the store never delays a time-out
            follower.scheduleWithFixedDelay(this::followOthers, FOLLOW_INTERVAL_MILLIS, FOLLOW_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** Rebuilds a queued scan's request from what was stored: the request as understood and its scanner document. */
    @FunctionalInterface
    public interface RequestReader {
        ScanRequest read(JsonNode requestJson, String scannerDocument) throws IOException;
    }

    /**
     * Takes scans from {@code queue} (shared by every instance on the database) instead of this instance's own
     * queue: {@link #submit} queues there, and {@link #runQueued} runs what the queue hands this instance.
     */
    public void useQueue(ScanQueue queue, RequestReader reader) {
        this.requests = reader;
        this.clusterQueue = queue;
    }


    /** Lists the stored scans again; one that was queued or running when the process died is interrupted. */
    public void loadStored() throws IOException {
        for (ScanRecord r : store.loadAll()) {
            // on a shared store another instance's unfinished scan is its own business, and the queue revives the
            // scans of a dead instance, this one included
            boolean mine = !shared || clusterQueue == null && (r.instance() == null || r.instance().equals(instance));
            if (!r.status().isFinal() && mine) {
                r.interruptedByCrash("the server stopped before the scan finished");
                store.saveMetadata(r);
                log.info("scan {} was interrupted by a server stop", r.id());
            }
            if (mine) { // another instance's scans are read from the store when asked for
                scans.put(r.id(), r);
            }
        }
        log.info("loaded {} stored scans from {}", scans.size(), store.description());
        applyRetention();
    }

    /** {@link #submit(ScanRequest, ObjectNode, boolean, List, String)} for the {@link #LOCAL} client, without warnings. */
    public ScanRecord submit(ScanRequest request, ObjectNode requestJson, boolean premarket) {
        return submit(request, requestJson, premarket, List.of(), LOCAL);
    }

    /** {@link #submit(ScanRequest, ObjectNode, boolean, List, String)} without warnings. */
    public ScanRecord submit(ScanRequest request, ObjectNode requestJson, boolean premarket, String client) {
        return submit(request, requestJson, premarket, List.of(), client);
    }

    /**
     * Accepts a scan of {@code client} (its remote address), with the warnings found before it (shown with its
     * progress): it starts now if a slot is free and the client has
     * fewer than its share running, else it waits in the client's queue.
     *
     * @throws ApiException 429 when the queue, or the client's share of it, is full; 503 while shutting down
     */
    public ScanRecord submit(ScanRequest request, ObjectNode requestJson, boolean premarket, List<String> warnings,
                             String client) {
        String id = newId();
        while (scans.containsKey(id) || exists(id)) { // two scans in one second with the same 32 random bits
            id = newId();
        }
        if (clusterQueue != null) {
            return submitToQueue(id, request, requestJson, premarket);
        }
        ScanRecord r = new ScanRecord(id, Instant.now(), request, requestJson, premarket,
                scanner.source().description(), instance);
        r.warn(warnings);
        try { // before anyone can see the scan, so that no delete can race with it
            store.saveScanner(r.id(), request.scanner().json());
        } catch (IOException e) {
            log.error("scan {}: writing its scanner document failed", r.id(), e);
        }
        List<Running> started;
        try {
            synchronized (this) {
                if (closed) {
                    throw new ApiException(503, "shutting_down", "the server is shutting down");
                }
                ArrayDeque<ScanRecord> mine = queues.get(client);
                boolean startsNow = running.size() < maxConcurrent && mine == null
                        && runningPerClient.getOrDefault(client, 0) < limits.maxScansPerClient();
                if (!startsNow && queuedCount.get() >= maxQueued) {
                    throw new ApiException(429, "queue_full", "too many scans: " + running.size() + " running and "
                            + queuedCount.get() + " queued (limit " + maxQueued + "); retry later", null, RETRY_AFTER_SECONDS);
                }
                int yours = mine == null ? 0 : mine.size();
                if (!startsNow && yours >= limits.maxQueuedPerClient()) {
                    throw new ApiException(429, "queue_full", "you have " + yours + " scans queued, the most one client "
                            + "may (SCANNER_MAX_QUEUED_PER_CLIENT); retry when one has started", null, RETRY_AFTER_SECONDS);
                }
                scans.put(r.id(), r);
                queues.computeIfAbsent(client, c -> new ArrayDeque<>()).addLast(r);
                started = dispatch();
            }
        } catch (ApiException refused) {
            store.deleteQuietly(r.id());
            throw refused;
        }
        boolean startsNow = started.stream().anyMatch(run -> run.record == r);
        if (!startsNow) {
            announce(r); // queued
        }
        log.info("scan {} {} for {} ({}, {} .. {})", r.id(), startsNow ? "started" : "queued", client, r.scanner(),
                request.from(), request.to());
        started.forEach(this::launch);
        return r;
    }

    /**
     * Under the monitor: takes queued scans into free slots, one at a time from the client that has the fewest running
     * and, among those, was served longest ago (never served first), each under its running cap; marks them running
     * and counts them. The caller launches them after releasing the monitor.
     */
    private List<Running> dispatch() {
        List<Running> out = new ArrayList<>();
        while (!closed && running.size() < maxConcurrent) {
            String next = null;
            int fewest = Integer.MAX_VALUE;
            long longestAgo = Long.MAX_VALUE;
            for (String client : queues.keySet()) {
                int runs = runningPerClient.getOrDefault(client, 0);
                long served = servedAt.getOrDefault(client, -1L);
                if (runs < limits.maxScansPerClient() && (runs < fewest || runs == fewest && served < longestAgo)) {
                    next = client;
                    fewest = runs;
                    longestAgo = served;
                }
            }
            if (next == null) {
                break;
            }
            ArrayDeque<ScanRecord> q = queues.get(next);
            ScanRecord r = q.pollFirst();
            if (q.isEmpty()) {
                queues.remove(next);
            }
            servedAt.put(next, ++served);
            r.markRunning(Instant.now());
            Running run = new Running(r, next);
            running.put(r.id(), run);
            runningPerClient.merge(next, 1, Integer::sum);
            out.add(run);
        }
        recount();
        return out;
    }

    /* Under the monitor: the lock-free counts follow the queues and the running set. */
    private void recount() {
        activeCount.set(running.size());
        int waiting = 0;
        for (ArrayDeque<ScanRecord> q : queues.values()) {
            waiting += q.size();
        }
        queuedCount.set(waiting);
    }

    /**
     * Starts a scan {@link #dispatch} took; without the monitor, as the scanner compiles the scanner and asks the
     * source (which may be slow). A cancel or shutdown that came meanwhile stops it as soon as its handle exists.
     */
    private void launch(Running run) {
        ScanRecord r = run.record;
        announce(r); // running
        long before = usedHeap();
        ScanHandle h;
        try {
            h = scanner.start(r.request(), p -> {
                r.progress(p);
                hub.publish(r);
                if (r.progressStoreDue(System.nanoTime(), shared ? SHARED_PROGRESS_STORE_INTERVAL_NANOS : PROGRESS_STORE_INTERVAL_NANOS)) {
                    // so a crash leaves the last progress on disk; written off the scan's thread
                    try {
                        finisher.execute(() -> persist(r));
                    } catch (RejectedExecutionException e) {
                        // shutting down: the final state is persisted by shutdown()
                    }
                }
            });
        } catch (RuntimeException e) { // the scanner refused the request: the scan fails, the server goes on
            log.warn("scan {} could not start: {}", r.id(), e.getMessage());
            finish(run, null, e, null, before);
            return;
        }
        ScheduledFuture<?> timeoutTask;
        try {
            timeoutTask = timer.schedule(() -> {
                if (!h.isDone()) {
                    r.markTimedOut();
                    h.cancel();
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            timeoutTask = null;
        }
        boolean stopNow;
        synchronized (this) {
            run.handle = h;
            stopNow = run.cancelRequested || closed;
        }
        ScheduledFuture<?> t = timeoutTask;
        h.result().toCompletableFuture().whenCompleteAsync((result, error) -> finish(run, result, error, t, before), finisher);
        if (stopNow) {
            h.cancel();
        }
    }

    /** Queues a scan for any instance: stored first (queued, no instance yet), then handed to the shared queue. */
    private ScanRecord submitToQueue(String id, ScanRequest request, ObjectNode requestJson, boolean premarket) {
        synchronized (this) {
            if (closed) {
                throw new ApiException(503, "shutting_down", "the server is shutting down");
            }
        }
        int waiting;
        try {
            waiting = clusterQueue.waiting();
        } catch (IOException e) {
            throw new ApiException(503, "store_unavailable", "the scan queue cannot be read: " + Problems.reason(e));
        }
        if (waiting >= maxQueued) {
            throw new ApiException(429, "queue_full", "too many scans: " + waiting + " queued (limit " + maxQueued
                    + "); retry later", null, RETRY_AFTER_SECONDS);
        }
        ScanRecord r = new ScanRecord(id, Instant.now(), request, requestJson, premarket, scanner.source().description(), null);
        try {
            store.saveScanner(id, request.scanner().json());
            store.saveMetadata(r);
            clusterQueue.enqueue(id);
        } catch (IOException | RuntimeException e) {
            store.deleteQuietly(id);
            throw new ApiException(503, "store_unavailable", "the scan could not be queued: " + Problems.reason(e));
        }
        log.info("scan {} queued ({}, {} .. {})", id, r.scanner(), request.from(), request.to());
        return r;
    }

    /**
     * Runs queued scan {@code id} here, on a queue thread, and returns when it is over. A scan whose instance died is
     * handed here again and runs from the start (scans are deterministic), at most {@link #MAX_ATTEMPTS} times.
     */
    public void runQueued(String id) {
        try {
            ScanRecord stored = store.load(id).orElse(null);
            if (stored == null || stored.status().isFinal()) {
                return; // deleted, or cancelled while queued
            }
            int attempt = clusterQueue.startAttempt(id);
            if (store.cancelRequested(id)) {
                endStored(stored, ScanRecord.Status.CANCELLED, "Cancelled before it started");
                return;
            }
            if (attempt > MAX_ATTEMPTS) {
                endStored(stored, ScanRecord.Status.FAILED, "scan failed: the instances running it stopped responding "
                        + MAX_ATTEMPTS + " times");
                return;
            }
            ScanRequest request;
            try {
                request = requests.read(stored.progressJson().request(), store.readScanner(id)
                        .orElseThrow(() -> new IOException("its scanner document is missing")));
            } catch (IOException | RuntimeException e) {
                endStored(stored, ScanRecord.Status.FAILED, "scan failed: its stored request cannot be read: " + Problems.describe(e));
                return;
            }
            ScanRecord r = new ScanRecord(id, stored.createdAt(), request, (ObjectNode) stored.progressJson().request(),
                    stored.premarket(), scanner.source().description(), instance);
            if (attempt > 1) {
                r.note("Restarted on " + instance + " after the instance running it stopped responding");
                log.warn("scan {}: restarted on {} (attempt {} of {}) after its instance {} stopped responding", id, instance,
                        attempt, MAX_ATTEMPTS, stored.instance());
            }
            Running run = new Running(r, QUEUE);
            synchronized (this) {
                if (closed) { // fails the queue's execution: it is retried, by another instance
                    throw new IllegalStateException("this instance is stopping");
                }
                scans.put(id, r);
                r.markRunning(Instant.now());
                running.put(id, run);
                recount();
            }
            log.info("scan {} started on {} ({}, {} .. {})", id, instance, r.scanner(), request.from(), request.to());
            launch(run);
            run.finished.join();
        } catch (IOException e) {
            log.error("scan {}: running it from the queue failed: {}", id, e.toString());
        }
    }

    /** Ends a stored scan that did not run here (cancelled while queued, given up). */
    private void endStored(ScanRecord stored, ScanRecord.Status status, String why) throws IOException {
        ScanRecord done = stored.snapshot();
        done.end(status, Instant.now(), why);
        store.saveFinalMetadata(stored, done);
        log.info("scan {} {}: {}", stored.id(), status.json(), why);
    }

    /** Stores and publishes a record's new state; called without the lock. */
    private void announce(ScanRecord r) {
        persist(r);
        hub.publish(r);
    }

    public Optional<ScanRecord> get(String id) {
        if (!ScanStore.validId(id)) {
            return Optional.empty();
        }
        ScanRecord local = scans.get(id);
        if (!shared || local != null && !local.status().isFinal()) {
            return Optional.ofNullable(local);
        }
        try { // another instance may run it, have finished or deleted it
            return store.load(id);
        } catch (IOException e) {
            log.warn("reading scan {} from the store failed: {}", id, e.toString());
            return Optional.ofNullable(local);
        }
    }


    /** Every scan, newest first (on a shared store, every instance's). */
    public List<ScanRecord> list() {
        List<ScanRecord> all = new ArrayList<>(scans.values());
        if (shared) {
            try {
                Map<String, ScanRecord> byId = new HashMap<>();
                store.loadAll().forEach(r -> byId.put(r.id(), r));
                scans.values().stream().filter(r -> !r.status().isFinal()).forEach(r -> byId.put(r.id(), r)); // live here
                all = new ArrayList<>(byId.values());
            } catch (IOException e) {
                log.warn("listing the scans of the store failed: {}", e.toString());
            }
        }
        all.sort(Comparator.comparing(ScanRecord::createdAt).thenComparing(ScanRecord::id).reversed());
        return all;
    }

    /**
     * Cancels a queued scan at once, or asks a running one to stop (it ends as cancelled shortly).
     *
     * @return whether it did either; {@code false} when the scan was already over
     */
    public boolean cancel(ScanRecord r) {
        ScanHandle stop = null;
        boolean dequeued = false;
        boolean elsewhere = false;
        synchronized (this) {
            if (r.status().isFinal()) {
                return false;
            }
            for (var it = queues.entrySet().iterator(); it.hasNext() && !dequeued; ) {
                ArrayDeque<ScanRecord> q = it.next().getValue();
                dequeued = q.remove(r);
                if (q.isEmpty()) {
                    it.remove();
                }
            }
            if (dequeued) {
                r.end(ScanRecord.Status.CANCELLED, Instant.now(), "Cancelled before it started");
                recount();
            } else {
                Running run = running.get(r.id());
                if (run == null && !shared) {
                    return false;
                }
                if (run != null) {
                    stop = run.handle;
                    run.cancelRequested = true; // a scan still starting is stopped once its handle exists
                }
                elsewhere = run == null;
            }
        }
        if (elsewhere) { // not running here: asked of the store, without the lock
            return cancelElsewhere(r);
        }
        if (stop != null) {
            stop.cancel();
        } else if (dequeued) {
            metrics.scanFinished("cancelled", 0, 0);
            announce(r);
        }
        return true;
    }

    /**
     * Removes a finished scan and its files.
     *
     * @throws ApiException 409 while it is queued or running
     */
    public void delete(ScanRecord r) throws IOException {
        synchronized (this) {
            if (!r.status().isFinal() || running.containsKey(r.id())) { // still finishing: its files are being written
                throw new ApiException(409, "scan_active", "scan " + r.id() + " is " + r.status().json()
                        + "; cancel it first");
            }
            scans.remove(r.id());
        }
        hub.forget(r.id());
        store.delete(r);
        log.info("scan {} deleted", r.id());
    }

    /**
     * Deletes finished scans beyond the retention limits: the oldest (by when they ended) past
     * {@link ScanLimits#maxStoredScans()}, and any older than {@link ScanLimits#maxScanAge()}. Never a queued or
     * running one. Decided under the monitor, deleted after it.
     */
    void applyRetention() {
        int max = limits.maxStoredScans();
        Instant cutoff = limits.maxScanAge() == null ? null : Instant.now().minus(limits.maxScanAge());
        if (shared || max == 0 && cutoff == null) { // a shared store's scans are not all known here: not applied yet
            return;
        }
        List<ScanRecord> gone = new ArrayList<>();
        synchronized (this) {
            List<ScanRecord> finished = new ArrayList<>();
            for (ScanRecord r : scans.values()) {
                if (r.status().isFinal() && !running.containsKey(r.id())) {
                    finished.add(r);
                }
            }
            finished.sort(Comparator.comparing(ScanRecord::endedAt).thenComparing(ScanRecord::id));
            int excess = max == 0 ? 0 : scans.size() - max;
            for (ScanRecord r : finished) {
                if (excess > 0 || cutoff != null && r.endedAt().isBefore(cutoff)) {
                    gone.add(r);
                    scans.remove(r.id());
                    excess--;
                }
            }
        }
        for (ScanRecord r : gone) {
            hub.forget(r.id());
            try {
                store.delete(r);
                log.info("scan {} deleted by retention (ended {}; limits: {} scans, {} days)", r.id(), r.endedAt(),
                        max == 0 ? "no" : max, limits.maxScanAge() == null ? "no" : limits.maxScanAge().toDays());
            } catch (IOException e) {
                log.warn("scan {}: deleting it by retention failed: {}", r.id(), e.toString());
            }
        }
    }

    /**
     * A scan this instance does not run: one still in the shared queue is taken off it and ends cancelled now; one
     * running elsewhere gets a request its instance reads within {@link #FOLLOW_INTERVAL_MILLIS}.
     */
    private boolean cancelElsewhere(ScanRecord r) {
        try {
            if (clusterQueue != null && r.status() == ScanRecord.Status.QUEUED && clusterQueue.dequeue(r.id())) {
                endStored(r, ScanRecord.Status.CANCELLED, "Cancelled before it started");
                r.end(ScanRecord.Status.CANCELLED, Instant.now(), "Cancelled before it started");
                return true;
            }
            store.requestCancel(r.id());
            store.requestCancel(r.id());
            log.info("scan {}: asked its instance {} to cancel it", r.id(), r.instance());
            return true;
        } catch (IOException e) {
            throw new ApiException(503, "store_unavailable", "the cancel request could not be stored: " + Problems.reason(e));
        }
    }

    /**
     * On a shared store, every {@link #FOLLOW_INTERVAL_MILLIS}: publishes the stored state of each scan that streams
     * here follow and another instance runs (when it changed), and cancels the scans running here that another
     * instance was asked to cancel.
     */
    private void followOthers() {
        try {
            for (String id : hub.followedScans()) {
                ScanRecord local = scans.get(id);
                if (local != null && !local.status().isFinal()) {
                    continue; // runs here: published as it goes
                }
                Optional<ScanRecord> stored = store.load(id);
                if (stored.isPresent()) {
                    ScanRecord r = stored.get();
                    String state = Json.text(r.eventData());
                    if (!state.equals(followed.put(id, state))) {
                        hub.publish(r);
                    }
                    if (r.status().isFinal()) {
                        followed.remove(id);
                    }
                }
            }
            List<ScanRecord> mine = new ArrayList<>();
            synchronized (this) {
                queues.values().forEach(mine::addAll);
                running.values().forEach(run -> mine.add(run.record));
            }
            for (ScanRecord r : mine) {
                if (r != null && !r.status().isFinal() && store.cancelRequested(r.id())) {
                    cancel(r);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("following the scans of other instances failed: {}", e.toString());
        }
    }

    /** Scans running now; never waits. */
    public int activeCount() {
        return activeCount.get();
    }

    /** Scans queued now; never waits. */
    public int queuedCount() {
        return queuedCount.get();
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    public ScanLimits limits() {
        return limits;
    }

    private void finish(Running run, ScanResult result, Throwable error, ScheduledFuture<?> timeoutTask, long heapBefore) {
        ScanRecord r = run.record;
        if (timeoutTask != null) {
            timeoutTask.cancel(false);
        }
        Outcome outcome;
        try {
            outcome = settle(r, result, error, heapBefore);
        } catch (RuntimeException e) {
            log.error("scan {}: finishing failed", r.id(), e);
            outcome = new Outcome(ScanRecord.Status.FAILED, "scan failed: internal error", null);
        }
        // Bookkeeping first, the visible status last: a client that sees the final status also sees the
        // counters, the freed slot and the stored files.
        Double seconds = r.executionTime();
        metrics.scanFinished(outcome.status().json(), seconds == null ? 0 : seconds,
                outcome.result() == null ? 0 : outcome.result().stats().barsPerSecond());
        // the final state goes to disk before anyone can see it, and without holding the monitor
        Instant now = Instant.now();
        ScanRecord finalState = r.snapshot();
        if (!finalState.status().isFinal()) {
            outcome.applyTo(finalState, now);
            try {
                store.saveFinalMetadata(r, finalState);
            } catch (IOException e) {
                log.error("scan {}: writing its final metadata failed: {}", r.id(), e.toString());
            }
        }
        List<Running> started;
        synchronized (this) {
            running.remove(r.id());
            runningPerClient.computeIfPresent(run.client, (c, n) -> n == 1 ? null : n - 1);
            if (!runningPerClient.containsKey(run.client) && !queues.containsKey(run.client)) {
                servedAt.remove(run.client); // nothing left of it: forgotten, so the map stays as small as the queue
            }
            if (!r.status().isFinal()) { // shutdown may have recorded the interruption already
                outcome.applyTo(r, now);
            }
            started = dispatch();
        }
        log.info("scan {} {} in {} s", r.id(), r.status().json(), r.executionTime());
        hub.publish(r);
        run.finished.complete(null);
        started.forEach(this::launch);
        applyRetention();
    }

    /** How a scan ended; applied to its record in one step. */
    private record Outcome(ScanRecord.Status status, String message, ScanResult result) {
        void applyTo(ScanRecord r, Instant now) {
            if (status == ScanRecord.Status.COMPLETED) {
                r.complete(now, result.hits().size(), result.stats(), result.schema(), result.warnings());
            } else {
                r.end(status, now, message);
            }
        }
    }

    /** Decides the outcome; a completed scan's results are stored before anyone can see it completed. */
    private Outcome settle(ScanRecord r, ScanResult result, Throwable error, long heapBefore) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (result != null) {
            String failure = storeResults(r, result);
            if (failure != null) {
                return new Outcome(ScanRecord.Status.FAILED, "the results could not be stored: " + failure, null);
            }
            var s = result.stats();
            perf.info("scan={} tickers={} bars={} hits={} load_ms={} compute_ms={} intraday_ms={} total_ms={} "
                            + "bars_per_s={} heap_used_mb={} heap_delta_mb={}",
                    r.id(), s.tickers(), s.bars(), result.hits().size(), s.loadMs(), s.computeMs(), s.intradayMs(),
                    s.totalMs(), Math.round(s.barsPerSecond()), usedHeap() >> 20, (usedHeap() - heapBefore) >> 20);
            result.warnings().forEach(w -> log.warn("scan {}: {}", r.id(), w));
            return new Outcome(ScanRecord.Status.COMPLETED, null, result);
        }
        if (cause instanceof TooManyHitsException tooMany) {
            log.warn("scan {} stopped at its hit cap of {}", r.id(), tooMany.maxHits());
            return new Outcome(ScanRecord.Status.FAILED, tooManyHits(tooMany.maxHits()), null);
        }
        if (cause instanceof ScanCancelledException) {
            if (r.timedOut()) {
                log.warn("scan {} timed out after {}", r.id(), describe(timeout));
                return new Outcome(ScanRecord.Status.FAILED, "timeout: the scan ran longer than " + describe(timeout), null);
            }
            return r.shutdown()
                    ? new Outcome(ScanRecord.Status.INTERRUPTED, "the server stopped before the scan finished", null)
                    : new Outcome(ScanRecord.Status.CANCELLED, "Cancelled", null);
        }
        if (cause instanceof IllegalArgumentException) { // the scanner refused the request at start
            return new Outcome(ScanRecord.Status.FAILED, "scan failed: " + redact(Problems.describe(cause)), null);
        }
        log.error("scan {} failed", r.id(), cause);
        return new Outcome(ScanRecord.Status.FAILED, "scan failed: " + redact(Problems.describe(cause)), null);
    }

    /** The message of a scan stopped at the hit cap. */
    static String tooManyHits(int maxHits) {
        return String.format(Locale.ROOT, "stopped at %,d hits (SCANNER_MAX_HITS): narrow the dates, the tickers or the "
                + "scanner", maxHits);
    }

    /**
     * Stores the hits (and the summary), retried after the waits of {@code storeRetries} (descriptors or disk may come
     * back); what could be stored is kept even if the rest could not.
     *
     * @return {@code null} when all is stored, else why not (for clients: no paths)
     */
    private String storeResults(ScanRecord r, ScanResult result) {
        try (ScanStore.ResultsWriter w = store.writeResults(r.id(), result.schema())) {
            for (Hit h : result.hits()) {
                w.append(h);
            }
            OutcomeSummary summary = result.summary().orElse(null);
            for (int attempt = 0; ; attempt++) {
                IOException last;
                try {
                    w.finish(summary);
                    return null;
                } catch (IOException e) {
                    last = e;
                }
                String why = Problems.reason(last);
                if (attempt >= storeRetries.size() || isClosed()) {
                    log.error("scan {}: storing its results failed for good after {} attempts: {}", r.id(), attempt + 1,
                            last.toString());
                    return why;
                }
                Duration wait = storeRetries.get(attempt);
                log.warn("scan {}: storing its results failed ({}); retrying in {} ms", r.id(), last.toString(), wait.toMillis());
                r.note("Storing the results failed (" + why + "); retrying");
                persist(r);
                hub.publish(r);
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return why;
                }
            }
        } catch (IOException e) {
            log.error("scan {}: storing its results failed: {}", r.id(), e.toString());
            return Problems.reason(e);
        }
    }

    private boolean isClosed() {
        return closed;
    }

    /** A failure message goes to clients: never with the data source's secret in it. */
    private String redact(String message) {
        return secret == null || secret.isEmpty() ? message : message.replace(secret, "***");
    }

    /** A scan given a slot: its handle once started, and the future of its {@link #finish} (state persisted). */
    private static final class Running {
        final ScanRecord record;
        final String client;
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        /* Guarded by the manager's monitor. */
        ScanHandle handle;
        boolean cancelRequested;

        Running(ScanRecord record, String client) {
            this.record = record;
            this.client = client;
        }
    }

    /**
     * Stops accepting scans, cancels the queued and running ones (they end as interrupted) and waits
     * up to {@code wait} for the running ones to persist that.
     */
    public void shutdown(Duration wait) {
        List<CompletableFuture<?>> pending = new ArrayList<>();
        List<ScanRecord> cut = new ArrayList<>();
        List<ScanRecord> unstarted = new ArrayList<>();
        List<ScanHandle> stop = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queues.values().forEach(unstarted::addAll);
            for (ScanRecord r : unstarted) {
                r.end(ScanRecord.Status.INTERRUPTED, Instant.now(), "the server stopped before the scan started");
            }
            queues.clear();
            for (Running run : running.values()) {
                run.record.markShutdown();
                cut.add(run.record);
                if (run.handle != null) { // one still starting is stopped by launch(), which sees closed
                    stop.add(run.handle);
                }
                pending.add(run.finished);
            }
            recount();
        }
        unstarted.forEach(this::announce);
        stop.forEach(ScanHandle::cancel);
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // the scans' outcomes are handled in finish(); here only the bounded wait matters
        }
        for (ScanRecord r : cut) {
            boolean recorded;
            synchronized (this) {
                recorded = !r.status().isFinal();
                if (recorded) { // did not stop in time: record the interruption ourselves
                    r.end(ScanRecord.Status.INTERRUPTED, Instant.now(), "the server stopped before the scan finished");
                }
            }
            if (recorded) {
                persist(r);
            }
        }
        timer.shutdownNow();
        follower.shutdownNow();
        finisher.shutdown();
        try { // progress writes still queued
            finisher.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }

    private void persist(ScanRecord r) {
        try {
            store.saveMetadata(r);
        } catch (IOException e) {
            log.error("scan {}: writing metadata failed", r.id(), e);
        }
    }

    private boolean exists(String id) {
        try {
            return store.exists(id);
        } catch (IOException e) {
            log.warn("cannot tell whether scan id {} is taken: {}", id, e.toString());
            return false; // 32 random bits: a clash is unlikely, and writing its files would fail then
        }
    }

    private static String newId() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "scan_" + ID_TIME.format(Instant.now()) + "_" + HexFormat.of().formatHex(b);
    }

    private static String describe(Duration d) {
        return d.toMinutes() >= 1 && d.toSecondsPart() == 0 && d.toMillisPart() == 0
                ? d.toMinutes() + " minutes" : d.toMillis() + " ms";
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

}
