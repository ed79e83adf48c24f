package io.lcscanner.polygon;

import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.IntradaySource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily bars from Polygon's grouped-daily endpoint: for each finished NYSE session of the window, the adjusted
 * and as-traded answers are fetched concurrently, validated and inner-joined on ticker (spec §1), streamed into
 * per-ticker columns as they are parsed ({@link DailyLoad}).
 *
 * <p><b>Cache.</b> With a cache directory, each finished session is kept as one file (both price sets, see
 * {@link SessionFile}) and never fetched again; a warm cache is checked against the splits executed since it was
 * filled ({@link SplitCheck}). Sessions are fetched from close + {@value SessionTimes#FETCH_MARGIN_MINUTES} min
 * and cached from close + {@value SessionTimes#CACHE_MARGIN_HOURS} h ({@link SessionTimes}).
 *
 * <p><b>Universe.</b> The tickers of the most recent finished session; {@code lastSession} that session;
 * {@code firstSession} the oldest session in the cache, or without one the first session two years back (the
 * history every Polygon plan offers).
 */
public final class PolygonBarSource implements BarSource {
    private static final Logger LOG = LoggerFactory.getLogger(PolygonBarSource.class);
    private final PolygonClient client;
    private final CacheLayout cache;
    private final Clock clock;
    private final PolygonIntradaySource intraday;
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong cacheMisses = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean tidied = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Universe universe;

    /** Caches under {@code client.config().cacheDir()} unless it is null. */
    public PolygonBarSource(PolygonClient client) {
        this(client, Clock.systemUTC());
    }

    /** With the clock that says which sessions are finished (tests and benchmarks fix it). */
    PolygonBarSource(PolygonClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.cache = client.config().cacheDir() == null ? null : new CacheLayout(client.config().cacheDir());
        this.intraday = new PolygonIntradaySource(client, cache, clock);
    }

    /**
     * For a program that holds a Polygon window for long (a scan, a server): keeps the JVM's G1 heap near its live
     * data instead of 40% above it, which bounds the peak RSS of a cold 12,000-ticker fetch (see README's Polygon
     * memory figures). Process-wide, so the library never does it by itself; does nothing under another collector
     * or when {@code -XX:MinHeapFreeRatio} was given. True if it changed the setting.
     */
    public static boolean keepHeapNearLiveData() {
        return HeapPolicy.keepHeapNearLiveData();
    }

    /** Sessions served from the disk cache so far (also in {@link #counters()}). */
    public long cacheHits() {
        return cacheHits.get();
    }

    /** Sessions that had to be fetched (not cached, or a corrupt cache file) so far (also in {@link #counters()}). */
    public long cacheMisses() {
        return cacheMisses.get();
    }

    /** The client this source fetches through. */
    public PolygonClient client() {
        return client;
    }

    /** The client's requests, retries and errors; sessions served from the cache and sessions fetched. */
    @Override
    public Counters counters() {
        return new Counters(client.requestCount(), client.retryCount(), client.errorCount(), cacheHits.get(),
                cacheMisses.get());
    }

    @Override
    public String description() {
        return "polygon:" + client.config().baseUrl().getHost() + (cache == null ? " (no cache)" : " (cache " + cache + ")");
    }

    @Override
    public Optional<IntradaySource> intraday() {
        return Optional.of(intraday);
    }

    @Override
    public Universe universe() throws IOException {
        tidyCache();
        ZonedDateTime now = now();
        LocalDate last = SessionTimes.lastFinished(now);
        Universe u = universe;
        if (u != null && last.equals(u.lastSession())) {
            return u;
        }
        try {
            for (int attempt = 0; attempt < 5; attempt++, last = NyseCalendar.previousSession(last)) {
                DailyLoad.Result r = new DailyLoad(client, cache, now, cacheHits, cacheMisses)
                        .run(List.of(last), t -> true, LoadListener.NONE);
                if (r.missing().isEmpty()) {
                    LocalDate first = cache == null ? null : cache.earliestSession();
                    if (first == null || first.isAfter(last)) {
                        first = NyseCalendar.nextSession(last.minusYears(2).minusDays(1));
                    }
                    int[] ids = r.store().tickersWithBars();
                    List<String> tickers = new ArrayList<>(ids.length);
                    for (int id : ids) {
                        tickers.add(r.store().name(id));
                    }
                    u = new Universe(description(), tickers, first, last);
                    universe = u;
                    return u;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("reading the Polygon universe was interrupted");
        }
        throw new IOException("Polygon returned no grouped-daily data for the last five sessions up to " + last);
    }

    @Override
    public Window open(LocalDate from, LocalDate to, Predicate<String> tickers, LoadListener listener)
            throws IOException, InterruptedException {
        tidyCache();
        ZonedDateTime now = now();
        LoadListener progress = listener == null ? LoadListener.NONE : listener;
        List<String> warnings = new ArrayList<>();
        List<LocalDate> sessions = new ArrayList<>();
        for (LocalDate d : to.isBefore(from) ? List.<LocalDate>of() : NyseCalendar.sessions(from, to)) {
            if (SessionTimes.finished(d, now)) {
                sessions.add(d);
            } else if (d.equals(now.toLocalDate())) {
                warnings.add("today's session " + d + " is not finished (close + " + SessionTimes.FETCH_MARGIN_MINUTES
                        + " min); the scan ends with the session before it");
            }
        }
        progress.progress(0, sessions.size(), "Polygon: " + sessions.size() + " sessions " + from + ".." + to);
        DailyLoad.Result r = new DailyLoad(client, cache, now, cacheHits, cacheMisses).run(sessions, tickers, progress);
        warnings.addAll(r.warnings());
        return window(r.store(), warnings);
    }

    private static Window window(ColumnStore store, List<String> warnings) {
        int[] ids = store.tickersWithBars();
        List<String> w = List.copyOf(warnings);
        return new Window() {
            @Override
            public int tickerCount() {
                return ids.length;
            }

            @Override
            public String ticker(int index) {
                return store.name(ids[index]);
            }

            @Override
            public BarSeries series(int index) {
                return store.series(ids[index]);
            }

            @Override
            public List<String> warnings() {
                return w;
            }
        };
    }

    private ZonedDateTime now() {
        return ZonedDateTime.now(clock.withZone(NyseCalendar.NEW_YORK));
    }

    /** Once per source, before its first load: removes what interrupted cache writes left (an hour old or more). */
    private void tidyCache() {
        if (cache != null && tidied.compareAndSet(false, true)) {
            try {
                int n = cache.removeLeftovers(java.time.Duration.ofHours(1));
                if (n > 0) {
                    LOG.info("removed {} unfinished cache files left by interrupted writes", n);
                }
            } catch (IOException e) {
                LOG.warn("could not tidy the cache: {}", e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "PolygonBarSource[" + description() + "]";
    }
}
