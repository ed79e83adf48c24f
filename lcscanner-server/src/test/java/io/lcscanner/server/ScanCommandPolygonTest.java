package io.lcscanner.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.ZoneId;
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
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--source synthetic|csv|polygon").contains("--cache-dir")
                .contains("--no-cache").contains("--max-requests-per-minute").contains("--max-concurrency");
    }
}
