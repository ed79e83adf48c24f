package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.server.fixtures.Nginx;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's nginx on the repository's {@code deploy/nginx/lcscanner.conf} in front of two server instances (each
 * with its own file store): load balancing, progress streams passed through as they are written, gzip, the body
 * limit and the Host check of the server behind it.
 */
@Tag("slow")
class NginxProxyTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String WINDOW = "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-06-30\"}";

    @TempDir
    static Path dir;
    static TwoInstances pair;
    static TestServer a;
    static TestServer b;
    static Nginx nginx;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        pair = TwoInstances.start(dir, name -> Map.of());
        a = pair.a;
        b = pair.b;
        nginx = pair.nginx;
    }

    @AfterAll
    static void stop() {
        if (pair != null) {
            pair.close();
        }
    }

    private static HttpResponse<byte[]> send(HttpRequest.Builder r) throws IOException, InterruptedException {
        return http.send(r.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String submitThroughNginx() throws Exception {
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(nginx.baseUri().resolve("/api/scan/execute"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(WINDOW)));
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8) + nginx.log()).isEqualTo(200);
        return TestServer.json(new String(r.body(), StandardCharsets.UTF_8)).path("scan_id").asText();
    }

    /** The instance that stores scan {@code id} (file stores are not shared). */
    private static TestServer owner(String id) {
        return a.get("/api/scan/progress/" + id).statusCode() == 200 ? a : b;
    }

    @Test
    void requestsAreSpreadOverBothInstances() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(submitThroughNginx());
        }
        long onA = ids.stream().filter(id -> a.get("/api/scan/progress/" + id).statusCode() == 200).count();
        long onB = ids.stream().filter(id -> b.get("/api/scan/progress/" + id).statusCode() == 200).count();
        assertThat(onA + onB).isEqualTo(4);
        assertThat(onA).isPositive();
        assertThat(onB).isPositive();
        for (String id : ids) {
            owner(id).awaitFinal(id, WAIT);
        }
    }

    @Test
    void webSocketProgressPassesThroughAsItHappens() throws Exception {
        String id = submitThroughNginx();
        TestServer owner = owner(id);
        // the other instance has no such scan and refuses the upgrade: the next attempt goes to the other one
        WsClient ws = null;
        for (int attempt = 0; ws == null && attempt < 4; attempt++) {
            try {
                ws = WsClient.connect(http, nginx.baseUri(), id);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(java.net.http.WebSocketHandshakeException.class);
            }
        }
        assertThat(ws).as("a WebSocket through nginx").isNotNull();
        JsonNode first = TestServer.json(ws.next(WAIT));
        // the first message came while the scan still runs: nothing held it back
        assertThat(owner.get("/api/scan/progress/" + id).body()).contains("\"status\":\"running\"");
        List<String> rest = ws.readAll(WAIT);
        assertThat(first.path("type").asText()).isEqualTo("progress");
        assertThat(rest).hasSizeGreaterThanOrEqualTo(2);
        JsonNode last = TestServer.json(rest.get(rest.size() - 1));
        assertThat(last.path("type").asText()).isEqualTo("completed");
        assertThat(last.path("data").path("processed_tickers").asInt()).isEqualTo(100);
        assertThat(ws.closeCode.get()).isEqualTo(1000);
    }

    @Test
    void serverSentEventsPassThroughAsTheyHappen() throws Exception {
        String id = submitThroughNginx();
        TestServer owner = owner(id);
        SseReader sse = null;
        for (int attempt = 0; attempt < 4; attempt++) {
            SseReader r = SseReader.open(http, nginx.baseUri().resolve("/api/scan/stream/" + id));
            if (r.status() == 200) {
                sse = r;
                break;
            }
            r.close();
        }
        assertThat(sse).as("an event stream through nginx").isNotNull();
        assertThat(sse.contentType()).startsWith("text/event-stream");
        SseReader.Event first = sse.next(WAIT);
        assertThat(owner.get("/api/scan/progress/" + id).body()).contains("\"status\":\"running\"");
        assertThat(first.type()).isEqualTo("progress");
        List<SseReader.Event> rest = sse.readAll(WAIT);
        assertThat(rest).isNotEmpty();
        assertThat(rest.get(rest.size() - 1).type()).isEqualTo("completed");
    }

    @Test
    void jsonIsGzippedByNginx() throws Exception {
        HttpResponse<byte[]> direct = send(HttpRequest.newBuilder(a.base.resolve("/openapi.json")).header("Accept-Encoding", "gzip"));
        assertThat(direct.headers().firstValue("Content-Encoding")).as("the server itself does not compress it").isEmpty();
        HttpResponse<byte[]> proxied = send(HttpRequest.newBuilder(nginx.baseUri().resolve("/openapi.json")).header("Accept-Encoding", "gzip"));
        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(proxied.headers().firstValue("Content-Encoding")).hasValue("gzip");
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(proxied.body())).readAllBytes();
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(new String(direct.body(), StandardCharsets.UTF_8));
        assertThat(proxied.body().length).isLessThan(direct.body().length / 3);
    }

    @Test
    void aBodyOverTheServersLimitIsRefusedByNginxAndOneAtTheLimitReachesTheServer() throws Exception {
        int limit = RequestBody.MAX_BYTES;
        HttpResponse<byte[]> over = send(HttpRequest.newBuilder(nginx.baseUri().resolve("/api/scan/execute"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(new byte[limit + 1])));
        assertThat(over.statusCode()).isEqualTo(413);
        JsonNode error = TestServer.json(new String(over.body(), StandardCharsets.UTF_8));
        assertThat(error.path("error").path("code").asText()).isEqualTo("body_too_large");
        assertThat(over.headers().firstValue("Content-Type")).hasValue("application/json");

        byte[] atLimit = new byte[limit];
        java.util.Arrays.fill(atLimit, (byte) ' ');
        HttpResponse<byte[]> at = send(HttpRequest.newBuilder(nginx.baseUri().resolve("/api/scan/execute"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(atLimit)));
        // the server read it and found no JSON in it: a 400 of the server's, not nginx's 413
        assertThat(at.statusCode()).as(new String(at.body(), StandardCharsets.UTF_8)).isEqualTo(400);
        assertThat(TestServer.json(new String(at.body(), StandardCharsets.UTF_8)).path("error").path("code").asText())
                .isEqualTo("invalid_request");
    }

    @Test
    void theServerBehindNginxSeesTheClientsHostAndRefusesAForeignOne() throws Exception {
        assertThat(rawStatus(nginx.baseUri(), "evil.example")).isEqualTo(421);
        assertThat(rawStatus(nginx.baseUri(), "127.0.0.1:" + nginx.port())).isEqualTo(200);
        assertThat(rawStatus(nginx.baseUri(), "localhost")).isEqualTo(200);
    }

    private static int rawStatus(URI base, String host) throws IOException {
        try (RawClient c = RawClient.connect(base, Duration.ofSeconds(20))) {
            c.write("GET /api/scan/list HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            return RawClient.status(c.readHead());
        }
    }
}
