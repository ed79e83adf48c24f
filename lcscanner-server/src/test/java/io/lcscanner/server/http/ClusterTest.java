package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.server.fixtures.Nginx;
import io.lcscanner.server.fixtures.PostgresServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one real PostgreSQL behind the repository's nginx configuration: either instance shows, follows,
 * exports and cancels the other's scans, and the hits are those of a single file-store server.
 */
@Tag("slow")
class ClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String WINDOW = "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-06-30\"}";

    @TempDir
    static Path dir;
    static TwoInstances cluster;
    static TestServer a;
    static TestServer b;
    static Nginx nginx;

    @BeforeAll
    static void start() throws Exception {
        PostgresServer.Database db = PostgresServer.shared().newDatabase();
        cluster = TwoInstances.start(dir, name -> Map.of("SCANNER_DATABASE_URL", db.url(), "SCANNER_DATABASE_USER", db.user(),
                "SCANNER_DATABASE_PASSWORD", db.password(), "SCANNER_INSTANCE_ID", "instance-" + name));
        a = cluster.a;
        b = cluster.b;
        nginx = cluster.nginx;
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The instance that runs scan {@code id}, and the other one. */
    private static TestServer[] runnerAndOther(String id) {
        // queued in the database first, then picked by whichever instance has a free slot
        String instance = a.awaitProgress(id, WAIT, p -> p.hasNonNull("instance")).path("instance").asText();
        assertThat(instance).isIn("instance-a", "instance-b");
        return instance.equals("instance-a") ? new TestServer[] {a, b} : new TestServer[] {b, a};
    }

    @Test
    void healthNamesTheInstanceAndTheStore() {
        assertThat(TestServer.json(a.get("/api/health")).path("instance").asText()).isEqualTo("instance-a");
        assertThat(TestServer.json(b.get("/api/health")).path("instance").asText()).isEqualTo("instance-b");
        assertThat(TestServer.json(b.get("/api/health")).path("store").asText()).isEqualTo("postgresql");
    }

    @Test
    void aScanSubmittedThroughNginxIsFollowedListedAndExportedByTheOtherInstance() throws Exception {
        HttpResponse<String> submitted = a.send(HttpRequest.newBuilder(nginx.baseUri().resolve("/api/scan/execute"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(WINDOW)).build());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        String id = TestServer.json(submitted).path("scan_id").asText();
        TestServer[] pair = runnerAndOther(id);
        TestServer runner = pair[0], other = pair[1];

        WsClient ws = WsClient.connect(other.http, other.base, id);
        List<String> messages = ws.readAll(WAIT);
        assertThat(ws.closeCode.get()).isEqualTo(1000);
        List<JsonNode> events = messages.stream().map(TestServer::json).toList();
        assertThat(events.size()).as(messages.toString()).isGreaterThanOrEqualTo(3);
        double last = -1;
        for (int i = 0; i < events.size(); i++) {
            JsonNode d = events.get(i).path("data");
            assertThat(d.path("progress_percent").asDouble()).isGreaterThanOrEqualTo(last);
            last = d.path("progress_percent").asDouble();
            assertThat(events.get(i).path("type").asText()).isEqualTo(i == events.size() - 1 ? "completed" : "progress");
        }
        assertThat(events.get(events.size() - 1).path("data").path("processed_tickers").asInt()).isEqualTo(100);
        assertThat(events.stream().filter(e -> e.path("data").path("status").asText().equals("running")).count())
                .as("progress while it ran elsewhere").isGreaterThanOrEqualTo(2);

        JsonNode progress = TestServer.json(other.get("/api/scan/progress/" + id));
        assertThat(progress.path("status").asText()).isEqualTo("completed");
        assertThat(progress.path("instance").asText()).isEqualTo(TestServer.json(runner.get("/api/health")).path("instance").asText());
        assertThat(TestServer.json(other.get("/api/scan/results/" + id)).path("instance").asText())
                .isEqualTo(progress.path("instance").asText());
        assertThat(ids(a.get("/api/scan/list"))).contains(id + ":completed").isEqualTo(ids(b.get("/api/scan/list")));

        // the same hits, byte for byte, as one server on files finds
        HttpResponse<String> csvResponse = other.get("/api/scan/results/" + id + "/export?format=csv");
        assertThat(csvResponse.statusCode()).as(csvResponse.headers() + csvResponse.body()).isEqualTo(200);
        String csvElsewhere = csvResponse.body();
        String jsonElsewhere = other.get("/api/scan/results/" + id + "/export?format=json").body();
        try (TestServer single = TestServer.start(dir.resolve("single"), TwoInstances.market())) {
            String sid = single.execute(WINDOW);
            assertThat(single.awaitFinal(sid, WAIT).path("status").asText()).isEqualTo("completed");
            assertThat(csvElsewhere).isEqualTo(single.get("/api/scan/results/" + sid + "/export?format=csv").body());
            assertThat(jsonElsewhere).isEqualTo(single.get("/api/scan/results/" + sid + "/export?format=json").body());
            assertThat(TestServer.json(other.get("/api/scan/results/" + id + "?sort=score")).path("results"))
                    .isEqualTo(TestServer.json(single.get("/api/scan/results/" + sid + "?sort=score")).path("results"));
        }
    }

    @Test
    void aScannerStoredThroughOneInstanceIsUsedByTheOther() throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("lcscanner.root", "..")).resolve("examples/scanners/gap_and_go.json"),
                StandardCharsets.UTF_8).replace("\"gap_and_go\"", "\"shared_gap\"");
        assertThat(a.put("/api/scanners/shared_gap", doc).statusCode()).isEqualTo(201);
        JsonNode stored = TestServer.json(b.get("/api/scanners/shared_gap"));
        assertThat(stored.toString()).contains("shared_gap");
        String id = b.execute("{\"scanner\":\"shared_gap\",\"params\":{\"min_gap\":0.02},\"start_date\":\"2025-01-01\",\"end_date\":\"2025-06-30\"}");
        JsonNode done = b.awaitFinal(id, WAIT);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("scanner").asText()).isEqualTo("shared_gap");
        assertThat(TestServer.json(a.get("/api/scan/results/" + id)).path("scanner").asText()).isEqualTo("shared_gap");
        assertThat(b.delete("/api/scanners/shared_gap").statusCode()).isEqualTo(200);
        assertThat(a.get("/api/scanners/shared_gap").statusCode()).isEqualTo(404);
    }

    @Test
    void aScanIsCancelledFromTheOtherInstance() {
        String id = a.execute("{\"start_date\":\"2024-01-01\",\"end_date\":\"2025-06-30\"}");
        a.awaitStatus(id, "running", WAIT);
        HttpResponse<String> cancel = b.post("/api/scan/" + id + "/cancel", "");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(200);
        assertThat(TestServer.json(cancel).path("message").asText()).isEqualTo("Cancellation requested");
        JsonNode end = b.awaitFinal(id, WAIT);
        assertThat(end.path("status").asText()).isEqualTo("cancelled");
        assertThat(end.path("processed_tickers").asInt()).isLessThan(100);
        assertThat(TestServer.json(a.get("/api/scan/progress/" + id)).path("status").asText()).isEqualTo("cancelled");
    }

    private static List<String> ids(HttpResponse<String> list) {
        List<String> out = new ArrayList<>();
        TestServer.json(list).path("scans").forEach(s -> out.add(s.path("scan_id").asText() + ":" + s.path("status").asText()));
        return out;
    }
}
