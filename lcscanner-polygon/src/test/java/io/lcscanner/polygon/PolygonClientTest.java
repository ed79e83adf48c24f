package io.lcscanner.polygon;

import io.lcscanner.core.Golden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PolygonClientTest {
    private static final LocalDate DAY = LocalDate.of(2025, 10, 31);
    private static FakePolygonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = FakePolygonServer.fromCsv(Golden.file("bars.csv"), 7);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() throws InterruptedException {
        server.awaitIdle();
        server.faults = new FakePolygonServer.Faults();
        server.latencyMillis = 0;
        server.gzip = true;
    }

    static PolygonConfig config(FakePolygonServer s) {
        return PolygonConfig.of(FakePolygonServer.KEY).withBaseUrl(s.baseUrl())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(400))
                .withRetries(10, Duration.ofMillis(2), Duration.ofMillis(20), Duration.ofSeconds(20));
    }

    @Test
    void groupedDailyIsValidatedSortedAndEqualToTheCsv() throws Exception {
        server.faults.garbageRows = true;
        try (PolygonClient client = new PolygonClient(config(server))) {
            DailyRows adjusted = client.groupedDaily(DAY, true).get();
            DailyRows asTraded = client.groupedDaily(DAY, false).get();
            List<FakePolygonServer.Bar> bars = server.byDate.get(DAY);

            assertThat(asTraded.size).isEqualTo(bars.size());
            assertThat(adjusted.size).isEqualTo(bars.size() + 1); // ZZADJONLY
            assertThat(asTraded.invalid).isEqualTo(6);
            for (int i = 1; i < asTraded.size; i++) {
                assertThat(asTraded.tickers[i - 1]).isLessThan(asTraded.tickers[i]);
            }
            Session joined = Session.join(adjusted, asTraded, DAY);
            assertThat(joined.size()).isEqualTo(bars.size());
            for (FakePolygonServer.Bar b : bars) {
                int row = java.util.Arrays.binarySearch(joined.tickers(), b.ticker());
                for (int k = 0; k < 10; k++) {
                    assertThat(joined.columns()[k][row]).as(b.ticker() + " column " + k).isEqualTo(b.values()[k]);
                }
            }
        }
    }

    @Test
    void gzipIsOptional() throws Exception {
        server.gzip = false;
        try (PolygonClient client = new PolygonClient(config(server))) {
            assertThat(client.groupedDaily(DAY, false).get().size).isEqualTo(server.byDate.get(DAY).size());
        }
    }

    @Test
    void transientFailuresAreRetriedUntilTheyPass() throws Exception {
        FakePolygonServer.Faults f = new FakePolygonServer.Faults();
        f.rate429 = 0.15;
        f.rate5xx = 0.15;
        f.rateTruncated = 0.1;
        f.rateReset = 0.05;
        f.rateStall = 0.05;
        f.stallMillis = 800;
        server.faults = f;
        int before = server.requests.size();
        try (PolygonClient client = new PolygonClient(config(server))) {
            List<CompletableFuture<DailyRows>> all = new ArrayList<>();
            for (LocalDate d = DAY.minusDays(40); !d.isAfter(DAY); d = d.plusDays(1)) {
                all.add(client.groupedDaily(d, true));
            }
            for (CompletableFuture<DailyRows> r : all) {
                DailyRows rows = r.get();
                assertThat(rows.size).isEqualTo(server.byDate.getOrDefault(rows.session, List.of()).size()
                        + (server.byDate.containsKey(rows.session) ? 1 : 0));
            }
            assertThat(client.retryCount()).isPositive();
            assertThat(client.requestCount()).isGreaterThan(all.size());
        }
        List<Integer> statuses = server.requests.stream().skip(before).map(FakePolygonServer.Request::status).toList();
        assertThat(statuses).contains(429, -1, -3); // 429s, resets and truncated bodies all happened and were survived
    }

    @Test
    void stalledBodyTimesOutAndIsRetried() throws Exception {
        server.faults.rateStall = 1;
        server.faults.stallMillis = 1000;
        PolygonConfig c = config(server).withRetries(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(5));
        try (PolygonClient client = new PolygonClient(c)) {
            long t0 = System.nanoTime();
            PolygonException e = catchThrowableOfType(PolygonException.class, () -> client.groupedDailyNow(DAY, true));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(e.httpStatus()).isEqualTo(-1);
            assertThat(e.getMessage()).contains("gave up after 2 attempts").contains("HttpTimeoutException");
            assertThat(ms).isBetween(700L, 1900L); // two 400 ms read timeouts, not two 1 s stalls
        }
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        server.faults.fail429First.set(1);
        server.faults.retryAfter = "0.4";
        int before = server.requests.size();
        try (PolygonClient client = new PolygonClient(config(server))) {
            assertThat(client.groupedDailyNow(DAY, true).size).isPositive();
        }
        List<FakePolygonServer.Request> reqs = server.requests.stream().skip(before)
                .sorted((a, b) -> Long.compare(a.nanos(), b.nanos())).toList();
        assertThat(reqs).hasSize(2);
        assertThat(reqs.get(0).status()).isEqualTo(429);
        assertThat(reqs.get(1).nanos() - reqs.get(0).nanos()).isGreaterThanOrEqualTo(400_000_000L);
    }

    @Test
    void clientErrorsAreNeverRetried() throws Exception {
        try (PolygonClient client = new PolygonClient(config(server))) {
            for (int status : new int[] {401, 403}) {
                server.faults.forcedStatus = status;
                int before = server.requests.size();
                ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> client.groupedDaily(DAY, true).get());
                PolygonException p = (PolygonException) e.getCause();
                assertThat(p.httpStatus()).isEqualTo(status);
                assertThat(p.bodyStatus()).isEqualTo(status == 401 ? "ERROR" : "NOT_AUTHORIZED");
                assertThat(p.requestId()).isNotBlank();
                assertThat(p.getMessage()).contains(p.requestId()).contains("/v2/aggs/grouped/locale/us/market/stocks/2025-10-31");
                assertThat(server.requests.size() - before).isEqualTo(1);
            }
            server.faults.forcedStatus = 0;
            int before = server.requests.size();
            ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> client.tickerType("NOPE").get());
            assertThat(((PolygonException) e.getCause()).httpStatus()).isEqualTo(404);
            assertThat(((PolygonException) e.getCause()).bodyStatus()).isEqualTo("NOT_FOUND");
            assertThat(server.requests.size() - before).isEqualTo(1);
            assertThat(client.retryCount()).isZero();
        }
    }

    @Test
    void theKeyAppearsInNoMessageAndNoLogLine() throws Exception {
        PolygonConfig c = config(server);
        List<String> texts = new ArrayList<>();
        texts.add(c.toString());
        try (PolygonClient client = new PolygonClient(c)) {
            texts.add(client.toString());
            server.faults.echoKeyInErrors = true; // a server that quotes the key back must not leak it either
            for (int status : new int[] {401, 403}) {
                server.faults.forcedStatus = status;
                PolygonException e = catchThrowableOfType(PolygonException.class, () -> client.groupedDailyNow(DAY, true));
                texts.add(e.getMessage());
                texts.add(e.toString());
            }
            server.faults = new FakePolygonServer.Faults();
            server.faults.rate5xx = 1;
            PolygonException e = catchThrowableOfType(PolygonException.class, () -> client.groupedDailyNow(DAY, true));
            texts.add(e.toString());
            server.faults = new FakePolygonServer.Faults();
            server.faults.rate429 = 0.5;
            server.faults.rateTruncated = 0.3;
            client.groupedDailyNow(DAY, false);
        }
        PolygonClient wrongKey = new PolygonClient(config(server).withBaseUrl(server.baseUrl()));
        wrongKey.close();
        texts.addAll(CapturingLogs.lines());
        assertThat(CapturingLogs.lines()).anyMatch(l -> l.contains("retry")); // logging was captured at all
        assertThat(texts).isNotEmpty().noneMatch(t -> t.contains(FakePolygonServer.KEY));
    }

    @Test
    void pagingFollowsNextUrlOnTheConfiguredHost() throws Exception {
        server.dayPageSize = 100;
        server.tickerPageSize = 50;
        try (PolygonClient client = new PolygonClient(config(server))) {
            String ticker = server.byTicker.firstKey();
            int before = server.requests.size();
            AggRows rows = client.customBarsNow(ticker, 1, "day", LocalDate.of(2023, 1, 1), DAY, true);
            assertThat(rows.size).isEqualTo(server.byTicker.get(ticker).size());
            assertThat(server.requests.size() - before).isEqualTo((rows.size + 99) / 100); // next_url named api.massive.com
            for (int i = 0; i < rows.size; i++) {
                assertThat(rows.close[i]).isEqualTo(server.byTicker.get(ticker).get(i).values()[3]);
            }
            assertThat(client.activeStockTickers().get()).containsExactlyElementsOf(server.tickers());
            assertThat(client.tickerType(ticker).get()).isIn("CS", "ETF");
        }
    }

    @Test
    void pagingIsGuardedAgainstLoopsAndEndlessPages() throws Exception {
        server.tickerPageSize = 50;
        server.faults.loopCursor = true;
        try (PolygonClient client = new PolygonClient(config(server))) {
            ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> client.activeStockTickers().get());
            assertThat(e.getCause()).isInstanceOf(PolygonException.class).hasMessageContaining("repeated");
        }
        server.faults.loopCursor = false;
        try (PolygonClient client = new PolygonClient(config(server).withMaxPages(2))) {
            ExecutionException e = catchThrowableOfType(ExecutionException.class, () -> client.activeStockTickers().get());
            assertThat(e.getCause()).isInstanceOf(PolygonException.class).hasMessageContaining("more than 2 pages");
        }
    }

    @Test
    void concurrencyIsBounded() throws Exception {
        server.latencyMillis = 60;
        try (PolygonClient client = new PolygonClient(config(server).withMaxConcurrency(3)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
            List<CompletableFuture<DailyRows>> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                all.add(client.groupedDaily(DAY.minusDays(i), false));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        }
        assertThat(server.maxInFlight.get()).isEqualTo(3);
    }

    @Test
    void configComesFromTheEnvironmentAndNamesBadVariables() {
        PolygonConfig c = PolygonConfig.fromEnvironment(Map.of("POLYGON_API_KEY", "k1", "POLYGON_MAX_REQUESTS_PER_MINUTE", "5",
                "SCANNER_CACHE_DIR", "/tmp/x"));
        assertThat(c.baseUrl()).hasToString("https://api.massive.com");
        assertThat(c.maxConcurrency()).isEqualTo(12);
        assertThat(c.maxRequestsPerMinute()).isEqualTo(5);
        assertThat(c.cacheDir()).hasToString("/tmp/x");
        assertThat(c.readTimeout()).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(PolygonConfig.fromEnvironment(Map.of("POLYGON_API_KEY", "k1")).cacheDir()).isNotNull();
        assertThatThrownBy(() -> PolygonConfig.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POLYGON_API_KEY");
        assertThatThrownBy(() -> PolygonConfig.fromEnvironment(Map.of("POLYGON_API_KEY", "k", "POLYGON_BASE_URL", "ftp://x")))
                .hasMessageContaining("POLYGON_BASE_URL");
        assertThatThrownBy(() -> PolygonConfig.fromEnvironment(Map.of("POLYGON_API_KEY", "k", "POLYGON_MAX_CONCURRENCY", "0")))
                .hasMessageContaining("POLYGON_MAX_CONCURRENCY");
        assertThatThrownBy(() -> PolygonConfig.fromEnvironment(Map.of("POLYGON_API_KEY", "k", "POLYGON_MAX_REQUESTS_PER_MINUTE", "five")))
                .hasMessageContaining("POLYGON_MAX_REQUESTS_PER_MINUTE");
        assertThatThrownBy(() -> PolygonConfig.fromEnvironment(Map.of("POLYGON_API_KEY", "k", "POLYGON_READ_TIMEOUT_SECONDS", "-1")))
                .hasMessageContaining("POLYGON_READ_TIMEOUT_SECONDS");
        assertThat(PolygonConfig.fromEnvironment(Map.of("POLYGON_API_KEY", "k", "POLYGON_BASE_URL", "http://127.0.0.1:9/"))
                .baseUrl()).hasToString("http://127.0.0.1:9");
    }
}
