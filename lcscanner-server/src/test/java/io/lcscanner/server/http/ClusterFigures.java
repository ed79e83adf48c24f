package io.lcscanner.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.fixtures.Nginx;
import io.lcscanner.server.fixtures.PostgresServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of README's "Scaling out", measured, not asserted (a benchmark command, off by default):
 * {@code mvn -q -pl lcscanner-server -am test -Dtest=ClusterFigures -Dlcscanner.cluster.figures=true}. Scans per
 * minute of a fixed mix through nginx with one and two instances on PostgreSQL, and how much later a WebSocket on
 * the other instance gets each progress message than one on the instance running the scan.
 */
@Tag("slow")
@EnabledIfSystemProperty(named = "lcscanner.cluster.figures", matches = "true")
class ClusterFigures {
    @TempDir
    Path dir;

    /** Twelve LC scans of the embedded market (3,000 tickers), six-month windows sliding by a month. */
    private static List<String> mix() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int from = 1 + i % 12;
            out.add(String.format("{\"start_date\":\"2024-%02d-01\",\"end_date\":\"2025-%02d-28\",\"intraday\":false}", from, from));
        }
        return out;
    }

    private TestServer instance(String name, PostgresServer.Database db, BarSource source) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("SCANNER_DATABASE_URL", db.url(), "SCANNER_DATABASE_USER", db.user(),
                "SCANNER_DATABASE_PASSWORD", db.password(), "SCANNER_INSTANCE_ID", name, "MAX_CONCURRENT_SCANS", "2",
                "MAX_QUEUED_SCANS", "100"));
        return TestServer.start(dir.resolve(name), source, env, Duration.ofMinutes(10));
    }

    @Test
    void throughputWithOneAndTwoInstances() throws Exception {
        SyntheticMarket market = new SyntheticMarket(42, 3000);
        for (int instances = 1; instances <= 2; instances++) {
            PostgresServer.Database db = PostgresServer.shared().newDatabase();
            List<TestServer> servers = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                servers.add(instance("i" + i, db, market));
            }
            try (Nginx nginx = Nginx.start(servers.stream().map(s -> "127.0.0.1:" + s.base.getPort()).toList())) {
                runMix(servers.get(0), nginx); // warm-up: class loading and JIT
                long t0 = System.nanoTime();
                int n = runMix(servers.get(0), nginx);
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("throughput: %d instance(s): %d scans in %.1f s = %.1f scans/min%n", instances, n, seconds,
                        n * 60 / seconds);
            } finally {
                servers.forEach(TestServer::close);
            }
        }
    }

    private static int runMix(TestServer any, Nginx nginx) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String body : mix()) {
            HttpResponse<String> r = any.http.send(HttpRequest.newBuilder(nginx.baseUri().resolve("/api/scan/execute"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            ids.add(TestServer.json(r).path("scan_id").asText());
        }
        for (String id : ids) {
            JsonNode end = any.awaitFinal(id, Duration.ofMinutes(10));
            if (!end.path("status").asText().equals("completed")) {
                throw new AssertionError(end.toString());
            }
        }
        return ids.size();
    }

    @Test
    void progressLatencyAcrossInstances() throws Exception {
        PostgresServer.Database db = PostgresServer.shared().newDatabase();
        BarSource slow = new SlowSource(new SyntheticMarket(11, 200), 40);
        try (TestServer a = instance("a", db, slow); TestServer b = instance("b", db, slow)) {
            List<Double> lags = new ArrayList<>();
            for (int run = 0; run < 5; run++) {
                String id = a.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-06-30\"}");
                String runner = a.awaitProgress(id, Duration.ofMinutes(1), p -> p.hasNonNull("instance")).path("instance").asText();
                TestServer here = runner.equals("a") ? a : b, other = runner.equals("a") ? b : a;
                Timed near = Timed.connect(here, id), far = Timed.connect(other, id);
                Map<Integer, Long> seen = near.read();
                Map<Integer, Long> seenFar = far.read();
                seenFar.forEach((processed, t) -> {
                    Long first = seen.get(processed);
                    if (first != null && processed > 0) {
                        lags.add((t - first) / 1e6);
                    }
                });
            }
            lags.sort(Double::compare);
            System.out.printf("progress latency across instances: %d messages, median %.0f ms, p90 %.0f ms, max %.0f ms%n",
                    lags.size(), lags.get(lags.size() / 2), lags.get(lags.size() * 9 / 10), lags.get(lags.size() - 1));
        }
    }

    /** A WebSocket that notes when each processed-tickers count first arrived. */
    private static final class Timed implements java.net.http.WebSocket.Listener {
        private final BlockingQueue<Object[]> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        static Timed connect(TestServer s, String id) throws Exception {
            Timed t = new Timed();
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(java.net.URI.create("ws://127.0.0.1:" + s.base.getPort() + "/ws/scan/" + id), t).get(10, TimeUnit.SECONDS);
            return t;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(new Object[] {System.nanoTime(), partial.toString()});
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int code, String reason) {
            messages.add(new Object[] {0L, null});
            return null;
        }

        Map<Integer, Long> read() throws InterruptedException {
            Map<Integer, Long> out = new HashMap<>();
            while (true) {
                Object[] m = messages.poll(2, TimeUnit.MINUTES);
                if (m == null || m[1] == null) {
                    return out;
                }
                JsonNode d = TestServer.json((String) m[1]).path("data");
                out.putIfAbsent(d.path("processed_tickers").asInt(), (Long) m[0]);
            }
        }
    }
}
