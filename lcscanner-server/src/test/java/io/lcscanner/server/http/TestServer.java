package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.server.Json;
import io.lcscanner.server.cli.ServeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;

/** A real server on a free loopback port, and an HTTP client for it. */
final class TestServer implements AutoCloseable {
    static final Set<String> FINAL = Set.of("completed", "failed", "cancelled", "interrupted");

    final ScanServer server;
    final ServerConfig config;
    final URI base;
    /**
     * HTTP/1.1 as the server speaks it: the client's default (HTTP/2) offers an h2c upgrade on every new connection,
     * a path no browser, curl or proxy takes and this server never accepts.
     */
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    private TestServer(ServerConfig config, BarSource source, ServerLimits limits) throws IOException {
        this.config = config;
        this.server = ScanServer.start(config, source, limits);
        this.base = server.baseUri();
    }

    /**
     * @param resultsDir where scans are stored
     * @param env        extra environment (MAX_CONCURRENT_SCANS, SCANNER_API_TOKEN, …)
     * @param timeout    scan timeout
     */
    static TestServer start(Path resultsDir, BarSource source, Map<String, String> env, Duration timeout) throws IOException {
        return start(resultsDir, source, env, timeout, ServerLimits.DEFAULT);
    }

    static TestServer start(Path resultsDir, BarSource source, Map<String, String> env, Duration timeout,
                            ServerLimits limits) throws IOException {
        Map<String, String> all = new HashMap<>(env);
        all.put("SCANNER_HOST", "127.0.0.1");
        all.put("SCANNER_PORT", "0");
        all.put("SCANNER_RESULTS_DIR", resultsDir.toString());
        all.putIfAbsent("SCANNER_SCANNERS_DIR", resultsDir.resolveSibling(resultsDir.getFileName() + "-scanners").toString());
        all.putIfAbsent("SCANNER_WORKERS", "2");
        all.putIfAbsent("SCANNER_INSTANCE_ID", "test-instance");
        ServerConfig c = ServeOptions.from(all, new String[0]);
        c = c.withScanTimeout(timeout);
        TestServer s = new TestServer(c, source, limits);
        s.token = c.apiToken();
        return s;
    }

    static TestServer start(Path resultsDir, BarSource source) throws IOException {
        return start(resultsDir, source, Map.of(), Duration.ofMinutes(5));
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> put(String path, String body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Starts a scan and returns its id. */
    String execute(String body) {
        HttpResponse<String> r = post("/api/scan/execute", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode j = json(r);
        assertThat(j.path("success").asBoolean()).isTrue();
        return j.path("scan_id").asText();
    }

    /** Polls progress until the scan is final; returns the last progress JSON. */
    JsonNode awaitFinal(String id, Duration max) {
        return awaitProgress(id, max, p -> FINAL.contains(p.path("status").asText()));
    }

    JsonNode awaitStatus(String id, String status, Duration max) {
        return awaitProgress(id, max, p -> p.path("status").asText().equals(status));
    }

    /** Polls a scan's progress until {@code done} holds for it; returns that progress. */
    JsonNode awaitProgress(String id, Duration max, java.util.function.Predicate<JsonNode> done) {
        return Awaitility.await("scan " + id).atMost(max).pollInterval(Duration.ofMillis(10))
                .until(() -> json(get("/api/scan/progress/" + id)), done::test);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops the server, but never hangs the test run: a server that does not stop within 30 s (a deadlock)
     * fails the test with the stuck threads' stacks and is abandoned.
     */
    @Override
    public void close() {
        Thread stopper = new Thread(server::close, "test-server-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            throw new AssertionError("the server did not stop within 30 s:\n" + threadDump());
        }
    }

    /**
     * Every live thread, to show a deadlock or a lost request: the server's own (Undertow's I/O and worker threads,
     * scan workers and timers, everything not the JVM's or the test runner's) first with whole stacks, since
     * {@link java.lang.management.ThreadInfo#toString()} cuts each at eight frames and a report may keep only its
     * beginning; then the rest by name and state.
     */
    static String threadDump() {
        StringBuilder ours = new StringBuilder();
        StringBuilder rest = new StringBuilder("other threads:\n");
        for (java.lang.management.ThreadInfo t : java.lang.management.ManagementFactory.getThreadMXBean()
                .dumpAllThreads(true, true)) {
            String name = t.getThreadName();
            boolean housekeeping = name.startsWith("HttpClient-") || name.startsWith("surefire-")
                    || name.startsWith("junit-") || name.startsWith("ForkJoinPool.commonPool")
                    || List.of("main", "Reference Handler", "Finalizer", "Signal Dispatcher", "Notification Thread",
                    "Common-Cleaner", "process reaper", "Attach Listener").contains(name);
            if (housekeeping) {
                rest.append("  \"").append(name).append("\" ").append(t.getThreadState()).append('\n');
                continue;
            }
            ours.append('"').append(name).append("\" ").append(t.getThreadState());
            if (t.getLockName() != null) {
                ours.append(" on ").append(t.getLockName());
            }
            if (t.getLockOwnerName() != null) {
                ours.append(" owned by \"").append(t.getLockOwnerName()).append('"');
            }
            ours.append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                ours.append("\tat ").append(e).append('\n');
            }
        }
        return ours.append(rest).toString();
    }
}
