package io.lcscanner.polygon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.lcscanner.core.Golden;
import io.lcscanner.core.source.BarSeries;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
        server.releaseStalls();
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

    /** A store with one slot per day of {@code days}, taking every ticker. */
    static ColumnStore store(LocalDate... days) {
        int[] epochDays = new int[days.length];
        for (int i = 0; i < days.length; i++) {
            epochDays[i] = (int) days[i].toEpochDay();
        }
        return new ColumnStore(epochDays, t -> true);
    }

    /** One price set of slot {@code slot}'s day, on the calling thread. */
    static GroupedDaily.Answer grouped(PolygonClient client, ColumnStore store, int slot, boolean adjusted) throws Exception {
        return client.get(GroupedDaily.path(LocalDate.ofEpochDay(store.day(slot)), adjusted),
                GroupedDaily.reader(store, slot, adjusted));
    }

    @Test
    void groupedDailyIsValidatedJoinedOnTickerAndEqualToTheCsv() throws Exception {
        server.faults.garbageRows = true;
        ColumnStore store = store(DAY);
        try (PolygonClient client = new PolygonClient(config(server))) {
            GroupedDaily.Answer adjusted = GroupedDaily.fetch(client, store, 0, true).get();
            GroupedDaily.Answer asTraded = GroupedDaily.fetch(client, store, 0, false).get();

            assertThat(asTraded.rows()).isEqualTo(bars().size());
            assertThat(adjusted.rows()).isEqualTo(bars().size() + 1); // ZZADJONLY, which the join drops
            assertThat(asTraded.invalidRows()).isEqualTo(6); // BAD\u0001, NEGP, ZEROP, HLOW, "", NOPRICE
            assertThat(adjusted.requestId()).isNotBlank();
        }
        int[] ids = store.tickersWithBars();
        assertThat(ids).hasSize(bars().size());
        for (int i = 0; i < ids.length; i++) {
            FakePolygonServer.Bar b = bars().get(i);
            BarSeries s = store.series(ids[i]);
            assertThat(s.ticker()).isEqualTo(b.ticker());
            assertThat(s.epochDays()).containsExactly((int) DAY.toEpochDay());
            double[] got = {s.open()[0], s.high()[0], s.low()[0], s.close()[0], s.volume()[0],
                    s.openUa()[0], s.highUa()[0], s.lowUa()[0], s.closeUa()[0], s.volumeUa()[0]};
            assertThat(got).as(b.ticker()).containsExactly(b.values());
        }
    }

    /** The CSV's bars of {@link #DAY}, by ticker. */
    private static List<FakePolygonServer.Bar> bars() {
        List<FakePolygonServer.Bar> bars = new ArrayList<>(server.byDate.get(DAY));
        bars.sort((a, b) -> a.ticker().compareTo(b.ticker()));
        return bars;
    }

    @Test
    void aTickerListedTwiceLosesBothRowsAndARetriedAnswerStartsOver() throws Exception {
        ColumnStore store = store(DAY);
        Ticker aapl = store.ticker("AAPL".toCharArray(), 0, 4);
        String body = """
                {"status":"OK","results":[
                 {"T":"AAPL","o":1,"h":2,"l":0.5,"c":1.5,"v":10},
                 {"T":"MSFT","o":3,"h":4,"l":2.5,"c":3.5,"v":20},
                 {"T":"AAPL","o":1,"h":2,"l":0.5,"c":1.6,"v":10},
                 {"T":"AAPL","o":1,"h":2,"l":0.5,"c":1.7,"v":10}]}""";
        BodyReader<GroupedDaily.Answer> reader = GroupedDaily.reader(store, 0, true);
        GroupedDaily.Answer first = reader.read(Json.FACTORY.createParser(body));
        assertThat(first.rows()).isEqualTo(1); // MSFT
        assertThat(first.invalidRows()).isEqualTo(3); // all three AAPL rows
        assertThat(store.value(aapl, 3, 0)).isEqualTo(-1); // marked: neither row is kept

        // read again (a retry after a truncated body), an answer does not meet its earlier rows as duplicates
        GroupedDaily.Answer again = reader.read(Json.FACTORY.createParser("""
                {"status":"OK","results":[
                 {"T":"AAPL","o":1,"h":2,"l":0.5,"c":1.5,"v":10},
                 {"T":"MSFT","o":3,"h":4,"l":2.5,"c":3.5,"v":20}]}"""));
        assertThat(again.rows()).isEqualTo(2);
        assertThat(again.invalidRows()).isZero();
        assertThat(store.value(aapl, 3, 0)).isEqualTo(1.5);
    }

    @Test
    void asTradedRowsReadBeforeTheAdjustedOnesAreHeldThenKeptOnlyWhereTheyDiffer() throws Exception {
        ColumnStore store = store(DAY);
        Queue<GroupedDaily.Held> holders = new ConcurrentLinkedQueue<>();
        // the as-traded answer is read first, as happens when both are fetched at once
        GroupedDaily.Answer asTraded = GroupedDaily.reader(store, 0, false, holders).read(Json.FACTORY.createParser("""
                {"status":"OK","results":[
                 {"T":"AAPL","o":1,"h":2,"l":0.5,"c":1.5,"v":10},
                 {"T":"SPLT","o":30,"h":40,"l":25,"c":35,"v":20},
                 {"T":"TWICE","o":1,"h":2,"l":0.5,"c":1.5,"v":10},
                 {"T":"TWICE","o":1,"h":2,"l":0.5,"c":1.5,"v":10}]}"""));
        assertThat(asTraded.rows()).isEqualTo(2);
        assertThat(asTraded.invalidRows()).isEqualTo(2);
        Ticker aapl = store.find("AAPL"), split = store.find("SPLT"), twice = store.find("TWICE");
        assertThat(store.has(aapl, 0)).isFalse(); // held: not a bar yet
        GroupedDaily.Answer adjusted = GroupedDaily.reader(store, 0, true).read(Json.FACTORY.createParser("""
                {"status":"OK","results":[
                 {"T":"AAPL","o":1,"h":2,"l":0.5,"c":1.5,"v":10},
                 {"T":"SPLT","o":3,"h":4,"l":2.5,"c":3.5,"v":200},
                 {"T":"TWICE","o":1,"h":2,"l":0.5,"c":1.5,"v":10}]}"""));
        assertThat(adjusted.rows()).isEqualTo(3);
        asTraded.held().putInto(store, 0);

        assertThat(store.has(aapl, 0)).isTrue();
        assertThat(aapl.ownAsTraded()).isNull(); // equal prices: kept once
        assertThat(split.ownAsTraded()).isNotNull();
        assertThat(store.has(twice, 0)).isFalse(); // listed twice as traded: no bar
        double[] aaplBar = new double[10], splitBar = new double[10];
        for (int k = 0; k < 10; k++) {
            aaplBar[k] = store.value(aapl, k, 0);
            splitBar[k] = store.value(split, k, 0);
        }
        assertThat(aaplBar).containsExactly(1, 2, 0.5, 1.5, 10, 1, 2, 0.5, 1.5, 10);
        assertThat(splitBar).containsExactly(3, 4, 2.5, 3.5, 200, 30, 40, 25, 35, 20);
    }

    @Test
    void gzipIsOptional() throws Exception {
        server.gzip = false;
        try (PolygonClient client = new PolygonClient(config(server))) {
            assertThat(grouped(client, store(DAY), 0, false).rows()).isEqualTo(server.byDate.get(DAY).size());
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
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = DAY.minusDays(40); !d.isAfter(DAY); d = d.plusDays(1)) {
            days.add(d);
        }
        ColumnStore store = store(days.toArray(LocalDate[]::new));
        try (PolygonClient client = new PolygonClient(config(server))) {
            List<CompletableFuture<GroupedDaily.Answer>> all = new ArrayList<>();
            for (int slot = 0; slot < days.size(); slot++) {
                all.add(GroupedDaily.fetch(client, store, slot, true));
            }
            for (int slot = 0; slot < days.size(); slot++) {
                LocalDate d = days.get(slot);
                assertThat(all.get(slot).get().rows()).as(d.toString()).isEqualTo(server.byDate.getOrDefault(d, List.of()).size()
                        + (server.byDate.containsKey(d) ? 1 : 0));
            }
            assertThat(client.retryCount()).isPositive();
            assertThat(client.requestCount()).isGreaterThan(all.size());
        }
        List<Integer> statuses = server.requests.stream().skip(before).map(FakePolygonServer.Request::status).toList();
        assertThat(statuses).contains(429, -1, -2, -3); // 429s, resets, stalls and truncated bodies all happened, were survived
    }

    @Test
    @Timeout(60) // a guard: a body that stalls for good would otherwise hang the build
    void aStalledBodyTimesOutAndIsRetried() throws Exception {
        server.faults.rateStall = 1;
        server.faults.stallMillis = 600_000; // far longer than the read timeout: only the timeout can end an attempt
        int before = server.requests.size();
        PolygonConfig c = config(server).withRetries(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(30));
        try (PolygonClient client = new PolygonClient(c)) {
            PolygonException e = catchThrowableOfType(PolygonException.class, () -> grouped(client, store(DAY), 0, true));
            assertThat(e.httpStatus()).isEqualTo(-1);
            assertThat(e.getMessage()).contains("gave up after 2 attempts").contains("HttpTimeoutException");
        } finally {
            server.releaseStalls();
        }
        assertThat(server.requests.stream().skip(before).map(FakePolygonServer.Request::status).toList()).containsExactly(-2, -2);
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        server.faults.fail429First.set(1);
        server.faults.retryAfter = "0.4";
        int before = server.requests.size();
        List<Long> waits = new CopyOnWriteArrayList<>();
        try (PolygonClient client = new PolygonClient(config(server), System::nanoTime, waits::add)) {
            assertThat(grouped(client, store(DAY), 0, true).rows()).isPositive();
        }
        assertThat(waits).containsExactly(400L); // the server's 0.4 s, not the 2..20 ms backoff
        assertThat(server.requests.stream().skip(before).map(FakePolygonServer.Request::status).toList())
                .containsExactly(429, 200);
    }

    @Test
    void backoffDoublesWithJitterUpToItsMaximumWithinTheBudget() throws Exception {
        server.faults.rate5xx = 1;
        long[] now = {0};
        List<Long> waits = new ArrayList<>();
        PolygonConfig c = config(server).withRetries(6, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofHours(1));
        try (PolygonClient client = new PolygonClient(c, () -> now[0], ms -> {
            waits.add(ms);
            now[0] += ms * 1_000_000;
        })) {
            PolygonException e = catchThrowableOfType(PolygonException.class, () -> grouped(client, store(DAY), 0, true));
            assertThat(e.getMessage()).contains("gave up after 6 attempts");
            assertThat(e.httpStatus()).isIn(500, 502, 503);
        }
        // "equal jitter": each wait is between half and all of 100, 200, 400, 400, 400 ms
        long[] caps = {100, 200, 400, 400, 400};
        assertThat(waits).hasSize(caps.length);
        for (int i = 0; i < caps.length; i++) {
            assertThat(waits.get(i)).as("wait %d", i + 1).isBetween(caps[i] / 2, caps[i]);
        }

        waits.clear();
        now[0] = 0;
        c = config(server).withRetries(100, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(3));
        try (PolygonClient client = new PolygonClient(c, () -> now[0], ms -> {
            waits.add(ms);
            now[0] += ms * 1_000_000;
        })) {
            PolygonException e = catchThrowableOfType(PolygonException.class, () -> grouped(client, store(DAY), 0, true));
            assertThat(e.getMessage()).contains("retry budget of 3000 ms spent");
        }
        assertThat(waits.stream().mapToLong(Long::longValue).sum()).isLessThanOrEqualTo(3000);
        assertThat(waits).hasSizeGreaterThanOrEqualTo(3); // at least three 0.5..1 s waits fit in 3 s
    }

    @Test
    void clientErrorsAreNeverRetried() throws Exception {
        // a read time-out is retried, so the 400 ms of the other tests would count a slow answer on a loaded machine
        // as more requests: this test waits as long as it takes
        try (PolygonClient client = new PolygonClient(config(server).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30)))) {
            for (int status : new int[] {401, 403}) {
                server.faults.forcedStatus = status;
                int before = server.requests.size();
                ExecutionException e = catchThrowableOfType(ExecutionException.class,
                        () -> GroupedDaily.fetch(client, store(DAY), 0, true).get());
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
            assertThat(client.errorCount()).isEqualTo(3);
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
                PolygonException e = catchThrowableOfType(PolygonException.class, () -> grouped(client, store(DAY), 0, true));
                texts.add(e.getMessage());
                texts.add(e.toString());
            }
            server.faults = new FakePolygonServer.Faults();
            server.faults.rate5xx = 1;
            PolygonException e = catchThrowableOfType(PolygonException.class, () -> grouped(client, store(DAY), 0, true));
            texts.add(e.toString());
            server.faults = new FakePolygonServer.Faults();
            server.faults.rate429 = 0.3;
            server.faults.rateTruncated = 0.2;
            grouped(client, store(DAY), 0, false);
        }
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
            CustomBars rows = CustomBars.fetch(client, ticker, 1, "day", LocalDate.of(2023, 1, 1), DAY, true);
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
        LocalDate[] days = new LocalDate[12];
        for (int i = 0; i < days.length; i++) {
            days[i] = DAY.minusDays(i);
        }
        ColumnStore store = store(days);
        try (PolygonClient client = new PolygonClient(config(server).withMaxConcurrency(3)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
            List<CompletableFuture<GroupedDaily.Answer>> all = new ArrayList<>();
            for (int i = 0; i < days.length; i++) {
                all.add(GroupedDaily.fetch(client, store, i, false));
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
