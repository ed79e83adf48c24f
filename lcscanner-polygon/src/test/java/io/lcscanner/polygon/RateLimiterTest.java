package io.lcscanner.polygon;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** At most 5 requests per window, pages and retries included, as the server sees them. */
class RateLimiterTest {

    @Test
    void neverMoreThanFivePerSlidingWindowAtTheServer() throws Exception {
        try (FakePolygonServer server = FakePolygonServer.fromCsv(Golden.file("bars.csv"), 11)) {
            server.faults.rate429 = 0.2;
            server.faults.rate5xx = 0.1;
            server.latencyMillis = 5;
            server.tickerPageSize = 40; // 120 tickers: 3 pages
            // a 1 s window keeps it quick; retries back off 2..20 ms
            PolygonConfig c = PolygonClientTest.config(server).withMaxRequestsPerMinute(5).withRateWindow(Duration.ofSeconds(1));
            LocalDate[] days = new LocalDate[10];
            for (int i = 0; i < days.length; i++) {
                days[i] = LocalDate.of(2025, 10, 20).plusDays(i);
            }
            ColumnStore store = PolygonClientTest.store(days);
            try (PolygonClient client = new PolygonClient(c)) {
                List<CompletableFuture<?>> all = new ArrayList<>();
                for (int i = 0; i < days.length; i++) {
                    all.add(GroupedDaily.fetch(client, store, i, i % 2 == 0));
                }
                all.add(client.activeStockTickers());
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES); // a guard only
                assertThat(client.requestCount()).isGreaterThanOrEqualTo(13);
            }
            long[] at = server.requests.stream().mapToLong(FakePolygonServer.Request::nanos).sorted().toArray();
            assertThat(at.length).isGreaterThanOrEqualTo(13);
            for (int i = 5; i < at.length; i++) {
                assertThat(at[i] - at[i - 5]).as("requests %d..%d", i - 5, i).isGreaterThanOrEqualTo(1_000_000_000L);
            }
        }
    }

    @Test
    void slotsOpenAWindowAfterTheirRequestCompleted() throws Exception {
        long[] now = {0};
        RateLimiter limiter = new RateLimiter(2, Duration.ofSeconds(60), () -> now[0]);
        int a = limiter.acquire();
        int b = limiter.acquire();
        assertThat(limiter.waitNanos()).isEqualTo(Long.MAX_VALUE); // both in flight: only a release frees one
        now[0] = seconds(30);
        limiter.release(a);
        now[0] = seconds(40);
        limiter.release(b);
        now[0] = seconds(89);
        assertThat(limiter.waitNanos()).isEqualTo(seconds(1)); // a's window ends at 90 s, not 60 s
        now[0] = seconds(90);
        assertThat(limiter.waitNanos()).isZero();
        assertThat(limiter.acquire()).isEqualTo(a);
        assertThat(limiter.waitNanos()).isEqualTo(seconds(10)); // b's ends at 100 s
        now[0] = seconds(100);
        assertThat(limiter.acquire()).isEqualTo(b);
    }

    @Test
    void aRequestWaitingForABusySlotGoesAWindowAfterItsRelease() throws Exception {
        long window = TimeUnit.MILLISECONDS.toNanos(50);
        RateLimiter limiter = new RateLimiter(1, Duration.ofNanos(window), System::nanoTime);
        int only = limiter.acquire();
        CompletableFuture<Long> acquiredAt = CompletableFuture.supplyAsync(() -> {
            try {
                limiter.acquire();
                return System.nanoTime();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long releasedAt = System.nanoTime();
        limiter.release(only);
        // woken by the release (a guard only bounds the wait), then held for a full window after it
        assertThat(acquiredAt.get(30, TimeUnit.SECONDS) - releasedAt).isGreaterThanOrEqualTo(window);
    }

    private static long seconds(long s) {
        return TimeUnit.SECONDS.toNanos(s);
    }
}
