package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.synthetic.SyntheticMarket;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris: clients that send their headers or their body a byte at a time are cut off after the header
 * and body time-outs (1 s here), and while they trickle they hold no thread the API needs.
 */
class SlowSenderTest {
    private static final Duration LIMIT = Duration.ofSeconds(1);
    private static final Duration GUARD = Duration.ofSeconds(8);

    @TempDir
    Path dir;
    TestServer server;
    ExecutorService clients = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "slow-sender");
        t.setDaemon(true);
        return t;
    });

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir, new SyntheticMarket(1, 20), Map.of(), Duration.ofMinutes(5),
                ServerLimits.DEFAULT.withHeaderTimeout(LIMIT).withBodyTimeout(LIMIT));
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        server.close();
    }

    @Test
    void headersSentAByteAtATimeAreCutOff() throws Exception {
        assertThat(trickle("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n", "X-Slow: " + "a".repeat(200)))
                .isLessThan(GUARD);
    }

    @Test
    void aBodySentAByteAtATimeIsCutOff() throws Exception {
        String body = "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-01-31\"}" + " ".repeat(200);
        assertThat(trickle("POST /api/scan/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n", body)).isLessThan(GUARD);
    }

    @Test
    void tricklingClientsHoldNoWorker() throws Exception {
        // more trickling bodies than the server has worker threads (16)
        String body = "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-01-31\"}" + " ".repeat(200);
        String head = "POST /api/scan/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n";
        List<Future<Duration>> slow = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            slow.add(clients.submit(() -> trickle(head, body)));
        }
        TestServer.sleep(300);
        for (int i = 0; i < 5; i++) {
            assertThat(server.send(server.request("/api/health").timeout(Duration.ofMillis(900)).GET().build())
                    .statusCode()).isEqualTo(200);
        }
        for (Future<Duration> f : slow) {
            assertThat(f.get(GUARD.toSeconds() + 5, TimeUnit.SECONDS)).isLessThan(GUARD);
        }
    }

    /**
     * Sends {@code fast} at once, then {@code slow} a byte every 100 ms; returns how long until the server
     * closed the connection (at most {@link #GUARD}).
     */
    private Duration trickle(String fast, String slow) throws IOException {
        long start = System.nanoTime();
        try (RawClient c = RawClient.connect(server.base, Duration.ofMillis(100))) {
            c.write(fast);
            for (int i = 0; i < slow.length() && System.nanoTime() - start < GUARD.toNanos(); i++) {
                try {
                    c.write(slow.substring(i, i + 1));
                } catch (IOException e) {
                    return Duration.ofNanos(System.nanoTime() - start); // reset by the server
                }
                try {
                    if (c.readSome(4096).length == 0) {
                        return Duration.ofNanos(System.nanoTime() - start); // closed by the server
                    }
                } catch (SocketTimeoutException e) {
                    // still open: go on trickling
                } catch (IOException e) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            }
        }
        return GUARD;
    }
}
