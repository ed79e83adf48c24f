package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.scan.FileScanStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bad request gets its 4xx JSON error; nothing leaks a stack trace or touches other files. */
class ErrorsTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // slow enough (80 tickers × 25 ms on 2 workers ≈ 1 s) to ask for results while it runs
        server = TestServer.start(dir, new SlowSource(new SyntheticMarket(9, 80), 25), Map.of(), Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Asserts the error shape and returns the error object. */
    static JsonNode error(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode j = TestServer.json(r);
        assertThat(j.path("success").isBoolean()).isTrue();
        assertThat(j.path("success").asBoolean()).isFalse();
        assertThat(j.path("error").path("code").asText()).isNotEmpty();
        assertThat(j.path("error").path("message").asText()).isNotEmpty();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.lcscanner")
                .doesNotContain("com.fasterxml").doesNotContain("java.").doesNotContain("JsonNode");
        return j.path("error");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "{}|start_date",
            "{\"end_date\":\"2025-01-31\"}|start_date",
            "{\"start_date\":\"2025-01-01\"}|end_date",
            "{\"start_date\":\"2025-13-01\",\"end_date\":\"2025-12-31\"}|start_date",
            "{\"start_date\":\"2025-02-30\",\"end_date\":\"2025-12-31\"}|start_date",
            "{\"start_date\":\"01/02/2025\",\"end_date\":\"2025-12-31\"}|start_date",
            "{\"start_date\":20250101,\"end_date\":\"2025-12-31\"}|start_date",
            "{\"start_date\":\"2025-06-01\",\"end_date\":\"2025-05-31\"}|end_date",
            "{\"start_date\":\"1900-01-01\",\"end_date\":\"2025-05-31\"}|start_date",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"extra\":1}|extra",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"filters\":{\"min_vol\":1}}|filters.min_vol",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"filters\":{\"min_volume\":-1}}|filters.min_volume",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"filters\":{\"min_dollar_volume\":-0.5}}|filters.min_dollar_volume",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"filters\":{\"min_price\":-5}}|filters.min_price",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"filters\":{\"min_price\":\"5\"}}|filters.min_price",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"filters\":{\"include_tickers\":\"AAPL\"}}|filters.include_tickers",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"filters\":{\"exclude_tickers\":[\"$$$\"]}}|filters.exclude_tickers",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"filters\":[]}|filters",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"lookback_days\":-1}|lookback_days",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"lookback_days\":1.5}|lookback_days",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"lookback_days\":99999999999}|lookback_days",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"intraday\":\"yes\"}|intraday",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"intraday\":false,\"require_pm_liquidity\":true}|require_pm_liquidity",
    })
    void invalidScanRequestsAre400WithTheField(String body, String field) {
        JsonNode e = error(server.post("/api/scan/execute", body), 400);
        assertThat(e.path("field").asText()).isEqualTo(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"start_date\":", "[]", "\"text\"", "{} {}", "{\"start_date\":\"2025-01-01\",\"start_date\":\"2025-01-02\"}", "nul",
            "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-01-31\"} garbage", "{\"a\":1}]", "{\"a\":\"\\u12\"}"})
    void malformedJsonIs400(String body) {
        error(server.post("/api/scan/execute", body), 400);
    }

    @Test
    void anEmptyBodyIs400AndAnOversizedOne413() {
        error(server.post("/api/scan/execute", ""), 400);
        String big = "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-05-31\",\"filters\":{\"include_tickers\":[\""
                + "A".repeat(RequestBody.MAX_BYTES) + "\"]}}";
        assertThat(error(server.post("/api/scan/execute", big), 413).path("code").asText()).isEqualTo("body_too_large");
        // without a Content-Length (chunked) the limit holds too
        HttpRequest chunked = server.request("/api/scan/execute").header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(big.getBytes()))).build();
        assertThat(error(server.send(chunked), 413).path("code").asText()).isEqualTo("body_too_large");
    }

    @Test
    void unknownScansRoutesAndMethods() {
        String unknown = "scan_20250101_000000_00000000";
        assertThat(error(server.get("/api/scan/progress/" + unknown), 404).path("code").asText()).isEqualTo("scan_not_found");
        error(server.get("/api/scan/results/" + unknown), 404);
        error(server.get("/api/scan/results/" + unknown + "/export?format=csv"), 404);
        error(server.post("/api/scan/" + unknown + "/cancel", ""), 404);
        error(server.delete("/api/scan/" + unknown), 404);
        error(server.get("/api/nothing/here"), 404);
        error(server.get("/no-such-page"), 404); // "/" is the dashboard
        error(server.get("/api/scan/execute"), 405);
        error(server.send(server.request("/api/scan/list").PUT(HttpRequest.BodyPublishers.noBody()).build()), 405);
        error(server.post("/docs/", ""), 405);
        error(server.get("/docs/no-such-file.js"), 404);
    }

    @Test
    void pathTraversalIsA404AndTouchesNothing() throws Exception {
        Path outside = dir.getParent().resolve("outside-" + System.nanoTime());
        Files.createDirectories(outside);
        Files.writeString(outside.resolve(FileScanStore.METADATA), "{\"scan_id\":\"x\"}");
        String name = outside.getFileName().toString();
        for (String id : new String[] {"..%2F" + name, "..%2f..%2fetc%2fpasswd", "%2e%2e", "..", "scan_20250101_000000_0000000G",
                "scan_20250101_000000_00000000%2F..%2F..%2F" + name, "SCAN_20250101_000000_00000000", "scan_2025011_000000_00000000"}) {
            error(server.get("/api/scan/progress/" + id), 404);
            error(server.get("/api/scan/results/" + id + "/export?format=json"), 404);
            error(server.delete("/api/scan/" + id), 404);
        }
        assertThat(outside.resolve(FileScanStore.METADATA)).exists();
    }

    @Test
    void resultsOfAnUnfinishedScanAre409AndBadQueryValues400() throws Exception {
        String id = server.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-06-30\"}");
        try {
            assertThat(error(server.get("/api/scan/results/" + id), 409).path("code").asText()).isEqualTo("scan_not_finished");
            error(server.get("/api/scan/results/" + id + "/export"), 409);
            assertThat(error(server.delete("/api/scan/" + id), 409).path("code").asText()).isEqualTo("scan_active");
        } finally {
            server.post("/api/scan/" + id + "/cancel", "");
        }
        server.awaitFinal(id, Duration.ofSeconds(30));
        String done = server.execute("{\"start_date\":\"2025-06-01\",\"end_date\":\"2025-06-30\",\"filters\":{\"include_tickers\":[]}}");
        assertThat(server.awaitFinal(done, Duration.ofSeconds(30)).path("status").asText()).isEqualTo("completed");
        assertThat(error(server.get("/api/scan/results/" + done + "?sort=size"), 400).path("field").asText()).isEqualTo("sort");
        assertThat(error(server.get("/api/scan/results/" + done + "/export?format=xml"), 400).path("field").asText())
                .isEqualTo("format");
        error(server.get("/api/scan/universe?tickers=maybe"), 400);
        assertThat(error(server.get("/api/scan/results/" + id), 409).path("code").asText()).isEqualTo("no_results");
    }

    @Test
    void aHeaderOf64KilobytesIs431WithAJsonBody() throws Exception {
        try (RawClient c = RawClient.connect(server.base, Duration.ofSeconds(10))) {
            c.write(RawClient.get("/api/health", "X-Big: " + "a".repeat(64 * 1024)));
            String head = c.readHead();
            assertThat(RawClient.status(head)).as(head).isEqualTo(431);
            assertThat(head).containsIgnoringCase("Content-Type: application/json");
            String body = new String(c.readToEnd(10_000), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(TestServer.json(body).path("error").path("code").asText()).isEqualTo("headers_too_large");
        }
        // just under the limit is served
        try (RawClient c = RawClient.connect(server.base, Duration.ofSeconds(10))) {
            c.write(RawClient.get("/api/health", "X-Big: " + "a".repeat(60 * 1024)));
            assertThat(RawClient.status(c.readHead())).isEqualTo(200);
        }
    }

    @Test
    void aFullQueueSaysWhenToRetry(@TempDir Path own) throws Exception {
        try (TestServer s = TestServer.start(own, new SlowSource(new SyntheticMarket(3, 100), 30),
                Map.of("MAX_CONCURRENT_SCANS", "1", "MAX_QUEUED_SCANS", "0"), Duration.ofMinutes(5))) {
            String id = s.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-06-30\"}");
            HttpResponse<String> full = s.post("/api/scan/execute", "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-06-30\"}");
            assertThat(error(full, 429).path("code").asText()).isEqualTo("queue_full");
            assertThat(full.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
            s.post("/api/scan/" + id + "/cancel", "");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /api/scan/list/", "GET /api/health/", "GET /api/scan/progress/scan_20250101_000000_00000000/",
            "DELETE /api/scan/scan_20250101_000000_00000000/", "GET /api/scan/universe/", "GET /metrics/"})
    void aTrailingSlashIsNoRoute(String request) {
        String[] r = request.split(" ");
        JsonNode e = error(server.send(server.request(r[1]).method(r[0], HttpRequest.BodyPublishers.noBody()).build()), 404);
        assertThat(e.path("code").asText()).isEqualTo("not_found");
    }

    @Test
    void invalidInputIsEchoedCutShort() {
        String huge = "x".repeat(10_000);
        for (HttpResponse<String> r : java.util.List.of(
                server.post("/api/scan/execute", "{\"start_date\":\"" + huge + "\",\"end_date\":\"2025-01-31\"}"),
                server.post("/api/scan/execute", "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-01-31\",\"" + huge + "\":1}"),
                server.post("/api/scan/execute", "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-01-31\",\"filters\":{\"include_tickers\":[\""
                        + huge + "\"]}}"),
                server.post("/api/scan/execute", "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-01-31\",\"filters\":{\"min_price\":-1"
                        + "0".repeat(5000) + "}}"),
                server.get("/api/scan/results/scan_20250101_000000_00000000?sort=" + huge),
                server.get("/api/scan/universe?tickers=" + huge),
                server.get("/" + huge))) {
            assertThat(r.statusCode()).isBetween(400, 404);
            assertThat(r.body().length()).as(r.body().substring(0, Math.min(300, r.body().length()))).isLessThan(400);
        }
    }
}
