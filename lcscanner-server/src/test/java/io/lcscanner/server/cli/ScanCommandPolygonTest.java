package io.lcscanner.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.server.http.ServerConfig;
import io.lcscanner.server.http.SourceConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan --source polygon} against a minimal Polygon stand-in: options, default source, cache, errors. */
class ScanCommandPolygonTest {
    private static final String KEY = "cli-test-key-77";
    private HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            paths.add(path);
            String body;
            if (!("Bearer " + KEY).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                body = "{\"status\":\"ERROR\",\"request_id\":\"r1\",\"error\":\"Unknown API Key\"}";
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(401, b.length);
                ex.getResponseBody().write(b);
                ex.close();
                return;
            }
            if (path.startsWith("/v2/aggs/grouped/")) {
                LocalDate d = LocalDate.parse(path.substring(path.lastIndexOf('/') + 1));
                long t = ZonedDateTime.of(d, LocalTime.of(16, 0), ZoneId.of("America/New_York")).toInstant().toEpochMilli();
                double p = 10 + d.getDayOfMonth() * 0.1;
                body = "{\"status\":\"OK\",\"resultsCount\":2,\"results\":["
                        + "{\"T\":\"AAA\",\"o\":" + p + ",\"h\":" + (p + 1) + ",\"l\":" + (p - 1) + ",\"c\":" + p + ",\"v\":1000,\"t\":" + t + "},"
                        + "{\"T\":\"BBB\",\"o\":" + p + ",\"h\":" + (p + 1) + ",\"l\":" + (p - 1) + ",\"c\":" + p + ",\"v\":2000,\"t\":" + t + "}]}";
            } else {
                body = "{\"status\":\"OK\",\"results\":[]}";
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Map<String, String> env(String key) {
        return key == null ? Map.of() : Map.of("POLYGON_API_KEY", key, "POLYGON_BASE_URL",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    private int run(Map<String, String> env, String... args) {
        return new ScanCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, env).run(args);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void polygonIsTheDefaultWhenAKeyIsSetAndCachesSessions(@TempDir Path cache) throws Exception {
        String[] args = {"--from", "2025-10-06", "--to", "2025-10-10", "--lookback-days", "7", "--cache-dir", cache.toString(),
                "--max-concurrency", "2", "--max-requests-per-minute", "600", "--format", "csv"};
        assertThat(run(env(KEY), args)).as(stderr()).isZero();
        assertThat(stderr()).contains("source polygon (POLYGON_API_KEY is set)").contains("polygon:127.0.0.1")
                .doesNotContain(KEY);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("ticker,date,");
        assertThat(paths).filteredOn(p -> p.startsWith("/v2/aggs/grouped/")).hasSize(2 * 10); // 2025-09-29..10-10: 10 sessions, 2 adjustments
        try (var files = Files.walk(cache)) {
            assertThat(files.filter(p -> p.toString().endsWith(".bin")).count()).isEqualTo(10);
        }
        paths.clear();
        assertThat(run(env(KEY), args)).isZero();
        assertThat(paths).noneMatch(p -> p.startsWith("/v2/aggs/grouped/"));
    }

    @Test
    void noCacheWritesNothing(@TempDir Path cache) {
        assertThat(run(Map.of("POLYGON_API_KEY", KEY, "POLYGON_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                "SCANNER_CACHE_DIR", cache.toString()), "--source", "polygon", "--no-cache", "--from", "2025-10-06", "--to",
                "2025-10-07", "--lookback-days", "0", "--format", "csv")).as(stderr()).isZero();
        assertThat(cache.toFile().list()).isEmpty();
    }

    @Test
    void withoutAKeyTheSyntheticMarketIsTheDefaultAndPolygonOptionsAreRejected() {
        assertThat(run(env(null), "--source", "polygon", "--from", "2025-10-06", "--to", "2025-10-07")).isEqualTo(2);
        assertThat(stderr()).contains("POLYGON_API_KEY");
        assertThat(run(env(null), "--no-cache", "--from", "2025-10-06", "--to", "2025-10-07")).isEqualTo(2);
        assertThat(stderr()).contains("--no-cache: only applies to --source polygon");
        assertThat(run(env(KEY), "--source", "polygon", "--max-concurrency", "0")).isEqualTo(2);
        assertThat(stderr()).contains("--max-concurrency");
    }

    @Test
    void aRejectedKeyFailsWithoutPrintingIt() {
        assertThat(run(env("wrong-key-123"), "--no-cache", "--from", "2025-10-06", "--to", "2025-10-07", "--lookback-days", "0"))
                .isEqualTo(1);
        assertThat(stderr()).contains("HTTP 401").contains("Unknown API Key").doesNotContain("wrong-key-123");
    }

    @Test
    void theSourceConfigDoesNotShowTheKey() {
        SourceConfig c = new SourceConfig(SourceConfig.POLYGON, null, 1, 1, new SourceConfig.Polygon(env(KEY), null, true, 5, 2));
        assertThat(c.toString()).doesNotContain(KEY).contains("maxRequestsPerMinute=5");
        assertThat(c.open("--csv").description()).doesNotContain(KEY).startsWith("polygon:127.0.0.1");
    }

    @Test
    void helpNamesThePolygonOptions() {
        assertThat(run(env(null), "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--source=synthetic|csv|polygon").contains("--cache-dir")
                .contains("--no-cache").contains("--max-requests-per-minute").contains("--max-concurrency");
    }

    @Test
    void serveScansPolygonFromTheEnvironmentAndMetricsCountRequestsAndCacheHits(@TempDir Path dir) throws Exception {
        Map<String, String> environment = new java.util.HashMap<>(env(KEY));
        environment.put("SCANNER_CACHE_DIR", dir.resolve("cache").toString());
        environment.put("SCANNER_RESULTS_DIR", dir.resolve("results").toString());
        environment.put("SCANNER_PORT", "0");
        ServerConfig config = ServeOptions.from(environment, new String[0]);
        assertThat(config.source().kind()).isEqualTo(SourceConfig.POLYGON);
        io.lcscanner.core.source.BarSource source = ServeCommand.openSource(config);
        io.lcscanner.server.http.ScanServer scanServer = io.lcscanner.server.http.ScanServer.start(config, source);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try {
            String body = "{\"start_date\":\"2025-10-06\",\"end_date\":\"2025-10-10\",\"lookback_days\":7}";
            for (int scan = 0; scan < 2; scan++) {
                var started = http.send(java.net.http.HttpRequest.newBuilder(scanServer.baseUri().resolve("/api/scan/execute"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                String id = readJson(started).get("scan_id").asText();
                String status = org.awaitility.Awaitility.await("scan " + id).atMost(java.time.Duration.ofSeconds(10))
                        .pollInterval(java.time.Duration.ofMillis(50))
                        .until(() -> readJson(http.send(java.net.http.HttpRequest.newBuilder(
                                        scanServer.baseUri().resolve("/api/scan/progress/" + id)).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())).get("status").asText(),
                                java.util.Set.of("completed", "failed", "cancelled", "interrupted")::contains);
                assertThat(status).isEqualTo("completed");
            }
            // the counters come from the source-neutral BarSource.counters()
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(scanServer.baseUri().resolve("/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            // first scan: 10 sessions fetched (2 requests each) and cached; second scan: all 10 from the cache
            assertThat(metrics).contains("lcscanner_cache_misses_total 10").contains("lcscanner_cache_hits_total 10")
                    .contains("lcscanner_polygon_errors_total 0").doesNotContain(KEY);
            long requests = metrics.lines().filter(l -> l.startsWith("lcscanner_polygon_requests_total "))
                    .mapToLong(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
            assertThat(requests).isGreaterThanOrEqualTo(20);
        } finally {
            scanServer.close();
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(java.net.http.HttpResponse<String> r) throws java.io.IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    }
}
