package io.lcscanner.server.http;

import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.server.ApiException;
import java.time.LocalDate;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads of one ticker's series for {@code /api/bars}, off the I/O and request threads: a cold Polygon cache
 * makes one request per session, so a load can take minutes. A few loader threads and a short queue bound what
 * clients can start (beyond it 503 with Retry-After); identical loads in flight are one load; {@link #close()}
 * interrupts the loads, so shutdown does not wait for them.
 */
final class BarLoads implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BarLoads.class);
    static final int THREADS = 2;
    static final int QUEUE = 8;
    static final int RETRY_AFTER_SECONDS = 10;

    private record Key(String ticker, LocalDate from, LocalDate to) {
    }

    private final BarSource source;
    private final ThreadPoolExecutor pool;
    private final ConcurrentHashMap<Key, CompletableFuture<BarSeries>> inFlight = new ConcurrentHashMap<>();
    private volatile boolean closed;

    BarLoads(BarSource source) {
        this.source = source;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "bars-load-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The series of {@code ticker} over [from, to], loading it unless the same load is in flight. Fails with an
     * {@link ApiException}: 404 for a ticker the source does not know, 503 when busy, failing or shutting down.
     */
    CompletableFuture<BarSeries> load(String ticker, LocalDate from, LocalDate to) {
        Key key = new Key(ticker, from, to);
        CompletableFuture<BarSeries> mine = new CompletableFuture<>();
        CompletableFuture<BarSeries> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        if (closed) {
            finish(key, mine, null, shuttingDown());
            return mine;
        }
        try {
            pool.execute(() -> {
                try {
                    finish(key, mine, read(key), null);
                } catch (Throwable e) {
                    finish(key, mine, null, e);
                }
            });
        } catch (RejectedExecutionException e) {
            finish(key, mine, null, closed ? shuttingDown() : new ApiException(503, "bars_busy", THREADS
                    + " bar loads are running and " + QUEUE + " waiting; try again shortly", null, RETRY_AFTER_SECONDS));
        }
        return mine;
    }

    private void finish(Key key, CompletableFuture<BarSeries> f, BarSeries series, Throwable error) {
        inFlight.remove(key, f);
        if (error == null) {
            f.complete(series);
        } else {
            f.completeExceptionally(error);
        }
    }

    private BarSeries read(Key k) throws Exception {
        BarSource.Window w;
        try {
            w = source.open(k.from(), k.to(), k.ticker()::equals, BarSource.LoadListener.NONE);
        } catch (InterruptedException e) {
            throw shuttingDown();
        } catch (Exception e) {
            if (closed) {
                throw shuttingDown();
            }
            log.error("loading bars of {} from {} failed", k.ticker(), source.description(), e);
            throw new ApiException(503, "source_unavailable", "the data source could not be read; see the server log");
        }
        for (int i = 0; i < w.tickerCount(); i++) {
            if (w.ticker(i).equals(k.ticker())) {
                return w.series(i);
            }
        }
        // not in this window: a known ticker without bars here gets an empty list, anything else is unknown
        if (source.universe().tickers().contains(k.ticker())) {
            return BarSeries.adjustedOnly(k.ticker(), new int[0], new double[0], new double[0], new double[0],
                    new double[0], new double[0]);
        }
        throw new ApiException(404, "ticker_not_found", "no ticker " + k.ticker() + " in the data source");
    }

    private static ApiException shuttingDown() {
        return new ApiException(503, "shutting_down", "the server is shutting down");
    }

    /** Loads in flight: for tests. */
    int inFlight() {
        return inFlight.size();
    }

    /** Interrupts the loads and fails every load not finished, so no request waits on one. */
    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
        for (var e : inFlight.entrySet()) {
            finish(e.getKey(), e.getValue(), null, shuttingDown());
        }
    }
}
