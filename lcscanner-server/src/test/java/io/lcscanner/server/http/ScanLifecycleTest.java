package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.Json;
import io.lcscanner.server.scan.FileScanStore;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queueing, cancelling, timeouts, restarts and shutdown, on a real server. */
class ScanLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String WINDOW = "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-06-30\"}";

    @TempDir
    Path dir;

    @Test
    void scansBeyondTheLimitQueueAndAllFinish() throws Exception {
        SlowSource source = new SlowSource(new SyntheticMarket(3, 40), 25);
        try (TestServer s = TestServer.start(dir, source,
                // one client here: it may hold every slot and the whole queue (ScanFairnessTest: two clients)
                Map.of("MAX_CONCURRENT_SCANS", "2", "MAX_QUEUED_SCANS", "2", "SCANNER_MAX_SCANS_PER_CLIENT", "2",
                        "SCANNER_MAX_QUEUED_PER_CLIENT", "2"), Duration.ofMinutes(5))) {
            List<String> ids = new ArrayList<>();
            List<String> statuses = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                JsonNode r = TestServer.json(s.post("/api/scan/execute", WINDOW));
                ids.add(r.path("scan_id").asText());
                statuses.add(r.path("status").asText());
            }
            assertThat(statuses).containsExactly("running", "running", "queued", "queued");
            JsonNode health = TestServer.json(s.get("/api/health"));
            assertThat(health.path("active_scans").asInt()).isEqualTo(2);
            assertThat(health.path("queued_scans").asInt()).isEqualTo(2);
            assertThat(TestServer.json(s.get("/api/scan/progress/" + ids.get(3))).path("status").asText()).isEqualTo("queued");

            HttpResponse<String> full = s.post("/api/scan/execute", WINDOW);
            assertThat(full.statusCode()).isEqualTo(429);
            assertThat(TestServer.json(full).path("error").path("code").asText()).isEqualTo("queue_full");
            assertThat(TestServer.json(full).path("success").asBoolean(true)).isFalse();

            for (String id : ids) {
                assertThat(s.awaitFinal(id, WAIT).path("status").asText()).isEqualTo("completed");
            }
            assertThat(TestServer.json(s.get("/api/health")).path("active_scans").asInt()).isZero();
            assertThat(s.get("/metrics").body()).contains("lcscanner_scans_total{status=\"completed\"} 4");
            // a queued scan started only when a running one had finished
            String firstEnd = TestServer.json(s.get("/api/scan/progress/" + ids.get(0))).path("completed_at").asText();
            String secondEnd = TestServer.json(s.get("/api/scan/progress/" + ids.get(1))).path("completed_at").asText();
            String earliestEnd = firstEnd.compareTo(secondEnd) < 0 ? firstEnd : secondEnd;
            for (String id : ids.subList(2, 4)) {
                String started = TestServer.json(s.get("/api/scan/progress/" + id)).path("started_at").asText();
                assertThat(Instant.parse(started)).isAfterOrEqualTo(Instant.parse(earliestEnd));
            }
        }
    }

    @Test
    void cancelStopsARunningScanAndAQueuedOne() throws Exception {
        SlowSource source = new SlowSource(new SyntheticMarket(3, 200), 20);
        try (TestServer s = TestServer.start(dir, source, Map.of("MAX_CONCURRENT_SCANS", "1"), Duration.ofMinutes(5))) {
            String running = s.execute(WINDOW);
            String queued = s.execute(WINDOW);
            assertThat(TestServer.json(s.get("/api/scan/progress/" + queued)).path("status").asText()).isEqualTo("queued");

            HttpResponse<String> cq = s.post("/api/scan/" + queued + "/cancel", "");
            assertThat(cq.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(cq).path("status").asText()).isEqualTo("cancelled");

            s.awaitStatus(running, "running", WAIT);
            WsClient ws = WsClient.connect(s, running);
            HttpResponse<String> cr = s.post("/api/scan/" + running + "/cancel", "");
            assertThat(cr.statusCode()).isEqualTo(200);
            JsonNode end = s.awaitFinal(running, WAIT);
            assertThat(end.path("status").asText()).isEqualTo("cancelled");
            assertThat(end.path("processed_tickers").asInt()).isLessThan(200);
            List<String> messages = ws.readAll(WAIT);
            assertThat(TestServer.json(messages.get(messages.size() - 1)).path("type").asText()).isEqualTo("cancelled");
            assertThat(ws.closeCode.get()).isEqualTo(1000);

            HttpResponse<String> again = s.post("/api/scan/" + running + "/cancel", "");
            assertThat(again.statusCode()).isEqualTo(409);
            assertThat(TestServer.json(again).path("error").path("code").asText()).isEqualTo("scan_finished");
            HttpResponse<String> results = s.get("/api/scan/results/" + running);
            assertThat(results.statusCode()).isEqualTo(409);
            assertThat(TestServer.json(s.get("/api/scan/progress/" + queued)).path("status").asText()).isEqualTo("cancelled");
            assertThat(s.get("/metrics").body()).contains("lcscanner_scans_total{status=\"cancelled\"} 2");
            JsonNode stored = Json.MAPPER.readTree(dir.resolve(running).resolve(FileScanStore.METADATA).toFile());
            assertThat(stored.path("status").asText()).isEqualTo("cancelled");
        }
    }

    @Test
    void aScanThatRunsTooLongFailsWithATimeout() throws Exception {
        SlowSource source = new SlowSource(new SyntheticMarket(3, 200), 20);
        try (TestServer s = TestServer.start(dir, source, Map.of(), Duration.ofMillis(300))) {
            String id = s.execute(WINDOW);
            JsonNode end = s.awaitFinal(id, WAIT);
            assertThat(end.path("status").asText()).isEqualTo("failed");
            assertThat(end.path("error").asText()).contains("timeout");
            assertThat(end.path("execution_time").asDouble()).isLessThan(3.0);
            assertThat(s.get("/metrics").body()).contains("lcscanner_scans_total{status=\"failed\"} 1");
        }
    }

    @Test
    void restartKeepsFinishedScansAndMarksARunningOneInterrupted() throws Exception {
        SyntheticMarket market = new SyntheticMarket(5, 60);
        String done;
        JsonNode results;
        try (TestServer s = TestServer.start(dir, market)) {
            done = s.execute("{\"start_date\":\"2024-01-01\",\"end_date\":\"2025-12-31\"}");
            assertThat(s.awaitFinal(done, WAIT).path("status").asText()).isEqualTo("completed");
            results = TestServer.json(s.get("/api/scan/results/" + done));
        }
        // a scan the dead process was running: its metadata says running
        String crashed = "scan_20250101_120000_0badc0de";
        ObjectNode meta = (ObjectNode) Json.MAPPER.readTree(dir.resolve(done).resolve(FileScanStore.METADATA).toFile());
        meta.put("scan_id", crashed);
        meta.put("status", "running");
        meta.putNull("completed_at");
        meta.put("progress_percent", 42.0);
        Files.createDirectories(dir.resolve(crashed));
        Files.write(dir.resolve(crashed).resolve(FileScanStore.METADATA), Json.bytes(meta));
        // junk that must be ignored, not crash start-up
        Files.createDirectories(dir.resolve("not_a_scan"));
        Files.createDirectories(dir.resolve("scan_20250101_120000_00000001"));
        Files.writeString(dir.resolve("scan_20250101_120000_00000001").resolve(FileScanStore.METADATA), "{broken");

        try (TestServer s = TestServer.start(dir, market)) {
            JsonNode list = TestServer.json(s.get("/api/scan/list"));
            assertThat(list.path("scans").findValuesAsText("scan_id")).containsExactlyInAnyOrder(done, crashed);
            JsonNode p = TestServer.json(s.get("/api/scan/progress/" + crashed));
            assertThat(p.path("status").asText()).isEqualTo("interrupted");
            assertThat(p.path("error").asText()).contains("stopped");
            assertThat(Json.MAPPER.readTree(dir.resolve(crashed).resolve(FileScanStore.METADATA).toFile())
                    .path("status").asText()).isEqualTo("interrupted");
            assertThat(s.get("/api/scan/results/" + crashed).statusCode()).isEqualTo(409);

            assertThat(TestServer.json(s.get("/api/scan/progress/" + done)).path("status").asText()).isEqualTo("completed");
            JsonNode again = TestServer.json(s.get("/api/scan/results/" + done));
            assertThat(again.path("results")).isEqualTo(results.path("results"));
            assertThat(again.path("total_found")).isEqualTo(results.path("total_found"));
            WsClient ws = WsClient.connect(s, done);
            List<String> messages = ws.readAll(WAIT);
            assertThat(messages).hasSize(1);
            assertThat(TestServer.json(messages.get(0)).path("type").asText()).isEqualTo("completed");
        }
    }

    @Test
    void aCrashedScanKeepsItsLastProgressItsTimeExcludesTheDowntimeAndLeftoversAreCleaned() throws Exception {
        // 200 tickers × 30 ms on 2 workers: a scan of about 3 s
        SlowSource source = new SlowSource(new SyntheticMarket(3, 200), 30);
        Path crashed = dir.resolve("crashed");
        String id;
        try (TestServer s = TestServer.start(dir.resolve("live"), source)) {
            id = s.execute(WINDOW);
            JsonNode p = s.awaitProgress(id, WAIT, n -> n.path("progress_percent").asDouble() >= 60
                    || !n.path("status").asText().equals("running"));
            assertThat(p.path("status").asText()).isEqualTo("running");
            TestServer.sleep(1200); // the running scan's state reaches the disk every second
            // what a kill -9 now would leave on disk, a half-written file included
            Files.createDirectories(crashed.resolve(id));
            Files.copy(dir.resolve("live").resolve(id).resolve(FileScanStore.METADATA), crashed.resolve(id).resolve(FileScanStore.METADATA));
            s.post("/api/scan/" + id + "/cancel", "");
        }
        Files.createFile(crashed.resolve(id).resolve(".results.csv8031766511.tmp"));
        Files.writeString(crashed.resolve(id).resolve(".metadata.json99.tmp"), "{\"scan_id\":");
        JsonNode onDisk = Json.MAPPER.readTree(crashed.resolve(id).resolve(FileScanStore.METADATA).toFile());
        assertThat(onDisk.path("progress_percent").asDouble()).isGreaterThan(30);
        Instant died = Instant.parse(onDisk.path("updated_at").asText());
        TestServer.sleep(2000); // the downtime

        try (TestServer s = TestServer.start(crashed, source)) {
            JsonNode p = TestServer.json(s.get("/api/scan/progress/" + id));
            assertThat(p.path("status").asText()).isEqualTo("interrupted");
            assertThat(p.path("progress_percent").asDouble()).isEqualTo(onDisk.path("progress_percent").asDouble());
            assertThat(p.path("processed_tickers").asInt()).isEqualTo(onDisk.path("processed_tickers").asInt()).isPositive();
            assertThat(p.path("completed_at").asText()).isEqualTo(died.toString());
            double expected = (died.toEpochMilli() - Instant.parse(p.path("started_at").asText()).toEpochMilli()) / 1000.0;
            assertThat(p.path("execution_time").asDouble()).isEqualTo(expected).isLessThan(4.0);
            try (var files = Files.list(crashed.resolve(id))) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactly(FileScanStore.METADATA);
            }
        }
    }

    @Test
    void shutdownInterruptsRunningScansAndPersistsIt() throws Exception {
        SlowSource source = new SlowSource(new SyntheticMarket(3, 200), 20);
        TestServer s = TestServer.start(dir, source, Map.of("MAX_CONCURRENT_SCANS", "1"), Duration.ofMinutes(5));
        String id;
        String queued;
        WsClient ws;
        try {
            id = s.execute(WINDOW);
            queued = s.execute(WINDOW);
            s.awaitStatus(id, "running", WAIT);
            ws = WsClient.connect(s, id);
        } finally {
            s.close(); // what the SIGTERM hook does
        }
        List<String> messages = ws.readAll(WAIT);
        assertThat(TestServer.json(messages.get(messages.size() - 1)).path("data").path("status").asText())
                .isEqualTo("interrupted");
        for (String scan : List.of(id, queued)) {
            JsonNode meta = Json.MAPPER.readTree(dir.resolve(scan).resolve(FileScanStore.METADATA).toFile());
            assertThat(meta.path("status").asText()).as(scan).isEqualTo("interrupted");
        }
        try (TestServer again = TestServer.start(dir, source)) {
            assertThat(TestServer.json(again.get("/api/scan/progress/" + id)).path("status").asText()).isEqualTo("interrupted");
        }
    }

    /** A source that fails the way a remote one does, with its key in the message. */
    private static final class FailingSource implements BarSource {
        @Override
        public String description() {
            return "failing";
        }

        @Override
        public Universe universe() throws IOException {
            throw new IOException("GET /v3/reference/tickers?apiKey=pk_SECRET: 503");
        }

        @Override
        public Window open(LocalDate from, LocalDate to, Predicate<String> tickers, LoadListener listener)
                throws IOException {
            throw new IOException("GET /v2/aggs/grouped?apiKey=pk_SECRET: 503");
        }
    }

    @Test
    void aFailingSourceFailsTheScanWithoutLeakingTheKey() throws Exception {
        try (TestServer s = TestServer.start(dir, new FailingSource(), Map.of("POLYGON_API_KEY", "pk_SECRET"),
                Duration.ofMinutes(5))) {
            String id = s.execute(WINDOW);
            JsonNode end = s.awaitFinal(id, WAIT);
            assertThat(end.path("status").asText()).isEqualTo("failed");
            assertThat(end.path("error").asText()).contains("apiKey=***").doesNotContain("pk_SECRET");
            HttpResponse<String> universe = s.get("/api/scan/universe");
            assertThat(ErrorsTest.error(universe, 503).path("code").asText()).isEqualTo("source_unavailable");
            assertThat(universe.body()).doesNotContain("pk_SECRET");
            // premarket liquidity cannot be computed without intraday data: refused up front
            HttpResponse<String> pm = s.post("/api/scan/execute",
                    "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-06-30\",\"intraday\":true,\"require_pm_liquidity\":true}");
            assertThat(ErrorsTest.error(pm, 400).path("field").asText()).isEqualTo("require_pm_liquidity");
            for (String path : List.of("/api/scan/list", "/api/scan/progress/" + id, "/metrics", "/api/health")) {
                assertThat(s.get(path).body()).as(path).doesNotContain("pk_SECRET");
            }
            assertThat(Files.readString(dir.resolve(id).resolve(FileScanStore.METADATA))).doesNotContain("pk_SECRET");
        }
    }
}
