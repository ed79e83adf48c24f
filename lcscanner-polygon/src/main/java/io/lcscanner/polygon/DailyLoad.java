package io.lcscanner.polygon;

import io.lcscanner.core.source.BarSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load of daily bars: every session of a window into one {@link ColumnStore}, from the cache where a
 * session is there and from Polygon where not, then the {@link SplitCheck}.
 *
 * <p>A fetched session is the inner join on ticker (spec §1) of its two grouped-daily answers, adjusted and as
 * traded, fetched at once; the adjusted one is written into the store as it is parsed, the as-traded one held
 * ({@link GroupedDaily.Held}, reused buffers) and written once both are in, so that the store can keep as-traded
 * prices only where they differ from the adjusted ones ({@link ColumnStore}). An empty answer on a trading day is
 * asked once more, and a session still without rows is reported, not failed. Cached sessions are copied in
 * sixteen at a time on the cache threads (one per core), off the HTTP threads. Everything runs at once, bounded
 * by the client's concurrency and the cache threads; nothing is held per session but the answer being parsed and
 * the as-traded rows waiting for their adjusted answer (~0.5 MB per 10,000 rows), so memory is the store's. This
 * thread only waits, reports progress in the order sessions finish, and cancels everything on an interrupt or a
 * failure.
 */
