package io.lcscanner.polygon;

import io.lcscanner.core.Golden;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** 5 requests per window, pages and retries included, as seen by the server (a 1 s window keeps it quick). */
class RateLimiterTest {

    @Test
    void neverMoreThanFivePerSlidingWindowAtTheServer() throws Exception {
        try (FakePolygonServer server = FakePolygonServer.fromCsv(Golden.file("bars.csv"), 11)) {
            server.faults.rate429 = 0.2;
            server.faults.rate5xx = 0.1;
            server.latencyMillis = 5;
            server.tickerPageSize = 40; // 120 tickers: 3 pages
            PolygonConfig c = PolygonClientTest.config(server).withMaxRequestsPerMinute(5).withRateWindow(Duration.ofSeconds(1));
            long t0 = System.nanoTime();
            try (PolygonClient client = new PolygonClient(c)) {
                List<CompletableFuture<?>> all = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    all.add(client.groupedDaily(LocalDate.of(2025, 10, 20).plusDays(i), i % 2 == 0));
                }
                all.add(client.activeStockTickers());
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
                assertThat(client.requestCount()).isGreaterThanOrEqualTo(13);
            }
            long[] at = server.requests.stream().mapToLong(FakePolygonServer.Request::nanos).sorted().toArray();
            assertThat(at.length).isGreaterThanOrEqualTo(13);
            for (int i = 5; i < at.length; i++) {
                assertThat(at[i] - at[i - 5]).as("requests %d..%d", i - 5, i).isGreaterThanOrEqualTo(1_000_000_000L);
            }
            // and the limiter does not starve: ceil(n / 5) - 1 windows, plus latency and backoff
            assertThat(System.nanoTime() - t0).isLessThan((at.length / 5 + 2) * 1_000_000_000L);
        }
    }

    @Test
    void slotsOpenAWindowAfterTheirRequestCompleted() throws Exception {
        long[] now = {0};
        RateLimiter limiter = new RateLimiter(2, Duration.ofSeconds(60), () -> now[0]);
        int a = limiter.acquire();
        int b = limiter.acquire();
        now[0] = Duration.ofSeconds(30).toNanos();
        limiter.release(a);
        now[0] = Duration.ofSeconds(40).toNanos();
        limiter.release(b);
        now[0] = Duration.ofSeconds(90).toNanos();
        assertThat(limiter.acquire()).isEqualTo(a); // a's window ended at 90 s
        Thread waiter = new Thread(() -> {
            try {
                limiter.acquire();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        waiter.join(200);
        assertThat(waiter.isAlive()).isTrue(); // b is free only at 100 s on the injected clock
        waiter.interrupt();
        waiter.join(2000);
        assertThat(waiter.isAlive()).isFalse();
    }
}
