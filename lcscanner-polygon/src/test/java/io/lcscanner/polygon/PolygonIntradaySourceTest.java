package io.lcscanner.polygon;

import io.lcscanner.core.Golden;
import static io.lcscanner.polygon.PolygonBarSourceTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.IntradayBars;
import io.lcscanner.core.source.IntradaySource;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolygonIntradaySourceTest {
    static final LocalDate FROM = LocalDate.of(2025, 10, 20);
    static final LocalDate TO = LocalDate.of(2025, 10, 28);
    private static FakePolygonServer server;

    @BeforeAll
    static void start() throws Exception {
        server = FakePolygonServer.fromCsv(Golden.file("bars.csv"), 13);
        server.intradayPageSize = 40;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static long intradayRequests(int from) {
        return server.requests.stream().skip(from).filter(r -> r.path().contains("/range/30/minute/")).count();
    }

    @Test
    void pagesAreFollowedAndAWarmCacheAsksNothing(@TempDir Path cache) throws Exception {
        String ticker = server.byDate.get(TO).get(3).ticker();
        List<long[]> times = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (FakePolygonServer.Bar b : server.byTicker.get(ticker)) {
            if (!b.date().isBefore(FROM) && !b.date().isAfter(TO)) {
                FakePolygonServer.intraday(b, 0, times, values);
            }
        }
        int mark = server.requests.size();
        IntradayBars cold;
        try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(server, cache))) {
            IntradaySource source = new PolygonBarSource(client, PolygonBarSourceTest.MONDAY_NOON).intraday().orElseThrow();
            cold = source.thirtyMinuteBars(ticker, FROM, TO);
        }
        assertThat(cold.size()).isEqualTo(times.size());
        assertThat(intradayRequests(mark)).isEqualTo((times.size() + 39) / 40).isGreaterThanOrEqualTo(3);
        for (int i = 0; i < times.size(); i++) {
            assertThat(cold.startMillis()[i]).isEqualTo(times.get(i)[0]);
            assertThat(new double[] {cold.open()[i], cold.high()[i], cold.low()[i], cold.close()[i], cold.volume()[i]})
                    .containsExactly(values.get(i));
        }

        mark = server.requests.size();
        try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(server, cache))) {
            IntradayBars warm = new PolygonIntradaySource(client, new CacheLayout(cache), PolygonBarSourceTest.MONDAY_NOON)
                    .thirtyMinuteBars(ticker, FROM, TO);
            assertThat(warm.startMillis()).containsExactly(cold.startMillis());
            assertThat(warm.close()).containsExactly(cold.close());
            assertThat(warm.volume()).containsExactly(cold.volume());
        }
        assertThat(intradayRequests(mark)).isZero();
        assertThat(server.requests.stream().skip(mark).map(FakePolygonServer.Request::path).toList())
                .containsExactly("/v3/reference/splits"); // one query vouches for every cached day
    }

    @Test
    void aCachedDayThatALaterSplitMadeStaleIsFetchedAgain(@TempDir Path cache) throws Exception {
        try (FakePolygonServer own = FakePolygonServer.fromCsv(Golden.file("bars.csv"), 17)) {
            String ticker = own.byDate.get(TO).get(4).ticker();
            try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(own, cache))) {
                new PolygonIntradaySource(client, new CacheLayout(cache), PolygonBarSourceTest.MONDAY_NOON)
                        .thirtyMinuteBars(ticker, FROM, TO);
                own.split(ticker, LocalDate.of(2025, 11, 4), 1, 2);
                PolygonIntradaySource later = new PolygonIntradaySource(client, new CacheLayout(cache),
                        at(LocalDate.of(2025, 11, 5), LocalTime.NOON));
                IntradayBars after = later.thirtyMinuteBars(ticker, FROM, TO);
                List<long[]> times = new ArrayList<>();
                List<double[]> values = new ArrayList<>();
                for (FakePolygonServer.Bar b : own.byTicker.get(ticker)) {
                    if (!b.date().isBefore(FROM) && !b.date().isAfter(TO)) {
                        FakePolygonServer.intraday(b, 0, times, values);
                    }
                }
                assertThat(after.size()).isEqualTo(times.size());
                for (int i = 0; i < times.size(); i++) {
                    assertThat(after.high()[i]).isEqualTo(values.get(i)[1]); // the split-adjusted prices
                }
                int mark = own.requests.size();
                later.thirtyMinuteBars(ticker, FROM, TO); // refetched days are cached with the new as-of date
                assertThat(own.requests.stream().skip(mark).filter(r -> r.path().contains("/range/30/minute/")).count()).isZero();
            }
        }
    }

    @Test
    void todayIsFetchedButNotCached(@TempDir Path cache) throws Exception {
        String ticker = server.byDate.get(TO).get(5).ticker();
        try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(server, cache))) {
            PolygonIntradaySource source = new PolygonIntradaySource(client, new CacheLayout(cache), at(TO, LocalTime.of(10, 0)));
            IntradayBars today = source.thirtyMinuteBars(ticker, TO.minusDays(1), TO.plusDays(1));
            assertThat(today.size()).isPositive();
            int mark = server.requests.size();
            source.thirtyMinuteBars(ticker, TO.minusDays(1), TO.plusDays(1));
            // yesterday is cached; today (and nothing beyond it) is asked again
            assertThat(server.requests.stream().skip(mark).filter(r -> r.path().contains("/range/30/minute/"))
                    .map(FakePolygonServer.Request::path).distinct().toList())
                    .containsExactly("/v2/aggs/ticker/" + ticker + "/range/30/minute/" + TO + "/" + TO);
        }
    }

    /**
     * Concurrent readers of cached days need the split index: one fetches it, the others wait for that fetch, and
     * nobody holds the source's monitor while it runs (another caller synchronizing on it proceeds meanwhile).
     */
    @Test
    void concurrentCallersShareOneSplitFetchAndHoldNoMonitorDuringIt(@TempDir Path cache) throws Exception {
        String ticker = server.byDate.get(TO).get(5).ticker();
        try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(server, cache))) {
            new PolygonIntradaySource(client, new CacheLayout(cache), PolygonBarSourceTest.MONDAY_NOON)
                    .thirtyMinuteBars(ticker, FROM, TO); // the days are cached now
        }
        server.awaitIdle();
        int mark = server.requests.size();
        ExecutorService pool = Executors.newFixedThreadPool(5);
        server.setLatencyMillis(300); // under the test client's 500 ms time-out
        try (PolygonClient client = new PolygonClient(PolygonBarSourceTest.config(server, cache))) {
            PolygonIntradaySource source = new PolygonIntradaySource(client, new CacheLayout(cache),
                    PolygonBarSourceTest.MONDAY_NOON);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<IntradayBars>> callers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                callers.add(pool.submit(() -> {
                    go.await();
                    return source.thirtyMinuteBars(ticker, FROM, TO);
                }));
            }
            go.countDown();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.inFlight.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(server.inFlight.get()).as("the split fetch started").isEqualTo(1);
            Future<Boolean> other = pool.submit(() -> {
                synchronized (source) {
                    return server.inFlight.get() > 0; // still fetching: the monitor was free during the I/O
                }
            });
            assertThat(other.get(10, TimeUnit.SECONDS)).isTrue();
            List<Long> closes = new ArrayList<>();
            for (Future<IntradayBars> f : callers) {
                IntradayBars bars = f.get(30, TimeUnit.SECONDS);
                assertThat(bars.size()).isPositive();
                closes.add(Double.doubleToLongBits(bars.close()[bars.size() - 1]));
            }
            assertThat(closes).containsOnly(closes.get(0));
        } finally {
            server.setLatencyMillis(0);
            pool.shutdownNow();
        }
        assertThat(server.requests.stream().skip(mark).map(FakePolygonServer.Request::path).toList())
                .containsExactly("/v3/reference/splits"); // one fetch for the four callers, no bars
    }
}