final class DailyLoad {
    private static final Logger LOG = LoggerFactory.getLogger(DailyLoad.class);
    private static final int CHUNK = 16;
    private static final AtomicInteger CACHE_THREADS = new AtomicInteger();
    /** Cache files are read off the HTTP threads, one per core; shared by every load. */
    private static final ExecutorService CACHE_READERS = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), r -> {
                Thread t = new Thread(r, "polygon-cache-" + CACHE_THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private final PolygonClient client;
    private final CacheLayout cache;
    private final ZonedDateTime now;
    private final AtomicLong cacheHits, cacheMisses;
    private final Inflight inflight = new Inflight();
    private final ConcurrentLinkedQueue<SessionFile.Loader> loaders = new ConcurrentLinkedQueue<>();
    /** Buffers for as-traded answers read before their adjusted ones are in: about one per request in flight. */
    private final ConcurrentLinkedQueue<GroupedDaily.Held> holders = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Done> done = new LinkedBlockingQueue<>();
    private ColumnStore store;

    /** What became of one session. */
    private record Done(int slot, boolean missing, boolean cached, int adjustedAsOf, int invalidRows, Throwable failure) {
        static Done failed(Throwable e) {
            return new Done(-1, false, false, 0, 0, e);
        }
    }

    /** The loaded store, and the sessions Polygon had no bars for. */
    record Result(ColumnStore store, List<LocalDate> missing, List<String> warnings) {
    }

    /** A load at {@code now} through {@code client}, caching under {@code cache} (null: no cache). */
    DailyLoad(PolygonClient client, CacheLayout cache, ZonedDateTime now, AtomicLong cacheHits, AtomicLong cacheMisses) {
        this.client = client;
        this.cache = cache;
        this.now = now;
        this.cacheHits = cacheHits;
        this.cacheMisses = cacheMisses;
    }

    /** Loads {@code sessions} (finished, ascending) for the tickers {@code tickers} accepts. */
    Result run(List<LocalDate> sessions, Predicate<String> tickers, BarSource.LoadListener progress)
            throws IOException, InterruptedException {
        int n = sessions.size();
        int[] days = sessions.stream().mapToInt(d -> (int) d.toEpochDay()).toArray();
        store = new ColumnStore(days, tickers);
        long requests0 = client.requestCount(), retries0 = client.retryCount();
        int[] asOfBySlot = new int[n];
        Arrays.fill(asOfBySlot, SplitCheck.FRESH);
        int oldestAsOf = SplitCheck.FRESH;
        SplitCheck splits = new SplitCheck(client, cache, inflight, now.toLocalDate());
        TreeSet<LocalDate> missing = new TreeSet<>();
        int cached = 0, invalid = 0, invalidSessions = 0;
        try {
            for (int first = 0; first < n; first += CHUNK) {
                start(first, Math.min(CHUNK, n - first));
            }
            for (int i = 0; i < n; i++) {
                Done d = done.take();
                if (d.failure != null) {
                    inflight.cancelAll();
                    throw Inflight.rethrowable(d.failure);
                }
                if (d.missing) {
                    missing.add(LocalDate.ofEpochDay(days[d.slot]));
                } else if (d.cached) {
                    cached++;
                    asOfBySlot[d.slot] = d.adjustedAsOf;
                    oldestAsOf = Math.min(oldestAsOf, d.adjustedAsOf);
                    splits.start(LocalDate.ofEpochDay(d.adjustedAsOf));
                }
                invalid += d.invalidRows;
                invalidSessions += d.invalidRows > 0 ? 1 : 0;
                progress.progress(i + 1, n, "Polygon: " + (i + 1) + "/" + n + " sessions (" + cached + " from cache), "
                        + (client.requestCount() - requests0) + " requests, " + (client.retryCount() - retries0) + " retries");
            }
            List<String> warnings = new ArrayList<>();
            for (LocalDate d : missing) {
                warnings.add("Polygon returned no bars for trading day " + d + " (asked twice); the scan ran without that session");
            }
            splits.refresh(store, asOfBySlot, oldestAsOf, warnings);
            if (invalid > 0) {
                String w = "skipped " + invalid + " invalid Polygon rows (non-printable ticker, bad prices, high < low) in "
                        + invalidSessions + " sessions";
                LOG.warn(w);
                warnings.add(w);
            }
            LOG.info("Polygon window {}..{}: {} sessions ({} from cache), {} requests, {} retries",
                    n == 0 ? "-" : sessions.get(0), n == 0 ? "-" : sessions.get(n - 1), n, cached,
                    client.requestCount() - requests0, client.retryCount() - retries0);
            return new Result(store, List.copyOf(missing), warnings);
        } catch (InterruptedException e) {
            inflight.cancelAll();
            throw e;
        }
    }

    /** Starts slots {@code [first, first + m)}: read from the cache where files are, fetched otherwise. */
    private void start(int first, int m) {
        if (cache == null) {
            for (int s = first; s < first + m; s++) {
                fetch(s);
            }
            return;
        }
        LocalDate[] dates = new LocalDate[m];
        Path[] files = new Path[m];
        for (int s = 0; s < m; s++) {
            dates[s] = LocalDate.ofEpochDay(store.day(first + s));
            files[s] = cache.session(dates[s]);
        }
        CompletableFuture<SessionFile.Cached[]> read = inflight.track(CompletableFuture.supplyAsync(() -> {
            SessionFile.Loader polled = loaders.poll(), loader = polled != null ? polled : new SessionFile.Loader();
            try {
                return loader.load(store, first, dates, files);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                loaders.add(loader);
            }
        }, CACHE_READERS));
        read.whenComplete((sessions, e) -> {
            if (e != null) {
                done.add(Done.failed(e));
                return;
            }
            for (int s = 0; s < m; s++) {
                SessionFile.Cached c = sessions[s];
                if (c == null) {
                    fetch(first + s);
                } else {
                    cacheHits.incrementAndGet();
                    done.add(new Done(first + s, false, true, (int) c.adjustedAsOf().toEpochDay(), c.invalidRows(), null));
                }
            }
        });
    }

    /** Fetches slot {@code slot}'s session, both price sets at once, and caches it once it is settled. */
    private void fetch(int slot) {
        cacheMisses.incrementAndGet();
        LocalDate session = LocalDate.ofEpochDay(store.day(slot));
        CompletableFuture<GroupedDaily.Answer> adjusted = fetchPriceSet(slot, true);
        CompletableFuture<GroupedDaily.Answer> asTraded = fetchPriceSet(slot, false);
        adjusted.thenCombine(asTraded, (a, u) -> {
            u.held().putInto(store, slot);
            holders.add(u.held());
            if (a.rows() == 0 || u.rows() == 0) {
                LOG.warn("no grouped-daily rows for trading day {} (adjusted {} rows, request_id {}; as-traded {} rows, "
                        + "request_id {}) after a retry", session, a.rows(), a.requestId(), u.rows(), u.requestId());
                return new Done(slot, true, false, 0, 0, null);
            }
            int invalid = a.invalidRows() + u.invalidRows();
            if (cache != null && SessionTimes.cacheable(session, now)) {
                try {
                    SessionFile.write(cache.session(session), store, slot, now.toLocalDate(), invalid);
                } catch (IOException e) {
                    LOG.warn("could not cache session {}: {}", session, e.toString());
                }
            }
            return new Done(slot, false, false, SplitCheck.FRESH, invalid, null);
        }).whenComplete((d, e) -> done.add(e != null ? Done.failed(e) : d));
    }

    /** One price set of one session; an empty answer on a trading day is asked once more. */
    private CompletableFuture<GroupedDaily.Answer> fetchPriceSet(int slot, boolean adjusted) {
        CompletableFuture<GroupedDaily.Answer> first = inflight.run(client, GroupedDaily.call(client, store, slot, adjusted, holders));
        return first.thenCompose(answer -> {
            if (answer.rows() > 0) {
                return CompletableFuture.completedFuture(answer);
            }
            LOG.info("empty grouped daily for trading day {} (adjusted={}, results {}); asking again",
                    LocalDate.ofEpochDay(store.day(slot)), adjusted, answer.results());
            return inflight.run(client, GroupedDaily.call(client, store, slot, adjusted, holders));
        });
    }
}
