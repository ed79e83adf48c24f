package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.polygon.FakePolygonServer;
import io.lcscanner.server.fixtures.Nginx;
import io.lcscanner.server.fixtures.PostgresServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end failover: two server processes on one PostgreSQL behind nginx, bars from a slow fake Polygon so a
 * scan runs for several seconds; kill -9 of the instance running a scan, and the other one runs it again from the
 * start after the heartbeat timeout, to the same hits as a run of its own.
 */
@Tag("slow")
class FailoverTest {
    /** 4 s keeps the test short; -Dlcscanner.failover.heartbeat=60 measures the default. */
    private static final int HEARTBEAT_SECONDS = Integer.getInteger("lcscanner.failover.heartbeat", 4);
    private String request;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Process> processes = new ArrayList<>();
    private FakePolygonServer polygon;
    private Nginx nginx;

    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (polygon != null) {
            polygon.close();
        }
    }

    private Process serve(String name, int port, PostgresServer.Database db) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("SCANNER_HOST", "127.0.0.1");
        env.put("SCANNER_PORT", String.valueOf(port));
        env.put("SCANNER_INSTANCE_ID", name);
        env.put("SCANNER_DATABASE_URL", db.url());
        env.put("SCANNER_DATABASE_USER", db.user());
        env.put("SCANNER_DATABASE_PASSWORD", db.password());
        env.put("SCANNER_HEARTBEAT_SECONDS", String.valueOf(HEARTBEAT_SECONDS));
        env.put("SCANNER_DATA_SOURCE", "polygon");
        env.put("POLYGON_API_KEY", FakePolygonServer.KEY);
        env.put("POLYGON_BASE_URL", polygon.baseUrl().toString());
        env.put("POLYGON_MAX_CONCURRENCY", "2");
        env.put("SCANNER_CACHE_DIR", dir.resolve(name + "-cache").toString()); // each fetches for itself: slow both times
        env.put("SCANNER_RESULTS_DIR", dir.resolve(name + "-results").toString());
        env.put("SCANNER_SCANNERS_DIR", dir.resolve(name + "-scanners").toString());
        env.put("SCANNER_LOG_DIR", dir.resolve(name + "-logs").toString());
        env.put("SCANNER_WORKERS", "1");
        ProcessBuilder b = new ProcessBuilder(ServerProcess.java(), "-Xmx400m",
                "-XX:TieredStopAtLevel=1", "-cp", ServerProcess.classPath(), "io.lcscanner.server.Main", "serve")
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile());
        b.environment().putAll(env);
        Process p = b.start();
        processes.add(p);
        return p;
    }

    private HttpResponse<String> get(URI base, String path) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode progress(URI base, String id) {
        return TestServer.json(get(base, "/api/scan/progress/" + id));
    }

    @Test
    void aScanWhoseInstanceIsKilledCompletesOnTheOtherWithTheSameHits() throws Exception {
        List<LocalDate> sessions = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2023, 6, 1); !d.isAfter(LocalDate.of(2025, 7, 15)); d = d.plusDays(1)) {
            if (NyseCalendar.isSession(d)) {
                sessions.add(d);
            }
        }
        // a scanner of the examples, loose enough to find hits in the fake market
        String gapAndGo = java.nio.file.Files.readString(Path.of(System.getProperty("lcscanner.root", ".."))
                .resolve("examples/scanners/gap_and_go.json"));
        request = "{\"scanner\":" + gapAndGo + ",\"params\":{\"min_gap\":0.01,\"min_rvol\":0.5,\"min_dollar_volume\":0},"
                + "\"start_date\":\"2025-01-02\",\"end_date\":\"2025-06-30\",\"intraday\":false}";
        polygon = FakePolygonServer.synthetic(300, sessions, 7);
        polygon.setLatencyMillis(25); // ~1,000 requests two at a time: about 12 s of loading per run
        PostgresServer.Database db = PostgresServer.shared().newDatabase();
        int portA = freePort(), portB = freePort();
        Map<String, Process> byName = Map.of("a", serve("a", portA, db), "b", serve("b", portB, db));
        Map<String, URI> base = Map.of("a", URI.create("http://127.0.0.1:" + portA), "b", URI.create("http://127.0.0.1:" + portB));
        for (URI u : base.values()) {
            Awaitility.await("instance " + u).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> get(u, "/api/health").statusCode() == 200);
        }
        nginx = Nginx.start(List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB));

        HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(nginx.baseUri().resolve("/api/scan/execute"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        String id = TestServer.json(submitted).path("scan_id").asText();
        JsonNode running = Awaitility.await("scan started").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> progress(base.get("a"), id), p -> p.hasNonNull("instance") || TestServer.FINAL.contains(p.path("status").asText()));
        assertThat(running.path("status").asText()).as(running.toString()).isEqualTo("running");
        String victim = running.path("instance").asText();
        String survivor = victim.equals("a") ? "b" : "a";
        Awaitility.await("progress stored").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> progress(base.get(survivor), id).path("progress_percent").asDouble() > 0);

        long killedAt = System.nanoTime();
        byName.get(victim).destroyForcibly(); // SIGKILL: no shutdown hook, no final state written
        byName.get(victim).waitFor(10, TimeUnit.SECONDS);

        JsonNode resumed = Awaitility.await("resumed on " + survivor).atMost(Duration.ofSeconds(HEARTBEAT_SECONDS * 10L))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> progress(base.get(survivor), id), p -> p.path("instance").asText().equals(survivor));
        double resumeSeconds = (System.nanoTime() - killedAt) / 1e9;
        System.out.printf("failover: scan resumed on %s %.1f s after kill -9 of %s (heartbeat timeout %d s)%n", survivor,
                resumeSeconds, victim, HEARTBEAT_SECONDS);
        assertThat(resumed.path("status").asText()).isIn("queued", "running", "completed");
        JsonNode done = Awaitility.await("completed").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                .until(() -> progress(nginx.baseUri(), id), p -> TestServer.FINAL.contains(p.path("status").asText()));
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("instance").asText()).isEqualTo(survivor);
        assertThat(done.path("results_found").asInt()).isPositive();

        // the same hits as a run that nothing interrupted
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(base.get(survivor).resolve("/api/scan/execute"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                HttpResponse.BodyHandlers.ofString());
        String second = TestServer.json(again).path("scan_id").asText();
        Awaitility.await("second run").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                .until(() -> progress(base.get(survivor), second).path("status").asText(), s -> TestServer.FINAL.contains(s));
        String hits = get(nginx.baseUri(), "/api/scan/results/" + id + "/export?format=csv").body();
        assertThat(hits.lines().count()).isGreaterThan(1);
        assertThat(hits).isEqualTo(get(base.get(survivor), "/api/scan/results/" + second + "/export?format=csv").body());
        // the list through nginx (the dead instance is skipped) has both, finished
        String list = get(nginx.baseUri(), "/api/scan/list").body();
        assertThat(list).contains(id).contains(second);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
