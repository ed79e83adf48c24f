package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.scan.FileScanStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Clients that ask for large bodies and never read them (the 16 clients × 20 pipelined exports)
 * must not hold the server: the API keeps answering, and the stalled connections are closed after the
 * write time-out.
 */
@Tag("slow")
class SlowReaderTest {
    private static final int CLIENTS = 16;
    private static final int PIPELINED = 20;

    @TempDir
    Path dir;

    @Test
    void clientsThatPipelineExportsAndNeverReadDoNotStallTheApi() throws Exception {
        SyntheticMarket market = new SyntheticMarket(21, 40);
        String id;
        try (TestServer s = TestServer.start(dir, market)) {
            id = s.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-03-31\"}");
            assertThat(s.awaitFinal(id, Duration.ofSeconds(30)).path("status").asText()).isEqualTo("completed");
        }
        // a large stored result, so each export is a body that no socket buffer absorbs
        byte[] csv = largeCsv(Files.readString(dir.resolve(id).resolve(FileScanStore.RESULTS_CSV)), 3 << 20);
        Files.write(dir.resolve(id).resolve(FileScanStore.RESULTS_CSV), csv);

        try (TestServer s = TestServer.start(dir, market, java.util.Map.of(), Duration.ofMinutes(5),
                ServerLimits.DEFAULT.withWriteTimeout(Duration.ofSeconds(3)))) {
            List<RawClient> readers = new ArrayList<>();
            try {
                String request = RawClient.get("/api/scan/results/" + id + "/export?format=csv");
                for (int i = 0; i < CLIENTS; i++) {
                    RawClient c = RawClient.connectWithSmallBuffer(s.base, Duration.ofSeconds(1));
                    c.write(request.repeat(PIPELINED));
                    readers.add(c);
                }
                TestServer.sleep(1000); // every connection is now stuck behind a full socket buffer

                long worst = 0;
                for (int i = 0; i < 20; i++) {
                    long start = System.nanoTime();
                    HttpResponse<String> h = s.send(s.request("/api/health").timeout(Duration.ofSeconds(5)).GET().build());
                    worst = Math.max(worst, System.nanoTime() - start);
                    assertThat(h.statusCode()).isEqualTo(200);
                }
                System.out.printf("health under %d non-reading clients: worst of 20 = %.1f ms%n", CLIENTS, worst / 1e6);
                assertThat(Duration.ofNanos(worst)).isLessThan(Duration.ofSeconds(2)); // a guard, not a benchmark
                // the workers are free: a results page and a whole new scan go through
                assertThat(s.get("/api/scan/results/" + id).statusCode()).isEqualTo(200);
                String more = s.execute("{\"start_date\":\"2025-04-01\",\"end_date\":\"2025-04-30\"}");
                assertThat(s.awaitFinal(more, Duration.ofSeconds(30)).path("status").asText()).isEqualTo("completed");

                // a reader that never reads is cut off after the write time-out (3 s here): what it finds
                // buffered when it finally reads is far less than the 60 MB it asked for, then the end
                TestServer.sleep(5000);
                for (RawClient c : readers) {
                    c.socket.setSoTimeout(5000);
                    assertThat(c.closedByServer(16L << 20)).isTrue();
                }
            } finally {
                readers.forEach(RawClient::abort);
            }
            // and one that does read gets the whole file
            HttpResponse<byte[]> full = s.http.send(s.request("/api/scan/results/" + id + "/export?format=csv").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(full.body()).isEqualTo(csv);
            JsonNode health = TestServer.json(s.get("/api/health"));
            assertThat(health.path("status").asText()).isEqualTo("ok");
        }
    }

    /** The stored CSV with its rows repeated up to about {@code size} bytes. */
    private static byte[] largeCsv(String stored, int size) {
        String header = stored.substring(0, stored.indexOf('\n') + 1);
        String rows = stored.substring(header.length());
        if (rows.isEmpty()) {
            rows = "AAA,2025-01-02" + ",1".repeat(20) + "\n";
        }
        StringBuilder sb = new StringBuilder(size + rows.length()).append(header);
        while (sb.length() < size) {
            sb.append(rows);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
