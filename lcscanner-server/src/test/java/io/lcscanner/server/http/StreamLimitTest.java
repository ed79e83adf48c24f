package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.synthetic.SyntheticMarket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress streams (SSE and WebSocket together) are capped per client (remote address) and in total: beyond
 * either, 429 with Retry-After and a JSON error; a closed stream frees its slot.
 */
class StreamLimitTest {
    @TempDir
    Path dir;

    private static RawClient open(String from, TestServer s, String request) throws Exception {
        RawClient c = RawClient.connectFrom(from, s.base, Duration.ofSeconds(10));
        c.write(request);
        return c;
    }

    private static String sse(String id) {
        return RawClient.get("/api/scan/stream/" + id, "Accept: text/event-stream");
    }

    @Test
    void streamsBeyondTheClientsCapOrTheTotalAre429() throws Exception {
        // 100 tickers × 1 s on 2 workers: the scan runs for ~50 s, its streams stay open meanwhile
        try (TestServer s = TestServer.start(dir, new SlowSource(new SyntheticMarket(11, 100), 1000),
                Map.of("SCANNER_MAX_STREAMS_PER_CLIENT", "3", "SCANNER_MAX_STREAMS", "5"), Duration.ofMinutes(5))) {
            String id = s.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-03-31\"}");
            List<RawClient> held = new ArrayList<>();
            try {
                // client 1: two SSE streams and a WebSocket, its cap
                for (String request : List.of(sse(id), sse(id), RawClient.upgrade("/ws/scan/" + id))) {
                    RawClient c = open("127.0.0.1", s, request);
                    held.add(c);
                    assertThat(RawClient.status(c.readHead())).isIn(200, 101);
                }
                try (RawClient fourth = open("127.0.0.1", s, sse(id))) {
                    String head = fourth.readHead();
                    assertThat(RawClient.status(head)).isEqualTo(429);
                    assertThat(head).containsIgnoringCase("Retry-After: 5");
                    String body = new String(fourth.readSome(4096), StandardCharsets.UTF_8);
                    assertThat(TestServer.json(body).at("/error/code").asText()).isEqualTo("too_many_streams");
                    assertThat(body).contains("SCANNER_MAX_STREAMS_PER_CLIENT");
                }
                try (RawClient ws = open("127.0.0.1", s, RawClient.upgrade("/ws/scan/" + id))) {
                    assertThat(RawClient.status(ws.readHead())).isEqualTo(429);
                }
                // client 2: two more reach the total of 5; client 3 is refused by the total
                for (int i = 0; i < 2; i++) {
                    RawClient c = open("127.0.0.2", s, sse(id));
                    held.add(c);
                    assertThat(RawClient.status(c.readHead())).isEqualTo(200);
                }
                try (RawClient third = open("127.0.0.3", s, sse(id))) {
                    String head = third.readHead();
                    assertThat(RawClient.status(head)).isEqualTo(429);
                    assertThat(new String(third.readSome(4096), StandardCharsets.UTF_8)).contains("SCANNER_MAX_STREAMS)");
                }
                // a stream that ends frees its slot: client 3 gets in once one of client 1's is closed
                held.remove(0).close();
                Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    try (RawClient again = open("127.0.0.3", s, sse(id))) {
                        return RawClient.status(again.readHead()) == 200;
                    }
                });
            } finally {
                held.forEach(RawClient::close);
            }
        }
    }

    @Test
    void clientsThatVanishMidHandshakeGiveTheirSlotsBack() throws Exception {
        try (TestServer s = TestServer.start(dir, new SlowSource(new SyntheticMarket(11, 100), 1000),
                Map.of("SCANNER_MAX_STREAMS_PER_CLIENT", "3"), Duration.ofMinutes(5))) {
            String id = s.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-03-31\"}");
            for (int i = 0; i < 30; i++) {
                String request = i % 2 == 0 ? RawClient.upgrade("/ws/scan/" + id) : sse(id);
                RawClient c = open("127.0.0.1", s, request);
                if (i % 3 == 0) {
                    c.readHead();
                }
                c.abort(); // a reset, at once or after the answer's head
            }
            // ten times the cap came and went: the slots are free again
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try (RawClient a = open("127.0.0.1", s, RawClient.upgrade("/ws/scan/" + id));
                     RawClient b = open("127.0.0.1", s, sse(id));
                     RawClient c = open("127.0.0.1", s, sse(id))) {
                    return RawClient.status(a.readHead()) == 101 && RawClient.status(b.readHead()) == 200
                            && RawClient.status(c.readHead()) == 200;
                }
            });
        }
    }
}
