package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.server.Json;
import io.lcscanner.server.scan.FileScanStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process with few file descriptors (ulimit -n 200) and more clients than it can hold: a scan
 * that finishes meanwhile keeps its results, and once the clients go the server answers at once.
 */
@EnabledOnOs(OS.LINUX)
class FdExhaustionTest {
    private static final int CLIENTS = 300;

    @TempDir
    Path dir;

    @Test
    void aScanFinishingWhileConnectionsExhaustDescriptorsKeepsItsResultsAndTheServerRecoversAtOnce() throws Exception {
        Process server = startServer(200);
        List<RawClient> flood = new ArrayList<>();
        try {
            URI base = URI.create(ServerProcess.awaitListening(server));
            // one connection opened first, kept alive, to drive the scan while the others hold the server
            try (RawClient control = RawClient.connect(base, Duration.ofSeconds(30))) {
                assertThat(RawClient.status(exchange(control, RawClient.get("/api/health")))).isEqualTo(200);
                for (int i = 0; i < CLIENTS; i++) {
                    RawClient c = RawClient.connect(base, Duration.ofSeconds(1));
                    flood.add(c);
                }
                TestServer.sleep(500);
                String body = "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-06-30\"}";
                String started = exchange(control, "POST /api/scan/execute HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
                assertThat(RawClient.status(started)).as(started).isEqualTo(200);
                String id = TestServer.json(started.substring(started.indexOf("\r\n\r\n") + 4)).path("scan_id").asText();
                String status = org.awaitility.Awaitility.await("scan " + id).atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(200)).until(() -> {
                            String p = exchange(control, RawClient.get("/api/scan/progress/" + id));
                            return TestServer.json(p.substring(p.indexOf("\r\n\r\n") + 4)).path("status").asText();
                        }, TestServer.FINAL::contains);
                assertThat(status).as("the scan that finished while the descriptors were taken").isEqualTo("completed");

                flood.forEach(RawClient::close);
                flood.clear();
                long start = System.nanoTime();
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> health = null;
                while (health == null && System.nanoTime() - start < Duration.ofSeconds(60).toNanos()) {
                    try {
                        health = http.send(HttpRequest.newBuilder(base.resolve("/api/health")).timeout(Duration.ofSeconds(1))
                                .build(), HttpResponse.BodyHandlers.ofString());
                    } catch (IOException e) {
                        // not accepting yet
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("health answered %.2f s after %d connections closed%n", seconds, CLIENTS);
                assertThat(health).isNotNull();
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(seconds).as("recovery time").isLessThan(5.0);

                HttpResponse<String> csv = http.send(HttpRequest.newBuilder(base.resolve("/api/scan/results/" + id
                        + "/export?format=csv")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(csv.statusCode()).isEqualTo(200);
                assertThat(csv.body()).startsWith("ticker,date,");
                assertThat(Files.readString(dir.resolve("results").resolve(id).resolve(FileScanStore.RESULTS_CSV)))
                        .isEqualTo(csv.body());
                JsonNode meta = Json.MAPPER.readTree(dir.resolve("results").resolve(id).resolve(FileScanStore.METADATA).toFile());
                assertThat(meta.path("status").asText()).isEqualTo("completed");
            }
        } finally {
            flood.forEach(RawClient::close);
            ServerProcess.stop(server, 20);
        }
    }

    /** Sends one request on a kept-alive connection and reads the whole response (Content-Length bodies). */
    private static String exchange(RawClient c, String request) throws IOException {
        c.write(request);
        String head = c.readHead();
        Matcher m = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        StringBuilder body = new StringBuilder();
        while (body.length() < length) {
            body.append(new String(c.readSome(length - body.length()), StandardCharsets.ISO_8859_1));
        }
        return head + body;
    }

    private Process startServer(int maxFiles) throws IOException {
        String command = "ulimit -n " + maxFiles + " && exec \"$0\" -cp \"$1\" io.lcscanner.server.Main serve"
                + " --port 0 --tickers 1500 --workers 2 --results-dir \"$2\" --log-dir \"$3\"";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command, ServerProcess.java(), ServerProcess.classPath(),
                dir.resolve("results").toString(), dir.resolve("logs").toString());
        return ServerProcess.start(pb);
    }
}
