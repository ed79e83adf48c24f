package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lcscanner.core.calendar.NyseCalendar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * A Polygon look-alike on 127.0.0.1 serving real-shaped bodies built from a bars CSV (the golden
 * {@code bars.csv} format): grouped daily in both adjustments, custom bars (daily, and 30-minute bars
 * generated from the daily ones) with {@code next_url} paging, ticker lists and details, splits
 * (derived from where the adjusted/as-traded ratio changes). Faults are switched on per {@link Faults} and drawn
 * per request from the seed, the request's path and query, and how many times that URL was asked under those
 * faults before: which request gets which fault does not depend on thread timing, so a run repeats exactly.
 * Every request is recorded with its {@link System#nanoTime()}, in the order answers start.
 *
 * <p>{@link #synthetic} serves instead a generated market of any size ({@link SyntheticCache}'s bars, made
 * per request, so the server holds none of them): the benchmarks' cold fetches use it.
 */
public final class FakePolygonServer implements AutoCloseable {
    /** The only key this server accepts. */
    public static final String KEY = "test-key-5ecret-9f3a";

    /** One bar: adjusted o h l c v, then as-traded o h l c v. */
    record Bar(String ticker, LocalDate date, double[] values) {
    }

    record Request(long nanos, String path, String query, int status) {
    }

    /** Fault rates are per request, 0 = off. A new instance starts every URL's attempt count afresh. */
    static final class Faults {
        final Map<String, java.util.concurrent.atomic.AtomicInteger> attempts = new java.util.concurrent.ConcurrentHashMap<>();
        final Set<String> emptiedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
        double rate429, share429WithRetryAfter = 0.5, rate5xx, rateSlow, rateStall, rateTruncated, rateEmptyOnce,
                rateReset;
        long slowMillis = 30, stallMillis = 1500; // a stall ends early on releaseStalls()
        boolean garbageRows;
        final java.util.concurrent.atomic.AtomicInteger fail429First = new java.util.concurrent.atomic.AtomicInteger();
        // ^ the next n requests answer 429 with Retry-After: retryAfter
        String retryAfter = "0.05";
        boolean loopCursor; // ticker list pages all point at the same cursor
        int forcedStatus; // 401 or 403 for every request when set
        boolean echoKeyInErrors;
        Set<LocalDate> alwaysEmpty = new HashSet<>();

        static Faults realistic() {
            Faults f = new Faults();
            f.rate429 = 0.03;
            f.rate5xx = 0.03;
            f.rateSlow = 0.02;
            f.rateStall = 0.004;
            f.rateTruncated = 0.02;
            f.rateEmptyOnce = 0.02;
            f.rateReset = 0.01;
            f.garbageRows = true;
            return f;
        }
    }

    final TreeMap<LocalDate, List<Bar>> byDate = new TreeMap<>();
    final TreeMap<String, List<Bar>> byTicker = new TreeMap<>();
    final List<Split> splits = Collections.synchronizedList(new ArrayList<>());
    final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Exchange> current = new ThreadLocal<>();
    volatile Faults faults = new Faults();
    volatile long latencyMillis;
    volatile int dayPageSize = 100, intradayPageSize = 40, tickerPageSize = 50, splitPageSize = 5;
    volatile boolean gzip = true;
    final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final long seed;
    private volatile java.util.concurrent.CountDownLatch stallGate = new java.util.concurrent.CountDownLatch(1);
    private final Set<HttpExchange> unanswered = Collections.synchronizedSet(
            Collections.newSetFromMap(new java.util.IdentityHashMap<>()));
    private final HttpServer server;
    private final ExecutorService executor;
    /** The generated market served instead of {@link #byDate}, or null. */
    private final Generated generated;

    private record Generated(String[] tickers, Set<LocalDate> sessions, long seed) {
    }

    FakePolygonServer(List<Bar> bars, long seed) throws IOException {
        this(bars, seed, null);
    }

    /**
     * A server answering grouped daily for each of {@code sessions} with {@link SyntheticCache#columns} of
     * {@code tickers} tickers (as-traded and adjusted prices differ; no garbage rows, no splits), without faults.
     */
    public static FakePolygonServer synthetic(int tickers, List<LocalDate> sessions, long seed) throws IOException {
        return new FakePolygonServer(List.of(), seed, new Generated(SyntheticCache.tickers(tickers), Set.copyOf(sessions), seed));
    }

    private FakePolygonServer(List<Bar> bars, long seed, Generated generated) throws IOException {
        this.generated = generated;
        this.seed = seed;
        for (Bar b : bars) {
            byDate.computeIfAbsent(b.date, d -> new ArrayList<>()).add(b);
            byTicker.computeIfAbsent(b.ticker, t -> new ArrayList<>()).add(b);
        }
        byTicker.values().forEach(l -> l.sort((a, b) -> a.date.compareTo(b.date)));
        deriveSplits();
        // without TCP_NODELAY, headers and body as two writes meet the client's delayed ACK: +40 ms a response
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-polygon");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakePolygonServer fromCsv(Path csv, long seed) throws IOException {
        return new FakePolygonServer(readCsv(csv), seed);
    }

    static List<Bar> readCsv(Path csv) throws IOException {
        List<Bar> out = new ArrayList<>();
        List<String> lines;
        try (java.io.InputStream in = csv.getFileName().toString().endsWith(".gz")
                ? new java.util.zip.GZIPInputStream(Files.newInputStream(csv)) : Files.newInputStream(csv)) {
            lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
        String[] header = lines.get(0).split(",");
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            col.put(header[i], i);
        }
        String[] names = {"open", "high", "low", "close", "volume", "open_ua", "high_ua", "low_ua", "close_ua", "volume_ua"};
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            double[] v = new double[10];
            for (int k = 0; k < 10; k++) {
                v[k] = Double.parseDouble(f[col.get(names[k])]);
            }
            out.add(new Bar(f[col.get("ticker")], LocalDate.parse(f[col.get("date")]), v));
        }
        return out;
    }

    /** {@code http://127.0.0.1:port}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Waits until no request is being handled (stalled ones finish late), then resets the in-flight maximum. */
    void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        maxInFlight.set(0);
    }

    List<Request> requests(String pathPrefix) {
        List<Request> out = new ArrayList<>();
        for (Request r : requests) {
            if (r.path.startsWith(pathPrefix)) {
                out.add(r);
            }
        }
        return out;
    }

    /** A split after the data was served: adjusted history before {@code execution} changes, rounded as Polygon's is. */
    synchronized void split(String ticker, LocalDate execution, int from, int to) {
        double f = (double) from / to;
        List<Bar> bars = byTicker.get(ticker);
        for (Bar b : bars) {
            if (b.date.isBefore(execution)) {
                for (int k = 0; k < 4; k++) {
                    b.values[k] = Math.round(b.values[k] * f * 1e4) / 1e4;
                }
                b.values[4] = Math.round(b.values[4] / f);
            }
        }
        splits.add(new Split(ticker, execution, from, to));
    }

    private void deriveSplits() {
        for (List<Bar> bars : byTicker.values()) {
            double prev = Double.NaN;
            for (Bar b : bars) {
                double factor = b.values[8] / b.values[3]; // as-traded close / adjusted close
                if (!Double.isNaN(prev) && Math.abs(factor / prev - 1) > 1e-3) {
                    double ratio = prev / factor; // new shares per old share
                    splits.add(ratio >= 1 ? new Split(b.ticker, b.date, 1, Math.round(ratio))
                            : new Split(b.ticker, b.date, Math.round(1 / ratio), 1));
                }
                prev = factor;
            }
        }
    }

    /** Ends every stall now (they would end after {@code stallMillis}), so the server is idle again. */
    void releaseStalls() {
        java.util.concurrent.CountDownLatch gate = stallGate;
        stallGate = new java.util.concurrent.CountDownLatch(1);
        gate.countDown();
    }

    /** Every answer from now on starts {@code millis} late: a network's latency. */
    public void setLatencyMillis(long millis) {
        latencyMillis = millis;
    }

    /** Requests answered so far. */
    public int requestCount() {
        return requests.size();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ handling

    private void handle(HttpExchange ex) throws IOException {
        URI uri = ex.getRequestURI();
        String path = uri.getRawPath();
        Map<String, String> q = query(uri.getRawQuery());
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        unanswered.add(ex);
        Exchange x = new Exchange(System.nanoTime(), path, uri.getRawQuery(), faults, seed);
        current.set(x);
        try {
            if (latencyMillis > 0) {
                Thread.sleep(latencyMillis);
            }
            Faults f = x.faults;
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (f.forcedStatus == 401 || !("Bearer " + KEY).equals(auth)) {
                x.status = 401;
                String presented = auth == null ? "" : auth.replace("Bearer ", "");
                send(ex, 401, error("ERROR", "Unknown API Key" + (f.echoKeyInErrors ? " " + presented : ""), "error"), null);
                return;
            }
            if (f.forcedStatus == 403) {
                x.status = 403;
                send(ex, 403, error("NOT_AUTHORIZED", "You are not entitled to this data. Key " + (f.echoKeyInErrors ? KEY : ""),
                        "message"), null);
                return;
            }
            if (f.fail429First.getAndDecrement() > 0) {
                x.status = 429;
                send(ex, 429, error("ERROR", "You've exceeded the maximum requests per minute", "error"), f.retryAfter);
                return;
            }
            double r = x.random.nextDouble();
            if ((r -= f.rate429) < 0) {
                x.status = 429;
                boolean withHeader = x.random.nextDouble() < f.share429WithRetryAfter;
                send(ex, 429, withHeader ? error("ERROR", "You've exceeded the maximum requests per minute", "error") : new byte[0],
                        withHeader ? "0.05" : null);
                return;
            }
            if ((r -= f.rate5xx) < 0) {
                int[] codes = {500, 502, 503};
                x.status = codes[(int) (-r * 1e6) % 3];
                send(ex, x.status, "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8), null);
                return;
            }
            if ((r -= f.rateReset) < 0) {
                x.status = -1;
                record();
                ex.close(); // connection closed without a response
                return;
            }
            byte[] body = route(path, q, f);
            if (body == null) {
                x.status = 404;
                send(ex, 404, error("NOT_FOUND", "Ticker not found.", "message"), null);
                return;
            }
            if ((r -= f.rateSlow) < 0) {
                Thread.sleep(f.slowMillis);
            } else if ((r -= f.rateStall) < 0) {
                x.status = -2;
                record();
                stall(ex, body, f.stallMillis);
                return;
            } else if ((r -= f.rateTruncated) < 0) {
                x.status = -3;
                body = java.util.Arrays.copyOf(body, body.length / 2);
            }
            send(ex, 200, body, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            x.status = 500;
            send(ex, 500, error("ERROR", "fake server bug: " + e, "error"), null);
        } finally {
            record();
            current.remove();
            answered(ex);
            ex.close();
        }
    }

    private byte[] route(String path, Map<String, String> q, Faults f) throws IOException {
        String[] p = path.split("/");
        if (path.startsWith("/v2/aggs/grouped/locale/us/market/stocks/") && p.length == 9) {
            return grouped(path, LocalDate.parse(p[8]), !"false".equals(q.get("adjusted")), f);
        }
        if (path.startsWith("/v2/aggs/ticker/") && p.length == 10) {
            return custom(URLDecoder.decode(p[4], StandardCharsets.UTF_8), Integer.parseInt(p[6]), p[7],
                    LocalDate.parse(p[8]), LocalDate.parse(p[9]), !"false".equals(q.get("adjusted")), q);
        }
        if (path.equals("/v3/reference/tickers")) {
            return tickers(q);
        }
        if (path.startsWith("/v3/reference/tickers/") && p.length == 5) {
            String t = URLDecoder.decode(p[4], StandardCharsets.UTF_8);
            if (!byTicker.containsKey(t)) {
                return null;
            }
            return json(g -> {
                g.writeStringField("status", "OK");
                g.writeStringField("request_id", requestId());
                g.writeObjectFieldStart("results");
                g.writeStringField("ticker", t);
                g.writeStringField("name", t + " Inc.");
                g.writeStringField("market", "stocks");
                g.writeStringField("type", t.startsWith("E") ? "ETF" : "CS");
                g.writeBooleanField("active", true);
                g.writeEndObject();
            });
        }
        if (path.equals("/v3/reference/splits")) {
            return splitsBody(q);
        }
        return null;
    }

    private byte[] grouped(String path, LocalDate date, boolean adjusted, Faults f) throws IOException {
        if (generated != null && generated.sessions.contains(date)) {
            return generatedGrouped(date, adjusted);
        }
        List<Bar> bars;
        synchronized (this) {
            bars = new ArrayList<>(byDate.getOrDefault(date, List.of()));
        }
        boolean spurious = false;
        if (!bars.isEmpty() && f.rateEmptyOnce > 0) {
            boolean roll = current.get().random.nextDouble() < f.rateEmptyOnce;
            // a spurious empty answer under load: goes away when asked again
            spurious = roll && f.emptiedOnce.add(path + adjusted);
        }
        if (bars.isEmpty() || f.alwaysEmpty.contains(date) || spurious) {
            int style = Math.floorMod(date.hashCode(), 3);
            return json(g -> {
                g.writeStringField("status", "OK");
                g.writeNumberField("queryCount", 0);
                g.writeNumberField("resultsCount", 0);
                g.writeBooleanField("adjusted", adjusted);
                if (style == 1) {
                    g.writeNullField("results");
                } else if (style == 2) {
                    g.writeArrayFieldStart("results");
                    g.writeEndArray();
                }
                g.writeStringField("request_id", requestId());
            });
        }
        long t = ZonedDateTime.of(date, LocalTime.of(16, 0), NyseCalendar.NEW_YORK).toInstant().toEpochMilli();
        int base = adjusted ? 0 : 5;
        return json(g -> {
            g.writeStringField("status", "OK");
            g.writeNumberField("queryCount", bars.size());
            g.writeNumberField("resultsCount", bars.size());
            g.writeBooleanField("adjusted", adjusted);
            g.writeArrayFieldStart("results");
            for (Bar b : bars) {
                g.writeStartObject();
                g.writeStringField("T", b.ticker);
                double[] v = b.values;
                g.writeNumberField("v", v[base + 4]);
                g.writeNumberField("vw", (v[base + 1] + v[base + 2] + v[base + 3]) / 3);
                g.writeNumberField("o", v[base]);
                g.writeNumberField("c", v[base + 3]);
                g.writeNumberField("h", v[base + 1]);
                g.writeNumberField("l", v[base + 2]);
                g.writeNumberField("t", t);
                g.writeNumberField("n", 1000);
                g.writeEndObject();
            }
            if (adjusted) {
                garbageOrExtra(g, "ZZADJONLY", 10, 11, 9, 10.5, 1e6, t); // joined away: no as-traded row
            }
            if (f.garbageRows) {
                garbageOrExtra(g, "BAD\u0001", 10, 11, 9, 10, 100, t);
                garbageOrExtra(g, "NEGP", -1, 11, 9, 10, 100, t);
                garbageOrExtra(g, "ZEROP", 10, 11, 9, 0, 100, t);
                garbageOrExtra(g, "HLOW", 10, 9, 11, 10, 100, t);
                garbageOrExtra(g, "", 10, 11, 9, 10, 100, t);
                g.writeStartObject();
                g.writeStringField("T", "NOPRICE");
                g.writeNumberField("v", 5);
                g.writeNumberField("t", t);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("request_id", requestId());
        });
    }

    /** A generated session's grouped daily, rows shaped like the CSV-backed ones. */
    private byte[] generatedGrouped(LocalDate date, boolean adjusted) throws IOException {
        String[] tickers = generated.tickers;
        double[][] cols = SyntheticCache.columns(tickers, date, generated.seed);
        long t = ZonedDateTime.of(date, LocalTime.of(16, 0), NyseCalendar.NEW_YORK).toInstant().toEpochMilli();
        int base = adjusted ? 0 : 5;
        return json(g -> {
            g.writeStringField("status", "OK");
            g.writeNumberField("queryCount", tickers.length);
            g.writeNumberField("resultsCount", tickers.length);
            g.writeBooleanField("adjusted", adjusted);
            g.writeArrayFieldStart("results");
            for (int i = 0; i < tickers.length; i++) {
                g.writeStartObject();
                g.writeStringField("T", tickers[i]);
                g.writeNumberField("v", cols[base + 4][i]);
                g.writeNumberField("vw", Math.round((cols[base + 1][i] + cols[base + 2][i] + cols[base + 3][i]) / 3 * 1e4) / 1e4);
                g.writeNumberField("o", cols[base][i]);
                g.writeNumberField("c", cols[base + 3][i]);
                g.writeNumberField("h", cols[base + 1][i]);
                g.writeNumberField("l", cols[base + 2][i]);
                g.writeNumberField("t", t);
                g.writeNumberField("n", 1000 + i);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("request_id", requestId());
        });
    }

    private static void garbageOrExtra(JsonGenerator g, String ticker, double o, double h, double l, double c, double v, long t)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("T", ticker);
        g.writeNumberField("o", o);
        g.writeNumberField("h", h);
        g.writeNumberField("l", l);
        g.writeNumberField("c", c);
        g.writeNumberField("v", v);
        g.writeNumberField("t", t);
        g.writeEndObject();
    }

    private byte[] custom(String ticker, int multiplier, String timespan, LocalDate from, LocalDate to, boolean adjusted,
                          Map<String, String> q) throws IOException {
        List<Bar> bars = byTicker.get(ticker);
        if (bars == null) {
            return json(g -> {
                g.writeStringField("ticker", ticker);
                g.writeNumberField("resultsCount", 0);
                g.writeStringField("status", "OK");
                g.writeStringField("request_id", requestId());
            });
        }
        List<long[]> times = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        int base = adjusted ? 0 : 5;
        synchronized (this) {
            for (Bar b : bars) {
                if (b.date.isBefore(from) || b.date.isAfter(to)) {
                    continue;
                }
                if (timespan.equals("day") && multiplier == 1) {
                    times.add(new long[] {b.date.atStartOfDay(NyseCalendar.NEW_YORK).toInstant().toEpochMilli()});
                    values.add(java.util.Arrays.copyOfRange(b.values, base, base + 5));
                } else if (timespan.equals("minute") && multiplier == 30) {
                    intraday(b, base, times, values);
                } else {
                    throw new IllegalArgumentException("unsupported range " + multiplier + "/" + timespan);
                }
            }
        }
        int offset = q.containsKey("cursor") ? Integer.parseInt(q.get("cursor")) : 0;
        int pageSize = timespan.equals("day") ? dayPageSize : intradayPageSize;
        int end = Math.min(times.size(), offset + pageSize);
        String next = end < times.size()
                ? "https://api.massive.com/v2/aggs/ticker/" + ticker + "/range/" + multiplier + "/" + timespan + "/"
                + from + "/" + to + "?cursor=" + end + "&adjusted=" + adjusted
                : null;
        return json(g -> {
            g.writeStringField("ticker", ticker);
            g.writeNumberField("queryCount", end - offset);
            g.writeNumberField("resultsCount", end - offset);
            g.writeBooleanField("adjusted", adjusted);
            g.writeArrayFieldStart("results");
            for (int i = offset; i < end; i++) {
                double[] v = values.get(i);
                g.writeStartObject();
                g.writeNumberField("v", v[4]);
                g.writeNumberField("vw", v[3]);
                g.writeNumberField("o", v[0]);
                g.writeNumberField("c", v[3]);
                g.writeNumberField("h", v[1]);
                g.writeNumberField("l", v[2]);
                g.writeNumberField("t", times.get(i)[0]);
                g.writeNumberField("n", 12);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("status", "OK");
            g.writeStringField("request_id", requestId());
            if (next != null) {
                g.writeStringField("next_url", next);
            }
        });
    }

    /** 30-minute bars 04:00–20:00 New York derived from a daily bar; a few premarket slots have no trades. */
    static void intraday(Bar b, int base, List<long[]> times, List<double[]> values) {
        double o = b.values[base], c = b.values[base + 3], v = b.values[base + 4];
        ZonedDateTime start = ZonedDateTime.of(b.date, LocalTime.of(4, 0), NyseCalendar.NEW_YORK);
        for (int k = 0; k < 32; k++) {
            if (k < 11 && Math.floorMod((b.ticker.hashCode() + b.date.hashCode() + k), 4) == 0) {
                continue;
            }
            double x = o + (c - o) * k / 31.0;
            double y = o + (c - o) * (k + 1) / 31.0;
            double open = Math.round(x * 100) / 100.0, close = Math.round(y * 100) / 100.0;
            times.add(new long[] {start.plusMinutes(30L * k).toInstant().toEpochMilli()});
            values.add(new double[] {open, Math.max(open, close) + 0.01, Math.min(open, close), close,
                    Math.round(v / 40 * (k >= 11 && k < 24 ? 2 : 0.3))});
        }
    }

    private byte[] tickers(Map<String, String> q) throws IOException {
        List<String> all = new ArrayList<>(byTicker.keySet());
        int offset = q.containsKey("cursor") ? Integer.parseInt(q.get("cursor")) : 0;
        int end = Math.min(all.size(), offset + tickerPageSize);
        return json(g -> {
            g.writeArrayFieldStart("results");
            for (String t : all.subList(offset, end)) {
                g.writeStartObject();
                g.writeStringField("ticker", t);
                g.writeStringField("market", "stocks");
                g.writeStringField("type", "CS");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("status", "OK");
            g.writeStringField("request_id", requestId());
            g.writeNumberField("count", end - offset);
            if (end < all.size()) {
                g.writeStringField("next_url", "https://api.massive.com/v3/reference/tickers?cursor="
                        + (faults.loopCursor ? tickerPageSize : end));
            }
        });
    }

    private byte[] splitsBody(Map<String, String> q) throws IOException {
        LocalDate gte = q.containsKey("execution_date.gte") ? LocalDate.parse(q.get("execution_date.gte")) : LocalDate.MIN;
        LocalDate lte = q.containsKey("execution_date.lte") ? LocalDate.parse(q.get("execution_date.lte")) : LocalDate.MAX;
        List<Split> match = new ArrayList<>();
        synchronized (splits) {
            for (Split s : splits) {
                if (!s.executionDate().isBefore(gte) && !s.executionDate().isAfter(lte)) {
                    match.add(s);
                }
            }
        }
        match.sort((a, b) -> a.executionDate().compareTo(b.executionDate()));
        int offset = q.containsKey("cursor") ? Integer.parseInt(q.get("cursor")) : 0;
        int end = Math.min(match.size(), offset + splitPageSize);
        return json(g -> {
            g.writeArrayFieldStart("results");
            for (Split s : match.subList(offset, end)) {
                g.writeStartObject();
                g.writeStringField("execution_date", s.executionDate().toString());
                g.writeStringField("id", "E" + s.hashCode());
                g.writeNumberField("split_from", s.splitFrom());
                g.writeNumberField("split_to", s.splitTo());
                g.writeStringField("ticker", s.ticker());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("status", "OK");
            g.writeStringField("request_id", requestId());
            if (end < match.size()) {
                g.writeStringField("next_url", "https://api.massive.com/v3/reference/splits?cursor=" + end
                        + "&execution_date.gte=" + gte + "&execution_date.lte=" + lte);
            }
        });
    }

    // ------------------------------------------------------------------ plumbing

    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private byte[] error(String status, String message, String field) {
        try {
            return json(g -> {
                g.writeStringField("status", status);
                g.writeStringField("request_id", requestId());
                g.writeStringField(field, message);
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String requestId() {
        Exchange x = current.get();
        return Long.toHexString(x == null ? 0 : x.random.nextLong());
    }

    /** Ends the request's in-flight time once, as its answer starts: the client may send the next one from then on. */
    private void answered(HttpExchange ex) {
        if (unanswered.remove(ex)) { // not an exchange attribute: the JDK shares those across a context
            inFlight.decrementAndGet();
        }
    }

    /**
     * Records the exchange being handled on this thread, once, before its answer goes out: a client that
     * has its response must find its request counted.
     */
    private void record() {
        Exchange x = current.get();
        if (x != null && !x.recorded) {
            x.recorded = true;
            requests.add(new Request(x.arrived, x.path, x.query, x.status));
        }
    }

    /** What {@link #handle} knows of the exchange on its thread; {@code status} −1 reset, −2 stalled, −3 truncated. */
    private static final class Exchange {
        final long arrived;
        final String path, query;
        final Faults faults;
        /** This request's draws: from the seed, the URL and its attempt number under {@link #faults}. */
        final SplittableRandom random;
        int status = 200;
        boolean recorded;

        Exchange(long arrived, String path, String query, Faults faults, long seed) {
            this.arrived = arrived;
            this.path = path;
            this.query = query;
            this.faults = faults;
            String url = query == null ? path : path + "?" + query;
            int attempt = faults.attempts.computeIfAbsent(url, u -> new java.util.concurrent.atomic.AtomicInteger()).getAndIncrement();
            this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + url.hashCode() * 31L + attempt);
        }
    }

    private void send(HttpExchange ex, int status, byte[] body, String retryAfter) throws IOException {
        record();
        answered(ex);
        boolean zip = gzip && body.length > 0 && String.valueOf(ex.getRequestHeaders().getFirst("Accept-Encoding")).contains("gzip");
        if (zip) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(out) {
                {
                    def.setLevel(java.util.zip.Deflater.BEST_SPEED); // the client's side is measured, not this
                }
            }) {
                z.write(body);
            }
            body = out.toByteArray();
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (retryAfter != null) {
            ex.getResponseHeaders().set("Retry-After", retryAfter);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    /** Headers and half the body, then silence: the client must time out and retry. */
    private void stall(HttpExchange ex, byte[] body, long millis) throws IOException, InterruptedException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        OutputStream os = ex.getResponseBody();
        try {
            os.write(body, 0, body.length / 2);
            os.flush();
            stallGate.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (IOException ignored) {
            // the client gave up first
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String kv : raw.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                q.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return q;
    }

    Set<String> tickers() {
        return new TreeSet<>(byTicker.keySet());
    }
}
