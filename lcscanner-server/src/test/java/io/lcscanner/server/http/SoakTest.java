package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.Json;
import io.lcscanner.server.scan.FileScanStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Everything at once for a while (40 s by default; {@code -Dlcscanner.soak.seconds=N} for longer): scans
 * started and cancelled, stream clients that vanish, readers that never read, malformed and hostile
 * requests, and ordinary readers. Afterwards the server is idle and healthy: health answers within 100 ms,
 * every completed scan's files equal the library's own output, and no thread is stuck.
 */
@Tag("slow")
class SoakTest {
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("lcscanner.soak.seconds", 40));
    private static final SyntheticMarket MARKET = new SyntheticMarket(42, 200);
    private static final String[][] WINDOWS = {{"2024-01-01", "2025-12-31"}, {"2025-01-01", "2025-06-30"}};

    @TempDir
    Path dir;

    private final List<String> scans = new ArrayList<>();
    private final Map<String, Integer> windowOf = new ConcurrentHashMap<>();
    private final Queue<String> serverErrors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();
    private TestServer server;
    private long deadline;

    @Test
    void theServerStaysHealthyUnderMixedHostileLoad() throws Exception {
        ServerLimits limits = ServerLimits.DEFAULT.withWriteTimeout(Duration.ofSeconds(2))
                .withHeaderTimeout(Duration.ofSeconds(1)).withBodyTimeout(Duration.ofSeconds(1));
        ExecutorService clients = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "soak-client");
            t.setDaemon(true);
            return t;
        });
        try (TestServer s = TestServer.start(dir, new SlowSource(MARKET, 4),
                Map.of("MAX_CONCURRENT_SCANS", "2", "MAX_QUEUED_SCANS", "4"), Duration.ofMinutes(5), limits)) {
            server = s;
            deadline = System.nanoTime() + RUN.toNanos();
            List<Future<?>> roles = new ArrayList<>();
            for (Callable<Void> role : List.<Callable<Void>>of(this::scanner, this::vanishingSse, this::vanishingWebSockets,
                    this::slowReaders, this::malformed, this::malformed, this::readers, this::readers)) {
                roles.add(clients.submit(role));
            }
            for (Future<?> f : roles) {
                f.get(RUN.toSeconds() + 60, TimeUnit.SECONDS); // a role's own failure fails the test here
            }
            List<String> all;
            synchronized (scans) {
                all = List.copyOf(scans);
            }
            int completed = 0;
            for (String id : all) {
                JsonNode end = s.awaitFinal(id, Duration.ofSeconds(60));
                assertThat(end.path("status").asText()).as(id).isIn("completed", "cancelled");
                if (end.path("status").asText().equals("completed")) {
                    assertIntact(id, end);
                    completed++;
                }
            }
            assertIdle(s);
            long healthMs = healthMillis(s);
            assertThat(healthMs).as("health latency after the soak").isLessThan(100);
            assertThat(serverErrors).as("5xx answers").isEmpty();
            assertThat(completed).isPositive();
            System.out.printf("soak: %d s, %d requests, %d scans (%d completed), health after it: %d ms%n", RUN.toSeconds(),
                    requests.get(), all.size(), completed, healthMs);
        } finally {
            clients.shutdownNow();
        }
    }

    private boolean running() {
        return System.nanoTime() < deadline;
    }

    private static void pause(int maxMillis) {
        TestServer.sleep(ThreadLocalRandom.current().nextInt(maxMillis) + 1);
    }

    private String anyScan() {
        synchronized (scans) {
            return scans.isEmpty() ? "scan_20250101_000000_00000000" : scans.get(ThreadLocalRandom.current().nextInt(scans.size()));
        }
    }

    private String completedScan() {
        List<String> copy;
        synchronized (scans) {
            copy = new ArrayList<>(scans);
        }
        for (String id : copy) {
            if (Files.exists(dir.resolve(id).resolve(FileScanStore.RESULTS_CSV))) {
                return id;
            }
        }
        return null;
    }

    private HttpResponse<String> call(HttpResponse<String> r) {
        requests.incrementAndGet();
        if (r.statusCode() >= 500) {
            serverErrors.add(r.statusCode() + " " + r.uri() + " " + r.body());
        }
        return r;
    }

    /** Starts scans (some refused with 429 when the queue is full) and cancels one in four. */
    private Void scanner() {
        while (running()) {
            int w = ThreadLocalRandom.current().nextInt(WINDOWS.length);
            HttpResponse<String> r = call(server.post("/api/scan/execute", "{\"start_date\":\"" + WINDOWS[w][0]
                    + "\",\"end_date\":\"" + WINDOWS[w][1] + "\",\"intraday\":false}"));
            assertThat(r.statusCode()).as(r.body()).isIn(200, 429);
            if (r.statusCode() == 200) {
                String id = TestServer.json(r).path("scan_id").asText();
                windowOf.put(id, w);
                synchronized (scans) {
                    scans.add(id);
                }
                if (ThreadLocalRandom.current().nextInt(4) == 0) {
                    pause(300);
                    assertThat(call(server.post("/api/scan/" + id + "/cancel", "")).statusCode()).isIn(200, 409);
                }
            }
            pause(400);
        }
        return null;
    }

    private Void vanishingSse() {
        return vanishing(id -> RawClient.get("/api/scan/stream/" + id, "Accept: text/event-stream"));
    }

    private Void vanishingWebSockets() {
        return vanishing(id -> RawClient.upgrade("/ws/scan/" + id));
    }

    /** Stream clients that reset their connection before, at or after their first event. */
    private Void vanishing(java.util.function.Function<String, String> request) {
        while (running()) {
            try (RawClient c = RawClient.connect(server.base, Duration.ofSeconds(5))) {
                requests.incrementAndGet();
                c.write(request.apply(anyScan()));
                int mode = ThreadLocalRandom.current().nextInt(3);
                if (mode > 0) {
                    c.readHead();
                }
                if (mode > 1) {
                    pause(200);
                }
                c.abort();
            } catch (IOException e) {
                // the server may close first
            }
            pause(30);
        }
        return null;
    }

    /** Batches of clients that pipeline exports and never read; the server cuts them off. */
    private Void slowReaders() throws IOException {
        while (running()) {
            String id = completedScan();
            List<RawClient> batch = new ArrayList<>();
            if (id != null) {
                for (int i = 0; i < 4; i++) {
                    RawClient c = RawClient.connectWithSmallBuffer(server.base, Duration.ofSeconds(1));
                    c.write(RawClient.get("/api/scan/results/" + id + "/export?format=json").repeat(10));
                    requests.addAndGet(10);
                    batch.add(c);
                }
            }
            pause(3000);
            batch.forEach(RawClient::abort);
        }
        return null;
    }

    /** Requests that are wrong in every way a client can be: each gets a 4xx or a closed connection, never a 5xx. */
    private Void malformed() {
        String body = "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-01-31\"}";
        List<String> bad = List.of(
                "\u0000\u0001\u0002garbage\r\n\r\n",
                "GET /api/health HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n",
                "BREW /api/scan/list HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "GET /api/scan/list/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "GET /api/scan/progress/..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "GET /api/scan/results/" + "x".repeat(5000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "GET /api/scan/list HTTP/1.1\r\nHost: evil.example\r\n\r\n",
                "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n",
                "POST /api/scan/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body,
                "POST /api/scan/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nOrigin: http://evil.example\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body,
                "POST /api/scan/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{} {} [] \"x\" 1 2 3",
                "POST /api/scan/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 30\r\n\r\n{\"start_date\":\"2025-02-30\"}   ",
                "POST /api/scan/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 999999\r\n\r\n{\"a\":",
                "POST /api/scan/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "DELETE /api/scan/scan_20250101_000000_00000000 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "GET /api/scan/results/scan_20250101_000000_00000000/export?format=xml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "GET /ws/scan/" + "%00".repeat(10) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
                "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a");
        int i = ThreadLocalRandom.current().nextInt(bad.size());
        while (running()) {
            String request = bad.get(i++ % bad.size());
            try (RawClient c = RawClient.connect(server.base, Duration.ofSeconds(3))) {
                requests.incrementAndGet();
                c.write(request.getBytes(StandardCharsets.UTF_8));
                String head = c.readHead();
                if (head.startsWith("HTTP/1.1 ") && RawClient.status(head) >= 500) {
                    serverErrors.add(head.lines().findFirst().orElse("") + " for " + request.lines().findFirst().orElse(""));
                }
            } catch (IOException e) {
                // closed without an answer (unparseable request, time-out): fine
            }
            pause(20);
        }
        return null;
    }

    /** Ordinary clients reading progress, lists, results and exports. */
    private Void readers() {
        while (running()) {
            String id = anyScan();
            switch (ThreadLocalRandom.current().nextInt(5)) {
                case 0 -> call(server.get("/api/scan/list"));
                case 1 -> call(server.get("/api/scan/progress/" + id));
                case 2 -> call(server.get("/api/scan/results/" + id + "?sort=score"));
                case 3 -> call(server.get("/api/scan/results/" + id + "/export?format=csv"));
                default -> call(server.get("/metrics"));
            }
            pause(50);
        }
        return null;
    }

    /** A completed scan's files: present, no leftovers, and equal to what the library produces itself. */
    private void assertIntact(String id, JsonNode progress) throws IOException {
        Path scanDir = dir.resolve(id);
        try (var files = Files.list(scanDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(FileScanStore.METADATA,
                    FileScanStore.SCANNER, FileScanStore.RESULTS_CSV, FileScanStore.RESULTS_JSON, FileScanStore.RESULTS_INDEX);
        }
        assertThat(Files.readString(scanDir.resolve(FileScanStore.SCANNER))).isEqualTo(ScannerDefinition.lc().json());
        String csv = Files.readString(scanDir.resolve(FileScanStore.RESULTS_CSV));
        assertThat(csv).as(id).isEqualTo(expectedCsv(windowOf.get(id)));
        JsonNode json = Json.MAPPER.readTree(scanDir.resolve(FileScanStore.RESULTS_JSON).toFile());
        assertThat(json.size()).isEqualTo(csv.lines().count() - 1).isEqualTo(progress.path("results_found").asInt());
        assertThat(Json.MAPPER.readTree(scanDir.resolve(FileScanStore.METADATA).toFile()).path("status").asText()).isEqualTo("completed");
    }

    private final Map<Integer, String> expected = new ConcurrentHashMap<>();

    private String expectedCsv(int window) {
        return expected.computeIfAbsent(window, w -> {
            try (Scanner scanner = Scanner.builder(MARKET).parallelism(2).build()) {
                StringBuilder sb = new StringBuilder();
                var result = scanner.run(ScanRequest.builder(LocalDate.parse(WINDOWS[w][0]), LocalDate.parse(WINDOWS[w][1]))
                        .intraday(false).build(), null);
                HitFormat.writeCsv(result.schema(), result.hits(), sb);
                return sb.toString();
            }
        });
    }

    /**
     * Nothing in flight, no stream left, every worker thread back in its pool waiting for work, and no
     * server thread blocked.
     */
    private static void assertIdle(TestServer s) {
        org.awaitility.Awaitility.await("the server going idle").atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(() -> {
                    assertThat(s.server.activeRequests()).isZero();
                    assertThat(s.server.streamSubscribers()).isZero();
                    assertThat(busyWorkers()).isEmpty();
                });
        assertThat(s.server.activeRequests()).as("requests in flight\n" + TestServer.threadDump()).isZero();
        assertThat(s.server.streamSubscribers()).as("stream subscribers left").isZero();
        assertThat(busyWorkers()).as("worker threads not idle").isEmpty();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            if (t.getThreadName().startsWith("XNIO-") || t.getThreadName().startsWith("lcscanner-")) {
                assertThat(t.getThreadState()).as(t.toString()).isNotEqualTo(Thread.State.BLOCKED);
            }
        }
    }

    /** Undertow's worker threads that are not parked in their pool. */
    private static List<String> busyWorkers() {
        List<String> busy = new ArrayList<>();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            if (t.getThreadName().matches("XNIO-\\d+ task-\\d+") && t.getThreadState() != Thread.State.WAITING
                    && t.getThreadState() != Thread.State.TIMED_WAITING) {
                busy.add(t.toString());
            }
        }
        return busy;
    }

    /** The best of three rounds of five health requests on a warm connection: the slowest of the round, in ms. */
    private static long healthMillis(TestServer s) {
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long worst = 0;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                assertThat(s.get("/api/health").statusCode()).isEqualTo(200);
                worst = Math.max(worst, (System.nanoTime() - start) / 1_000_000);
            }
            best = Math.min(best, worst);
        }
        return best;
    }
}
