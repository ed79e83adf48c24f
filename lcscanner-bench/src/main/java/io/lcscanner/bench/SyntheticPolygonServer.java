package io.lcscanner.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.IntradayBars;
import io.lcscanner.core.source.IntradaySource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Polygon on 127.0.0.1, serving a synthetic market the way the real API shapes it, for the cold-start benchmark's
 * warm-cache rows: grouped daily in both adjustments ({@code t} = the session's close in New York), 30-minute custom
 * bars from the market's intraday source (one page), and no splits, gzipped when the client asks as Polygon does.
 * Anything else is 404. Requests are counted by
 * kind, so a run can show it was served from the cache.
 */
public final class SyntheticPolygonServer implements AutoCloseable {
    private static final Pattern GROUPED = Pattern.compile("/v2/aggs/grouped/locale/us/market/stocks/(\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern CUSTOM = Pattern.compile("/v2/aggs/ticker/([^/]+)/range/30/minute/(\\d{4}-\\d{2}-\\d{2})/(\\d{4}-\\d{2}-\\d{2})");
    private static final String SPLITS = "/v3/reference/splits";

    private final List<BarSeries> series;
    private final IntradaySource intraday;
    /** Per epoch day (from {@link #firstDay}): the series with a bar that day, and that bar's index. */
    private final int firstDay;
    private final int[][] seriesOfDay, barOfDay;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong grouped = new AtomicLong(), custom = new AtomicLong(), splits = new AtomicLong(),
            other = new AtomicLong();

    /** Serves {@code series} (each in date order) and the 30-minute bars of {@code intraday}. */
    public SyntheticPolygonServer(List<BarSeries> series, IntradaySource intraday) throws IOException {
        this.series = List.copyOf(series);
        this.intraday = intraday;
        int first = Integer.MAX_VALUE, last = Integer.MIN_VALUE;
        for (BarSeries s : series) {
            if (s.size() > 0) {
                first = Math.min(first, s.epochDays()[0]);
                last = Math.max(last, s.epochDays()[s.size() - 1]);
            }
        }
        firstDay = first;
        int days = first > last ? 0 : last - first + 1;
        int[] count = new int[days];
        for (BarSeries s : series) {
            for (int d : s.epochDays()) {
                count[d - first]++;
            }
        }
        seriesOfDay = new int[days][];
        barOfDay = new int[days][];
        for (int d = 0; d < days; d++) {
            seriesOfDay[d] = new int[count[d]];
            barOfDay[d] = new int[count[d]];
        }
        Arrays.fill(count, 0);
        for (int i = 0; i < series.size(); i++) {
            int[] epochDays = series.get(i).epochDays();
            for (int j = 0; j < epochDays.length; j++) {
                int d = epochDays[j] - first;
                seriesOfDay[d][count[d]] = i;
                barOfDay[d][count[d]++] = j;
            }
        }
        // headers and body go out as two writes; without TCP_NODELAY the client's delayed ACK adds 40 ms a response
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "synthetic-polygon");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Requests so far: grouped daily, 30-minute custom bars, splits, anything else. */
    public long[] requests() {
        return new long[] {grouped.get(), custom.get(), splits.get(), other.get()};
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            byte[] body;
            Matcher m;
            if ((m = GROUPED.matcher(path)).matches()) {
                grouped.incrementAndGet();
                body = groupedDaily(LocalDate.parse(m.group(1)), query == null || !query.contains("adjusted=false"));
            } else if ((m = CUSTOM.matcher(path)).matches()) {
                custom.incrementAndGet();
                body = thirtyMinuteBars(java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8),
                        LocalDate.parse(m.group(2)), LocalDate.parse(m.group(3)));
            } else if (path.equals(SPLITS)) {
                splits.incrementAndGet();
                body = "{\"results\":[],\"status\":\"OK\",\"request_id\":\"synthetic\"}".getBytes(StandardCharsets.US_ASCII);
            } else {
                other.incrementAndGet();
                send(exchange, 404, "{\"status\":\"NOT_FOUND\",\"request_id\":\"synthetic\",\"message\":\"not served\"}"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            String accepted = exchange.getRequestHeaders().getFirst("Accept-Encoding");
            if (accepted != null && accepted.contains("gzip")) {
                // as Polygon answers a client that asks for it: the transfer, and the client's buffers, are gzip-sized
                exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                body = gzip(body);
            }
            send(exchange, 200, body);
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            send(exchange, 500, ("{\"status\":\"ERROR\",\"error\":\"" + e.getClass().getSimpleName() + "\"}")
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** Gzipped at the fastest level: the server shares the cores with the measured JVM. */
    static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(body);
        }
        return out.toByteArray();
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private byte[] groupedDaily(LocalDate session, boolean adjusted) {
        int d = (int) session.toEpochDay() - firstDay;
        int n = d >= 0 && d < seriesOfDay.length ? seriesOfDay[d].length : 0;
        long t = ZonedDateTime.of(session, NyseCalendar.closeTime(session), NyseCalendar.NEW_YORK).toInstant().toEpochMilli();
        StringBuilder sb = new StringBuilder(100 * n + 200);
        sb.append("{\"status\":\"OK\",\"adjusted\":").append(adjusted).append(",\"queryCount\":").append(n)
                .append(",\"resultsCount\":").append(n).append(",\"request_id\":\"synthetic\"");
        if (n > 0) {
            sb.append(",\"results\":[");
            for (int i = 0; i < n; i++) {
                BarSeries s = series.get(seriesOfDay[d][i]);
                int j = barOfDay[d][i];
                sb.append(i == 0 ? "{" : ",{").append("\"T\":\"").append(s.ticker()).append("\",");
                bar(sb, adjusted ? s.open()[j] : s.openUa()[j], adjusted ? s.high()[j] : s.highUa()[j],
                        adjusted ? s.low()[j] : s.lowUa()[j], adjusted ? s.close()[j] : s.closeUa()[j],
                        adjusted ? s.volume()[j] : s.volumeUa()[j], t);
                sb.append('}');
            }
            sb.append(']');
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] thirtyMinuteBars(String ticker, LocalDate from, LocalDate to) throws IOException, InterruptedException {
        IntradayBars bars = intraday.thirtyMinuteBars(ticker, from, to);
        int n = bars.size();
        StringBuilder sb = new StringBuilder(100 * n + 200);
        sb.append("{\"ticker\":\"").append(ticker).append("\",\"status\":\"OK\",\"adjusted\":true,\"queryCount\":").append(n)
                .append(",\"resultsCount\":").append(n).append(",\"request_id\":\"synthetic\",\"results\":[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "{" : ",{");
            bar(sb, bars.open()[i], bars.high()[i], bars.low()[i], bars.close()[i], bars.volume()[i], bars.startMillis()[i]);
            sb.append('}');
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void bar(StringBuilder sb, double o, double h, double l, double c, double v, long t) {
        sb.append("\"o\":").append(o).append(",\"h\":").append(h).append(",\"l\":").append(l).append(",\"c\":").append(c)
                .append(",\"v\":").append(v).append(",\"t\":").append(t);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
