package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Stream clients that vanish (TCP reset) while a scan publishes progress, at the scale that hung the server:
 * 150 SSE clients a round, 100 WebSocket clients a round, several rounds. The scans must still finish, every
 * later request must be answered, and the server must stop.
 */
@Tag("slow")
class StreamDisconnectTest {
    private static final String WINDOW = "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-06-30\"}";
    private static final Duration GUARD = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    TestServer server;
    ExecutorService clients;

    @BeforeEach
    void start() throws Exception {
        // 600 tickers × 4 ms on 2 workers: scans of about 1.2 s, with a progress event every 50 ms
        server = TestServer.start(dir, new SlowSource(new SyntheticMarket(13, 600), 4), Map.of("MAX_QUEUED_SCANS", "100",
                // every client here is 127.0.0.1: the per-client stream cap would refuse most of a round
                "SCANNER_MAX_STREAMS_PER_CLIENT", "1000"),
                Duration.ofMinutes(5));
        clients = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "vanishing-client");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void stop() {
        clients.shutdownNow();
        server.close();
    }

    @Test
    void sseClientsVanishingDuringAScanDoNotHangIt() throws Exception {
        vanishingRounds(5, 150, id -> RawClient.get("/api/scan/stream/" + id, "Accept: text/event-stream"));
    }

    @Test
    void webSocketClientsVanishingDuringAScanDoNotHangIt() throws Exception {
        vanishingRounds(15, 100, id -> RawClient.upgrade("/ws/scan/" + id));
    }

    private void vanishingRounds(int rounds, int perRound, java.util.function.Function<String, String> request)
            throws Exception {
        List<String> scans = new ArrayList<>();
        String id = server.execute(WINDOW);
        scans.add(id);
        for (int round = 0; round < rounds; round++) {
            if (!status(id).equals("running") && !status(id).equals("queued")) {
                id = server.execute(WINDOW);
                scans.add(id);
            }
            String scan = id;
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < perRound; i++) {
                done.add(clients.submit(() -> vanish(request.apply(scan))));
            }
            for (Future<?> f : done) {
                try {
                    f.get(GUARD.toSeconds(), TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError("a client got stuck in round " + round + ":\n" + TestServer.threadDump());
                }
            }
            assertHealthAnswers();
        }
        for (String scan : scans) {
            JsonNode end = awaitFinalGuarded(scan);
            assertThat(end.path("status").asText()).as(scan).isEqualTo("completed");
        }
        assertHealthAnswers();
    }

    /** Connects, asks for the stream, reads a little (or nothing), then resets the connection. */
    private Void vanish(String request) throws IOException {
        try (RawClient c = RawClient.connect(server.base, Duration.ofSeconds(5))) {
            c.write(request);
            int mode = ThreadLocalRandom.current().nextInt(3);
            if (mode > 0) {
                c.readHead();
            }
            if (mode > 1) {
                TestServer.sleep(ThreadLocalRandom.current().nextInt(80)); // while progress is published to it
            }
            c.abort();
        } catch (IOException e) {
            // the server may drop a connection first; vanishing is the point
        }
        return null;
    }

    private String status(String id) {
        return TestServer.json(guardedGet("/api/scan/progress/" + id)).path("status").asText();
    }

    private JsonNode awaitFinalGuarded(String id) {
        try {
            return org.awaitility.Awaitility.await("scan " + id).atMost(GUARD).pollInterval(Duration.ofMillis(50))
                    .until(() -> TestServer.json(guardedGet("/api/scan/progress/" + id)),
                            p -> TestServer.FINAL.contains(p.path("status").asText()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + TestServer.threadDump(), e);
        }
    }

    private void assertHealthAnswers() {
        HttpResponse<String> h = guardedGet("/api/health");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(TestServer.json(h).path("status").asText()).isEqualTo("ok");
    }

    /** A GET that fails the test (with the threads' stacks) instead of waiting when the server hangs. */
    private HttpResponse<String> guardedGet(String path) {
        try {
            return server.http.send(server.request(path).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new AssertionError("no answer to GET " + path + " within 10 s:\n" + TestServer.threadDump());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
