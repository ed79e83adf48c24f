package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live progress over a real WebSocket client and an SSE reader. */
class StreamTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WINDOW = "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-06-30\"}";

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // 100 tickers × 15 ms on 2 workers: a scan of about 0.75 s with many progress updates
        server = TestServer.start(dir, new SlowSource(new SyntheticMarket(11, 100), 15), Map.of(), Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void webSocketGetsTheCurrentStateThenUpdatesThenTheFinalMessageAndCloses() throws Exception {
        String id = server.execute(WINDOW);
        WsClient ws = WsClient.connect(server, id);
        List<String> messages = ws.readAll(WAIT);
        assertThat(ws.closeCode.get()).isEqualTo(1000);
        assertThat(messages.size()).isGreaterThanOrEqualTo(2);
        double lastPercent = -1;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = TestServer.json(messages.get(i));
            assertThat(m.path("scan_id").asText()).isEqualTo(id);
            assertThat(m.path("timestamp").asText()).isNotEmpty();
            JsonNode d = m.path("data");
            for (String f : List.of("progress_percent", "message", "current_ticker", "processed_tickers", "total_tickers",
                    "results_found")) {
                assertThat(d.has(f)).as(f).isTrue();
            }
            assertThat(d.path("progress_percent").asDouble()).isGreaterThanOrEqualTo(lastPercent);
            lastPercent = d.path("progress_percent").asDouble();
            assertThat(m.path("type").asText()).isEqualTo(i == messages.size() - 1 ? "completed" : "progress");
        }
        JsonNode last = TestServer.json(messages.get(messages.size() - 1)).path("data");
        JsonNode progress = TestServer.json(server.get("/api/scan/progress/" + id));
        assertThat(last.path("progress_percent").asDouble()).isEqualTo(100.0);
        assertThat(last.path("processed_tickers").asInt()).isEqualTo(100);
        assertThat(last.path("results_found").asInt()).isEqualTo(progress.path("results_found").asInt());
    }

    @Test
    void aLateWebSocketClientGetsTheFinalStateAtOnce() throws Exception {
        String id = server.execute(WINDOW);
        server.awaitFinal(id, WAIT);
        WsClient ws = WsClient.connect(server, id);
        List<String> messages = ws.readAll(WAIT);
        assertThat(messages).hasSize(1);
        assertThat(TestServer.json(messages.get(0)).path("type").asText()).isEqualTo("completed");
        assertThat(ws.closeCode.get()).isEqualTo(1000);
    }

    @Test
    void webSocketForAnUnknownScanIsRefused() {
        assertThatThrownBy(() -> WsClient.connect(server, "scan_20250101_000000_00000000"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(404));
        assertThatThrownBy(() -> WsClient.connect(server, "..%2F..%2Fetc"))
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void serverSentEventsCarryTheSameEventsWithIncreasingIds() throws Exception {
        String id = server.execute(WINDOW);
        List<SseReader.Event> events;
        try (SseReader sse = SseReader.open(server, "/api/scan/stream/" + id, null)) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.contentType()).startsWith("text/event-stream");
            events = sse.readAll(WAIT);
        }
        assertThat(events.size()).isGreaterThanOrEqualTo(2);
        long lastId = 0;
        for (int i = 0; i < events.size(); i++) {
            SseReader.Event e = events.get(i);
            long eventId = Long.parseLong(e.id());
            assertThat(eventId).isGreaterThan(lastId);
            lastId = eventId;
            JsonNode data = TestServer.json(e.data());
            assertThat(data.path("type").asText()).isEqualTo(e.type());
            assertThat(data.path("scan_id").asText()).isEqualTo(id);
            assertThat(e.type()).isEqualTo(i == events.size() - 1 ? "completed" : "progress");
        }
        String finalId = events.get(events.size() - 1).id();

        // a client that reconnects after an earlier event gets the current (final) state only
        try (SseReader again = SseReader.open(server, "/api/scan/stream/" + id, events.get(0).id())) {
            List<SseReader.Event> replay = again.readAll(WAIT);
            assertThat(replay).hasSize(1);
            assertThat(replay.get(0).id()).isEqualTo(finalId);
            assertThat(replay.get(0).type()).isEqualTo("completed");
        }
        // one that has seen the final event is told to stop: 204
        try (SseReader done = SseReader.open(server, "/api/scan/stream/" + id, finalId)) {
            assertThat(done.status()).isEqualTo(204);
            assertThat(done.readAll(WAIT)).isEmpty();
        }
    }

    @Test
    void serverSentEventsForAnUnknownScanAre404Json() throws Exception {
        try (SseReader sse = SseReader.open(server, "/api/scan/stream/scan_20250101_000000_00000000", null)) {
            assertThat(sse.status()).isEqualTo(404);
            List<SseReader.Event> none = sse.readAll(WAIT);
            assertThat(none).isEmpty();
        }
        assertThat(TestServer.json(server.get("/api/scan/stream/nope")).path("error").path("code").asText())
                .isEqualTo("scan_not_found");
    }

    @Test
    void quietStreamsOutliveTheWriteTimeOut(@TempDir Path own) throws Exception {
        // one slot: the second scan waits about 2 s in the queue, with nothing to tell its subscribers
        try (TestServer s = TestServer.start(own, new SlowSource(new SyntheticMarket(11, 100), 40),
                Map.of("MAX_CONCURRENT_SCANS", "1"), Duration.ofMinutes(5),
                ServerLimits.DEFAULT.withWriteTimeout(Duration.ofMillis(600)))) {
            s.execute(WINDOW);
            String queued = s.execute(WINDOW);
            WsClient ws = WsClient.connect(s, queued);
            try (SseReader sse = SseReader.open(s, "/api/scan/stream/" + queued, null)) {
                List<String> messages = ws.readAll(WAIT);
                List<SseReader.Event> events = sse.readAll(WAIT);
                assertThat(TestServer.json(messages.get(0)).path("data").path("status").asText()).isEqualTo("queued");
                assertThat(TestServer.json(messages.get(messages.size() - 1)).path("type").asText()).isEqualTo("completed");
                assertThat(ws.closeCode.get()).isEqualTo(1000);
                assertThat(events.get(events.size() - 1).type()).isEqualTo("completed");
            }
        }
    }
}
