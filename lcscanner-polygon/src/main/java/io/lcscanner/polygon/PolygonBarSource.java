package io.lcscanner.polygon;

import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.IntradaySource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daily bars from Polygon's grouped-daily endpoint: for each finished NYSE session of the window, the
 * adjusted and as-traded answers are fetched concurrently, validated, inner-joined on ticker (spec §1)
 * and appended to per-ticker columns in date order.
 *
 * <p><b>Cache.</b> With a cache directory, each finished session is kept as one binary file (both price
 * sets, see {@link CacheFiles}) and never fetched again. Adjusted prices change when a ticker splits, so
 * each session file records the New York date its adjusted prices were fetched ({@code asOf}). A scan that
 * used cached sessions asks {@code /v3/reference/splits} for splits executed since the oldest {@code asOf};
 * a ticker with a split on day E that has a cached bar before E fetched on or before E gets its adjusted
 * history refetched (one custom-bars request set) and kept as a per-ticker override with its own
 * {@code asOf}. Adjusted prices are not derived from as-traded ones: Polygon's adjusted numbers are rounded
 * and the derivation does not reproduce them exactly.
 *
 * <p><b>Unfinished sessions</b> (before close + {@value #FETCH_MARGIN_MINUTES} min) are skipped; sessions are
 * cached only from close + {@value #CACHE_MARGIN_HOURS} h on, when late corrections have settled.
 *
 * <p><b>Universe.</b> The tickers of the most recent finished session; {@code lastSession} that session;
 * {@code firstSession} the oldest session in the cache, or without one the first session two years back
 * (the history every Polygon plan offers).
 */
public final class PolygonBarSource implements BarSource {
    static final long FETCH_MARGIN_MINUTES = 15;
    static final long CACHE_MARGIN_HOURS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(PolygonBarSource.class);
    private static final int FRESH = Integer.MAX_VALUE;
    private static final AtomicInteger DECODER_THREADS = new AtomicInteger();
    /** Cache files are decoded off the HTTP threads, one per core. */
    private static final ExecutorService DECODERS = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), r -> {
                Thread t = new Thread(r, "polygon-cache-" + DECODER_THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private final PolygonClient client;
    private final Path root;
    private final Clock clock;
    private final PolygonIntradaySource intraday;
    private volatile Universe universe;
    private final AtomicLong cacheHits = new AtomicLong();
    private final AtomicLong cacheMisses = new AtomicLong();

    /** Caches under {@code client.config().cacheDir()} unless it is null. */
    public PolygonBarSource(PolygonClient client) {
        this(client, Clock.systemUTC());
    }

    PolygonBarSource(PolygonClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
        Path dir = client.config().cacheDir();
        this.root = dir == null ? null : cacheRoot(dir);
        this.intraday = new PolygonIntradaySource(client, root, clock);
    }

    /** Sessions served from the disk cache so far. */
    public long cacheHits() {
        return cacheHits.get();
    }

    /** Sessions that had to be fetched (not cached, or a corrupt cache file) so far. */
    public long cacheMisses() {
        return cacheMisses.get();
    }

    /** The client this source fetches through. */
    public PolygonClient client() {
        return client;
    }

    @Override
    public String description() {
        return "polygon:" + client.config().baseUrl().getHost() + (root == null ? " (no cache)" : " (cache " + root + ")");
    }

    @Override
    public Optional<IntradaySource> intraday() {
        return Optional.of(intraday);
    }

    @Override
    public Universe universe() throws IOException {
        ZonedDateTime now = now();
        LocalDate last = lastFinishedSession(now);
        Universe u = universe;
        if (u != null && last.equals(u.lastSession())) {
            return u;
        }
        Set<CompletableFuture<?>> inflight = ConcurrentHashMap.newKeySet();
        try {
            for (int attempt = 0; attempt < 5; attempt++, last = NyseCalendar.previousSession(last)) {
                Loaded l = await(load(last, now, inflight, null), inflight);
                if (!l.missing()) {
                    LocalDate first = earliestCachedSession();
                    if (first == null || first.isAfter(last)) {
                        first = NyseCalendar.nextSession(last.minusYears(2).minusDays(1));
                    }
                    u = new Universe(description(), Arrays.asList(l.tickers()), first, last);
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
        ZonedDateTime now = now();
        LoadListener progress = listener == null ? LoadListener.NONE : listener;
        List<String> warnings = new ArrayList<>();
        List<LocalDate> sessions = new ArrayList<>();
        if (to.isBefore(from)) {
            return window(new ColumnStore(0, tickers, null), warnings); // an inverted window is empty
        }
        for (LocalDate d : NyseCalendar.sessions(from, to)) {
            if (finished(d, now)) {
                sessions.add(d);
            } else if (d.equals(now.toLocalDate())) {
                warnings.add("today's session " + d + " is not finished (close + " + FETCH_MARGIN_MINUTES
                        + " min); the scan ends with the session before it");
            }
        }
        int n = sessions.size();
        long requests0 = client.requestCount(), retries0 = client.retryCount();
        CacheFiles.BufferPool buffers = new CacheFiles.BufferPool();
        ColumnStore store = new ColumnStore(n, tickers, buffers);
        int firstDay = (int) from.toEpochDay();
        int[] asOfByDay = new int[(int) (to.toEpochDay() - from.toEpochDay()) + 1];
        Arrays.fill(asOfByDay, FRESH);
        int minCachedAsOf = FRESH;
        Set<CompletableFuture<?>> inflight = ConcurrentHashMap.newKeySet();
        @SuppressWarnings("unchecked")
        CompletableFuture<Loaded>[] futures = new CompletableFuture[n];
        int ahead = Math.max(8, 3 * client.config().maxConcurrency()); // bounds sessions held in memory out of order
        int submitted = 0, cached = 0, invalid = 0, invalidSessions = 0;
        // the splits query starts with the first cached session, so its round trip overlaps the loading
        CompletableFuture<List<Split>> earlySplits = null;
        LocalDate earlySince = null;
        progress.progress(0, n, "Polygon: " + n + " sessions " + from + ".." + to);
        try {
            for (int i = 0; i < n; i++) {
                while (submitted < n && submitted < i + ahead) {
                    futures[submitted] = load(sessions.get(submitted), now, inflight, buffers);
                    submitted++;
                }
                Loaded l = await(futures[i], inflight);
                futures[i] = null;
                if (l.missing()) {
                    warnings.add("Polygon returned no bars for trading day " + sessions.get(i)
                            + " (asked twice); the scan ran without that session");
                } else {
                    if (l.fromCache()) {
                        store.add(l.cached());
                        int asOf = (int) l.cached().adjustedAsOf().toEpochDay();
                        asOfByDay[(int) l.date().toEpochDay() - firstDay] = asOf;
                        minCachedAsOf = Math.min(minCachedAsOf, asOf);
                        cached++;
                        if (earlySplits == null) {
                            LocalDate since = earlySince = LocalDate.ofEpochDay(asOf), today = now.toLocalDate();
                            earlySplits = client.async(() -> client.splitsNow(since, today));
                            track(earlySplits, inflight);
                        }
                    } else {
                        store.add(l.session());
                    }
                    invalid += l.invalidRows();
                    invalidSessions += l.invalidRows() > 0 ? 1 : 0;
                }
                progress.progress(i + 1, n, "Polygon: " + (i + 1) + "/" + n + " sessions (" + cached + " from cache), "
                        + (client.requestCount() - requests0) + " requests, " + (client.retryCount() - retries0) + " retries");
            }
            store.finish();
            if (cached > 0) {
                List<Split> splits = new ArrayList<>(await(earlySplits, inflight));
                if (minCachedAsOf < earlySince.toEpochDay()) { // an older cached session came later: ask for the gap too
                    LocalDate since = LocalDate.ofEpochDay(minCachedAsOf), until = earlySince.minusDays(1);
                    splits.addAll(await(client.async(() -> client.splitsNow(since, until)), inflight));
                }
                refreshSplitTickers(store, d -> asOfByDay[d - firstDay], splits, now, warnings, inflight);
            }
        } catch (InterruptedException e) {
            cancel(inflight);
            throw e;
        }
        if (invalid > 0) {
            String w = "skipped " + invalid + " invalid Polygon rows (non-printable ticker, bad prices, high < low) in "
                    + invalidSessions + " sessions";
            LOG.warn(w);
            warnings.add(w);
        }
        LOG.info("Polygon window {}..{}: {} sessions ({} from cache), {} requests, {} retries", from, to, n, cached,
                client.requestCount() - requests0, client.retryCount() - retries0);
        return window(store, warnings);
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

    // ------------------------------------------------------------------ loading one session

    /** A fetched session, or a cached one still in its file's bytes, or {@code missing} when Polygon had none. */
    private record Loaded(Session session, CacheFiles.RawSession cached, boolean missing) {
        boolean fromCache() {
            return cached != null;
        }

        String[] tickers() {
            return cached != null ? cached.decode().tickers() : session.tickers();
        }

        LocalDate date() {
            return cached != null ? cached.date() : session.date();
        }

        int invalidRows() {
            return cached != null ? cached.invalidRows() : session.invalidRows();
        }
    }

    private CompletableFuture<Loaded> load(LocalDate session, ZonedDateTime now, Set<CompletableFuture<?>> inflight,
                                           CacheFiles.BufferPool buffers) {
        Path file = sessionFile(session);
        if (file == null || !Files.exists(file)) {
            return fetch(session, now, inflight);
        }
        CompletableFuture<Loaded> read = CompletableFuture.supplyAsync(() -> {
            try {
                CacheFiles.RawSession s = CacheFiles.readSessionRaw(file, session, buffers);
                if (s != null) {
                    cacheHits.incrementAndGet();
                }
                return s == null ? null : new Loaded(null, s, false);
            } catch (CacheFiles.Corrupt e) {
                LOG.warn("{}; deleting it and fetching the session again", e.getMessage());
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // the atomic rewrite after the refetch replaces it anyway
                }
                return null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, DECODERS);
        track(read, inflight);
        return read.thenCompose(l -> l != null ? CompletableFuture.completedFuture(l) : fetch(session, now, inflight));
    }

    private CompletableFuture<Loaded> fetch(LocalDate session, ZonedDateTime now, Set<CompletableFuture<?>> inflight) {
        cacheMisses.incrementAndGet();
        CompletableFuture<DailyRows> adjusted = fetchSide(session, true, inflight);
        CompletableFuture<DailyRows> asTraded = fetchSide(session, false, inflight);
        LocalDate asOf = now.toLocalDate();
        return adjusted.thenCombine(asTraded, (a, u) -> {
            if (a.size == 0 || u.size == 0) {
                LOG.warn("no grouped-daily rows for trading day {} (adjusted {} rows, request_id {}; as-traded {} rows, "
                        + "request_id {}) after a retry", session, a.size, a.requestId, u.size, u.requestId);
                return new Loaded(null, null, true);
            }
            Session s = Session.join(a, u, asOf);
            Path file = sessionFile(session);
            if (file != null && cacheable(session, now) && s.size() > 0) {
                try {
                    CacheFiles.writeSession(file, s);
                } catch (IOException e) {
                    LOG.warn("could not cache session {}: {}", session, e.toString());
                }
            }
            return new Loaded(s, null, false);
        });
    }

    /** One adjustment of one session; an empty answer on a trading day is asked once more. */
    private CompletableFuture<DailyRows> fetchSide(LocalDate session, boolean adjusted,
                                                   Set<CompletableFuture<?>> inflight) {
        CompletableFuture<DailyRows> first = client.groupedDaily(session, adjusted);
        track(first, inflight);
        return first.thenCompose(rows -> {
            if (rows.size > 0) {
                return CompletableFuture.completedFuture(rows);
            }
            LOG.info("empty grouped daily for trading day {} (adjusted={}, results {}); asking again", session, adjusted,
                    rows.results);
            CompletableFuture<DailyRows> again = client.groupedDaily(session, adjusted);
            track(again, inflight);
            return again;
        });
    }

    // ------------------------------------------------------------------ split safety

    /**
     * Refetches the adjusted history of every ticker whose cached adjusted bars predate one of its splits
     * (see the class comment), or takes it from a still-valid override file.
     */
    private void refreshSplitTickers(ColumnStore store, java.util.function.IntUnaryOperator asOfOfDay, List<Split> splits,
                                     ZonedDateTime now, List<String> warnings, Set<CompletableFuture<?>> inflight)
            throws IOException, InterruptedException {
        LocalDate today = now.toLocalDate();
        Map<Integer, Integer> staleUntil = new HashMap<>();
        for (Split sp : splits) {
            if (sp.executionDate().isAfter(today)) {
                continue; // announced, not executed: adjusted data does not reflect it yet anywhere
            }
            int id = store.idOf(sp.ticker());
            if (id < 0) {
                continue;
            }
            int e = (int) sp.executionDate().toEpochDay();
            for (int i = 0; i < store.count(id) && store.day(id, i) < e; i++) {
                if (asOfOfDay.applyAsInt(store.day(id, i)) <= e) {
                    staleUntil.merge(id, e, Math::max);
                    break;
                }
            }
        }
        List<Map.Entry<Integer, Integer>> stale = new ArrayList<>(staleUntil.entrySet());
        List<CompletableFuture<CacheFiles.Override>> refreshed = new ArrayList<>();
        for (Map.Entry<Integer, Integer> s : stale) {
            int id = s.getKey(), splitDay = s.getValue();
            int from = store.day(id, 0), to = from;
            for (int i = 0; i < store.count(id) && store.day(id, i) < splitDay; i++) {
                to = store.day(id, i);
            }
            int fromDay = from, toDay = to;
            String ticker = store.name(id);
            CompletableFuture<CacheFiles.Override> f = client.async(() -> override(ticker, fromDay, toDay, splitDay, today));
            track(f, inflight);
            refreshed.add(f);
        }
        for (int k = 0; k < stale.size(); k++) {
            int id = stale.get(k).getKey();
            try {
                store.apply(id, await(refreshed.get(k), inflight));
            } catch (IOException e) {
                store.drop(id);
                warnings.add(store.name(id) + " left out: its adjusted history could not be refreshed after a split on "
                        + LocalDate.ofEpochDay(stale.get(k).getValue()) + " (" + e.getMessage() + ")");
            }
        }
        if (!stale.isEmpty()) {
            LOG.info("refreshed the adjusted history of {} tickers split since they were cached", stale.size());
        }
    }

    /** The adjusted daily bars of {@code ticker} over {@code [from, to]} reflecting splits through {@code splitDay}. */
    private CacheFiles.Override override(String ticker, int from, int to, int splitDay, LocalDate today)
            throws IOException, InterruptedException {
        Path file = root == null ? null : root.resolve("adjusted").resolve(CacheFiles.fileName(ticker) + ".bin");
        if (file != null) {
            try {
                CacheFiles.Override o = CacheFiles.readOverride(file);
                if (o != null && o.asOf().toEpochDay() > splitDay && o.fromDay() <= from && o.toDay() >= to) {
                    return o;
                }
            } catch (CacheFiles.Corrupt e) {
                LOG.warn("{}; fetching it again", e.getMessage());
            }
        }
        AggRows rows = client.customBarsNow(ticker, 1, "day", LocalDate.ofEpochDay(from), LocalDate.ofEpochDay(to), true);
        int[] days = new int[rows.size];
        for (int i = 0; i < rows.size; i++) {
            days[i] = (int) Instant.ofEpochMilli(rows.start[i]).atZone(NyseCalendar.NEW_YORK).toLocalDate().toEpochDay();
        }
        double[][] cols = {Arrays.copyOf(rows.open, rows.size), Arrays.copyOf(rows.high, rows.size),
                Arrays.copyOf(rows.low, rows.size), Arrays.copyOf(rows.close, rows.size), Arrays.copyOf(rows.volume, rows.size)};
        CacheFiles.Override o = new CacheFiles.Override(today, from, to, days, cols);
        if (file != null) {
            CacheFiles.writeOverride(file, o);
        }
        return o;
    }

    // ------------------------------------------------------------------ time, files, futures

    private ZonedDateTime now() {
        return ZonedDateTime.now(clock.withZone(NyseCalendar.NEW_YORK));
    }

    static boolean finished(LocalDate session, ZonedDateTime now) {
        return !now.isBefore(close(session).plusMinutes(FETCH_MARGIN_MINUTES));
    }

    static boolean cacheable(LocalDate session, ZonedDateTime now) {
        return !now.isBefore(close(session).plusHours(CACHE_MARGIN_HOURS));
    }

    private static ZonedDateTime close(LocalDate session) {
        return ZonedDateTime.of(session, NyseCalendar.closeTime(session), NyseCalendar.NEW_YORK);
    }

    static LocalDate lastFinishedSession(ZonedDateTime now) {
        LocalDate d = now.toLocalDate();
        return NyseCalendar.isSession(d) && finished(d, now) ? d : NyseCalendar.previousSession(d);
    }

    private Path sessionFile(LocalDate session) {
        return root == null ? null : sessionFile(root, session);
    }

    /** Where this version of the cache lives under the configured cache directory. */
    static Path cacheRoot(Path cacheDir) {
        return cacheDir.resolve("polygon-v1");
    }

    /** The file of one finished session under a {@link #cacheRoot}. */
    static Path sessionFile(Path root, LocalDate session) {
        return root.resolve("daily").resolve(Integer.toString(session.getYear())).resolve(session + ".bin");
    }

    private LocalDate earliestCachedSession() throws IOException {
        if (root == null || !Files.isDirectory(root.resolve("daily"))) {
            return null;
        }
        List<Path> years = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve("daily"))) {
            ds.forEach(years::add);
        }
        years.sort(null);
        for (Path year : years) {
            List<String> names = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(year, "*.bin")) {
                ds.forEach(p -> names.add(p.getFileName().toString()));
            }
            names.sort(null);
            for (String name : names) {
                try {
                    return LocalDate.parse(name.substring(0, name.length() - 4));
                } catch (RuntimeException ignored) {
                    // not a session file
                }
            }
        }
        return null;
    }

    /** Waits for {@code f}; on interrupt cancels everything in flight; unwraps failures to IOExceptions. */
    static <T> T await(CompletableFuture<T> f, Set<CompletableFuture<?>> inflight)
            throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            cancel(inflight);
            throw e;
        } catch (ExecutionException | CompletionException | CancellationException e) {
            cancel(inflight);
            Throwable c = e.getCause() == null ? e : e.getCause();
            while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
                c = c.getCause();
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (c instanceof InterruptedException ie) {
                throw ie;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(c.toString(), c);
        }
    }

    /** Remembers {@code f} for cancellation until it completes (then forgets it, and its result). */
    static void track(CompletableFuture<?> f, Set<CompletableFuture<?>> inflight) {
        inflight.add(f);
        f.whenComplete((v, e) -> inflight.remove(f));
    }

    private static void cancel(Set<CompletableFuture<?>> inflight) {
        for (CompletableFuture<?> f : inflight) {
            f.cancel(true);
        }
    }
}
