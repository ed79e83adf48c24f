package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.Golden;
import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import io.lcscanner.core.source.IntradaySource;
import io.lcscanner.polygon.FakePolygonServer;
import io.lcscanner.polygon.SyntheticCache;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/bars} loads off the request threads: identical loads in flight are one, a few run and a few wait
 * (503 beyond), health answers meanwhile, the span is bounded, and shutdown interrupts a load instead of waiting
 * for a slow upstream.
 */
class BarLoadsTest {
    @TempDir
    Path dir;

    /** The golden CSV, each open() counted, taking {@code delayMs} and then waiting for {@link #gate}. */
    static final class CountingSource implements BarSource {
        final BarSource inner = new CsvBarSource(Golden.file("bars.csv"));
        final AtomicInteger opens = new AtomicInteger();
        final CountDownLatch gate = new CountDownLatch(1);
        final long delayMs;

        CountingSource(long delayMs, boolean gated) {
            this.delayMs = delayMs;
            if (!gated) {
                gate.countDown();
            }
        }

        @Override
        public String description() {
            return "counting";
        }

        @Override
        public Universe universe() throws IOException {
            return inner.universe();
        }

        @Override
        public Optional<IntradaySource> intraday() {
            return Optional.empty();
        }

        @Override
        public Window open(LocalDate from, LocalDate to, Predicate<String> tickers, LoadListener listener)
                throws IOException, InterruptedException {
            opens.incrementAndGet();
            Thread.sleep(delayMs);
            gate.await();
            return inner.open(from, to, tickers, listener);
        }
    }

    private static CompletableFuture<HttpResponse<String>> getAsync(TestServer s, String path) {
        return s.http.sendAsync(s.request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void identicalLoadsInFlightAreOneLoad() throws Exception {
        CountingSource source = new CountingSource(2000, false);
        try (TestServer s = TestServer.start(dir, source)) {
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                all.add(getAsync(s, "/api/bars/KK?from=2024-07-01&to=2024-07-31&lookback_days=30"));
            }
            List<String> bodies = new ArrayList<>();
            for (var f : all) {
                HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                bodies.add(r.body());
            }
            assertThat(source.opens.get()).isEqualTo(1);
            assertThat(bodies).allMatch(b -> b.equals(bodies.get(0)));
            // July 2024 has 22 sessions (the 4th a holiday)
            assertThat(TestServer.json(bodies.get(0)).path("bars")).hasSize(22);
            // once done, the same request loads again (nothing is cached here)
            assertThat(s.get("/api/bars/KK?from=2024-07-01&to=2024-07-31&lookback_days=30").statusCode()).isEqualTo(200);
            assertThat(source.opens.get()).isEqualTo(2);
        }
    }

    @Test
    void aFewLoadsRunAFewWaitTheRestAre503AndHealthAnswersMeanwhile() throws Exception {
        CountingSource source = new CountingSource(0, true);
        try (TestServer s = TestServer.start(dir, source)) {
            // more loads than the 16 request workers, each held until the gate opens
            int requests = BarLoads.THREADS + BarLoads.QUEUE + 8;
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            LocalDate to = LocalDate.of(2024, 8, 1);
            for (int i = 0; i < requests; i++) {
                all.add(getAsync(s, "/api/bars/KK?from=2024-07-01&to=" + to.plusDays(i)));
            }
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> all.stream().filter(CompletableFuture::isDone)
                    .count() == 8);
            assertThat(source.opens.get()).isEqualTo(BarLoads.THREADS);
            // the loads hold no request worker: health answers while they wait
            for (int i = 0; i < 20; i++) {
                assertThat(s.get("/api/health").statusCode()).isEqualTo(200);
            }
            source.gate.countDown();
            int ok = 0;
            int busy = 0;
            for (var f : all) {
                HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    JsonNode e = ErrorsTest.error(r, 503);
                    assertThat(e.path("code").asText()).isEqualTo("bars_busy");
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("10");
                    busy++;
                }
            }
            assertThat(ok).isEqualTo(BarLoads.THREADS + BarLoads.QUEUE);
            assertThat(busy).isEqualTo(8);
        }
    }

    @Test
    void datesOutsideAnyMarketAndSpansBeyondTheLimitAre400() throws Exception {
        try (TestServer s = TestServer.start(dir, new CsvBarSource(Golden.file("bars.csv")),
                Map.of("SCANNER_BARS_MAX_YEARS", "2"), Duration.ofMinutes(1))) {
            for (String[] c : new String[][] {
                    {"from=0000-01-01&to=2024-07-31", "from", "between 1900-01-01 and 2199-12-31"},
                    {"from=2024-07-01&to=9999-01-01", "to", "between 1900-01-01 and 2199-12-31"},
                    {"from=9999-01-01&to=9999-01-02", "from", "between"},
                    {"from=2020-01-01&to=2022-01-02", "to", "more than 2 years"},
                    {"from=2023-01-01&to=2024-07-01&lookback_days=400", "lookback_days", "more than 2 years"}}) {
                HttpResponse<String> r = s.get("/api/bars/KK?" + c[0]);
                JsonNode e = ErrorsTest.error(r, 400);
                assertThat(e.path("field").asText()).as(c[0]).isEqualTo(c[1]);
                assertThat(e.path("message").asText()).as(c[0]).contains(c[2]);
            }
            // exactly the limit, lookback included, is served
            HttpResponse<String> r = s.get("/api/bars/KK?from=2023-07-01&to=2024-07-01&lookback_days="
                    + java.time.temporal.ChronoUnit.DAYS.between(LocalDate.of(2022, 7, 1), LocalDate.of(2023, 7, 1)));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            // the 404 of an unknown ticker does not show the CSV's path
            HttpResponse<String> unknown = s.get("/api/bars/NOSUCH?from=2024-07-01&to=2024-07-31");
            assertThat(ErrorsTest.error(unknown, 404).path("message").asText()).contains("NOSUCH")
                    .doesNotContain("bars.csv").doesNotContain("/");
        }
    }

    @Test
    void shutdownInterruptsALoadFromASlowPolygon() throws Exception {
        List<LocalDate> sessions = NyseCalendar.sessions(LocalDate.of(2024, 1, 2), LocalDate.now());
        try (FakePolygonServer polygon = FakePolygonServer.synthetic(20, sessions, 7)) {
            polygon.setLatencyMillis(300); // a year of sessions, one request each: over a minute at this pace
            BarSource source = new SourceConfig(SourceConfig.POLYGON, null, 1, 1, new SourceConfig.Polygon(
                    Map.of("POLYGON_API_KEY", FakePolygonServer.KEY, "POLYGON_BASE_URL", polygon.baseUrl().toString()),
                    dir.resolve("cache"), false, 6000, 2)).open("--csv");
            TestServer s = TestServer.start(dir.resolve("results"), source);
            CompletableFuture<HttpResponse<String>> bars = getAsync(s, "/api/bars/" + SyntheticCache.tickers(20)[0] + "?from=2024-06-01&to=2024-12-31&lookback_days=150");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> polygon.requestCount() >= 4);
            long start = System.nanoTime();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(s::close);
            closing.get(30, TimeUnit.SECONDS); // a generous guard: it took over a minute before
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(seconds).isLessThan(20);
            int atClose = polygon.requestCount();
            // the client got an answer or a closed connection, not a hang
            try {
                HttpResponse<String> r = bars.get(10, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(503);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IOException.class);
            }
            Thread.sleep(1500);
            assertThat(polygon.requestCount()).as("no requests after the load was interrupted")
                    .isLessThanOrEqualTo(atClose + 2);
        }
    }
}
