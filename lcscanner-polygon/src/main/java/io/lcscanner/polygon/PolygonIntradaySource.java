package io.lcscanner.polygon;

import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.IntradayBars;
import io.lcscanner.core.source.IntradaySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Split-adjusted 30-minute bars from Polygon's custom-bars endpoint
 * ({@code /v2/aggs/ticker/{T}/range/30/minute/{from}/{to}?adjusted=true&sort=asc&limit=50000}, every
 * {@code next_url} page), through the client's rate limit and retries.
 *
 * <p>With a cache, each ticker's bars of a finished New York date (after-hours over, 20:00 + 1 h) are kept
 * in one binary file — an empty day too — so a warm cache asks no bars for finished days. A cached day is
 * adjusted as of its fetch date; {@code pmh_next_day} is a price, so a day that a later split made stale is
 * fetched again. Which splits happened comes from one {@code /v3/reference/splits} query covering the last
 * {@value #SPLIT_HORIZON_DAYS} days, made only when cached days are read and kept for an hour; a cached day
 * older than that horizon is refetched.
 */
public final class PolygonIntradaySource implements IntradaySource {
    private static final Logger LOG = LoggerFactory.getLogger(PolygonIntradaySource.class);
    private static final LocalTime SETTLED = LocalTime.of(21, 0);
    static final int SPLIT_HORIZON_DAYS = 400;

    /** Split execution dates by ticker, as of {@code fetched}, covering {@code since} through that day. */
    private record SplitIndex(java.time.Instant fetched, LocalDate since, Map<String, List<LocalDate>> byTicker) {
    }

    private volatile SplitIndex splits;
    /** The split fetch in progress, which concurrent callers wait for instead of fetching again. */
    private final AtomicReference<CompletableFuture<SplitIndex>> refreshing = new AtomicReference<>();

    private final PolygonClient client;
    private final CacheLayout cache;
    private final Clock clock;

    /** Caches under {@code client.config().cacheDir()} unless it is null. */
    public PolygonIntradaySource(PolygonClient client) {
        this(client, client.config().cacheDir() == null ? null : new CacheLayout(client.config().cacheDir()),
                Clock.systemUTC());
    }

    /** With the clock that says which days are settled (tests fix it); no cache when {@code cache} is null. */
    PolygonIntradaySource(PolygonClient client, CacheLayout cache, Clock clock) {
        this.client = client;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public IntradayBars thirtyMinuteBars(String ticker, LocalDate from, LocalDate to) throws IOException, InterruptedException {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(NyseCalendar.NEW_YORK));
        List<LocalDate> days = NyseCalendar.sessions(from, to.isAfter(now.toLocalDate()) ? now.toLocalDate() : to);
        Map<LocalDate, IntradayDay> byDay = new HashMap<>();
        List<LocalDate> missing = new ArrayList<>();
        for (LocalDate d : days) {
            IntradayDay cached = read(ticker, d);
            if (cached != null && !stale(ticker, d, cached.asOf(), now)) {
                byDay.put(d, cached);
            } else {
                missing.add(d);
            }
        }
        if (!missing.isEmpty()) {
            LocalDate a = missing.get(0), b = missing.get(missing.size() - 1);
            CustomBars rows = CustomBars.fetch(client, ticker, 30, "minute", a, b, true);
            Map<LocalDate, List<Integer>> rowsByDay = new HashMap<>();
            for (int i = 0; i < rows.size; i++) {
                LocalDate d = Instant.ofEpochMilli(rows.start[i]).atZone(NyseCalendar.NEW_YORK).toLocalDate();
                rowsByDay.computeIfAbsent(d, k -> new ArrayList<>()).add(i);
            }
            for (LocalDate d : missing) {
                List<Integer> idx = rowsByDay.getOrDefault(d, List.of());
                long[] start = new long[idx.size()];
                double[][] cols = new double[5][idx.size()];
                for (int j = 0; j < idx.size(); j++) {
                    int i = idx.get(j);
                    start[j] = rows.start[i];
                    cols[0][j] = rows.open[i];
                    cols[1][j] = rows.high[i];
                    cols[2][j] = rows.low[i];
                    cols[3][j] = rows.close[i];
                    cols[4][j] = rows.volume[i];
                }
                IntradayDay day = new IntradayDay(now.toLocalDate(), start, cols);
                byDay.put(d, day);
                if (cache != null && !now.isBefore(ZonedDateTime.of(d, SETTLED, NyseCalendar.NEW_YORK))) {
                    try {
                        day.write(cache.intraday(ticker, d), d);
                    } catch (IOException e) {
                        LOG.warn("could not cache intraday bars of {} on {}: {}", ticker, d, e.toString());
                    }
                }
            }
        }
        int n = 0;
        for (LocalDate d : days) {
            n += byDay.get(d).size();
        }
        long[] start = new long[n];
        double[][] cols = new double[5][n];
        int at = 0;
        for (LocalDate d : days) {
            IntradayDay day = byDay.get(d);
            int m = day.size();
            System.arraycopy(day.start(), 0, start, at, m);
            for (int k = 0; k < 5; k++) {
                System.arraycopy(day.columns()[k], 0, cols[k], at, m);
            }
            at += m;
        }
        return new IntradayBars(ticker, start, cols[0], cols[1], cols[2], cols[3], cols[4]);
    }

    /** Whether a split executed after day {@code d}, on or after the fetch date {@code asOf}, made the cached bars stale. */
    private boolean stale(String ticker, LocalDate d, LocalDate asOf, ZonedDateTime now) throws IOException, InterruptedException {
        SplitIndex index = splitIndex(now);
        if (asOf.isBefore(index.since())) {
            return true; // older than what the split query covers: cannot be vouched for
        }
        for (LocalDate e : index.byTicker().getOrDefault(ticker, List.of())) {
            if (e.isAfter(d) && !e.isBefore(asOf) && !e.isAfter(now.toLocalDate())) {
                return true;
            }
        }
        return false;
    }

    private static boolean fresh(SplitIndex index, ZonedDateTime now) {
        return index != null && !now.toInstant().isAfter(index.fetched().plusSeconds(3600))
                && !index.fetched().isAfter(now.toInstant());
    }

    /**
     * The split index, fetched again when it is an hour old. One caller fetches (paged, with retries and the rate
     * limit: possibly minutes) and the others wait for its result, holding no monitor meanwhile.
     */
    private SplitIndex splitIndex(ZonedDateTime now) throws IOException, InterruptedException {
        while (true) {
            SplitIndex index = splits;
            if (fresh(index, now)) {
                return index;
            }
            CompletableFuture<SplitIndex> mine = new CompletableFuture<>();
            CompletableFuture<SplitIndex> running = refreshing.compareAndExchange(null, mine);
            if (running == null) {
                try {
                    LocalDate today = now.toLocalDate(), since = today.minusDays(SPLIT_HORIZON_DAYS);
                    Map<String, List<LocalDate>> byTicker = new HashMap<>();
                    for (Split s : Split.fetch(client, since, today)) {
                        byTicker.computeIfAbsent(s.ticker(), k -> new ArrayList<>()).add(s.executionDate());
                    }
                    SplitIndex fetched = new SplitIndex(now.toInstant(), since, byTicker);
                    splits = fetched;
                    mine.complete(fetched);
                    return fetched;
                } catch (Throwable e) {
                    mine.completeExceptionally(e);
                    throw e;
                } finally {
                    refreshing.compareAndSet(mine, null);
                }
            }
            try {
                return running.get(); // the fetch another caller just made
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof InterruptedException) {
                    continue; // the fetching caller was interrupted, not this one: try again
                }
                throw new IOException("fetching splits failed", e.getCause());
            }
        }
    }

    private IntradayDay read(String ticker, LocalDate d) throws IOException {
        if (cache == null) {
            return null;
        }
        Path f = cache.intraday(ticker, d);
        try {
            return IntradayDay.read(f, d);
        } catch (CacheFile.Corrupt e) {
            LOG.warn("{}; deleting it and fetching again", e.getMessage());
            Files.deleteIfExists(f);
            return null;
        }
    }

    @Override
    public String toString() {
        return "PolygonIntradaySource[" + client.config().baseUrl().getHost() + (cache == null ? "" : ", cache " + cache) + "]";
    }
}
