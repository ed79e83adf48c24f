package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In the default no-token mode a web page the user visits must not start scans (a text/plain or form POST
 * needs no CORS preflight), read results through DNS rebinding (its own host name pointing at 127.0.0.1),
 * or open a progress WebSocket.
 */
class CrossSiteTest {
    private static final String BODY = "{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-01-31\"}";

    @TempDir
    Path dir;

    /** One raw request on a new connection; returns status line, headers and body. */
    private static String raw(TestServer s, String request) throws IOException {
        try (RawClient c = RawClient.connect(s.base, Duration.ofSeconds(10))) {
            c.write(request);
            String head = c.readHead();
            Matcher m = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
            if (!m.find()) {
                return head;
            }
            int length = Integer.parseInt(m.group(1));
            StringBuilder body = new StringBuilder();
            while (body.length() < length) {
                body.append(new String(c.readSome(length - body.length()), StandardCharsets.UTF_8));
            }
            return head + body;
        }
    }

    private static String post(String path, String host, String contentType, String origin, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + (origin == null ? "" : "Origin: " + origin + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
    }

    private static JsonNode error(String response, int status) {
        assertThat(RawClient.status(response)).as(response).isEqualTo(status);
        assertThat(response).containsIgnoringCase("Content-Type: application/json");
        JsonNode j = TestServer.json(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(j.path("success").asBoolean(true)).as(response).isFalse();
        return j.path("error");
    }

    @Test
    void scanRequestsMustBeJson() throws Exception {
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(1, 20))) {
            String host = "127.0.0.1:" + s.base.getPort();
            for (String type : new String[] {null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                    "application/jsonx", "text/json"}) {
                JsonNode e = error(raw(s, post("/api/scan/execute", host, type, null, BODY)), 415);
                assertThat(e.path("code").asText()).as(type).isEqualTo("unsupported_media_type");
                assertThat(e.path("message").asText()).contains("application/json");
            }
            for (String type : new String[] {"application/json", "application/json; charset=utf-8", "Application/JSON"}) {
                assertThat(RawClient.status(raw(s, post("/api/scan/execute", host, type, null, BODY)))).as(type).isEqualTo(200);
            }
        }
    }

    @Test
    void onlyConfiguredHostNamesAreServed() throws Exception {
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(1, 20))) {
            int port = s.base.getPort();
            for (String host : new String[] {"evil.example:" + port, "evil.example", "127.0.0.1.nip.io:" + port, "localhost.evil:" + port}) {
                for (String path : new String[] {"/api/scan/list", "/api/health", "/metrics", "/openapi.json"}) {
                    JsonNode e = error(raw(s, RawClient.get(path, "Host: " + host.replace("\r", ""))
                            .replaceFirst("Host: 127.0.0.1\r\n", "")), 421);
                    assertThat(e.path("code").asText()).isEqualTo("misdirected_request");
                }
                error(raw(s, post("/api/scan/execute", host, "application/json", null, BODY)), 421);
                String ws = RawClient.upgrade("/ws/scan/scan_20250101_000000_00000000", "Host: " + host)
                        .replaceFirst("Host: 127.0.0.1\r\n", "");
                error(raw(s, ws), 421);
            }
            for (String host : new String[] {"localhost:" + port, "LOCALHOST:" + port, "127.0.0.1:" + port, "[::1]:" + port, "localhost"}) {
                String r = raw(s, RawClient.get("/api/health").replace("Host: 127.0.0.1", "Host: " + host));
                assertThat(RawClient.status(r)).as(host).isEqualTo(200);
            }
        }
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(1, 20), Map.of("SCANNER_ALLOWED_HOSTS", "scanner.lan, Desk"),
                Duration.ofMinutes(5))) {
            int port = s.base.getPort();
            assertThat(RawClient.status(raw(s, RawClient.get("/api/health").replace("127.0.0.1", "scanner.lan:" + port))))
                    .isEqualTo(200);
            assertThat(RawClient.status(raw(s, RawClient.get("/api/health").replace("127.0.0.1", "desk")))).isEqualTo(200);
            // the bind address is always allowed; the default names are replaced
            assertThat(RawClient.status(raw(s, RawClient.get("/api/health")))).isEqualTo(200);
            error(raw(s, RawClient.get("/api/health").replace("127.0.0.1", "localhost:" + port)), 421);
        }
    }

    @Test
    void crossOriginStateChangesAndWebSocketsAreRefused() throws Exception {
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(1, 20))) {
            int port = s.base.getPort();
            String host = "localhost:" + port;
            String id = s.execute(BODY);
            s.awaitFinal(id, Duration.ofSeconds(30));
            for (String origin : new String[] {"http://evil.example", "null", "http://localhost:" + (port + 1),
                    "https://localhost:" + port, "http://127.0.0.1:" + port}) {
                JsonNode e = error(raw(s, post("/api/scan/execute", host, "application/json", origin, BODY)), 403);
                assertThat(e.path("code").asText()).as(origin).isEqualTo("forbidden_origin");
                error(raw(s, post("/api/scan/" + id + "/cancel", host, null, origin, "")), 403);
                error(raw(s, "DELETE /api/scan/" + id + " HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin + "\r\n\r\n"), 403);
                error(raw(s, RawClient.upgrade("/ws/scan/" + id, "Origin: " + origin).replace("127.0.0.1", host)), 403);
            }
            // the same origin (the dashboard) and clients that send no Origin (curl, scripts) are served
            String same = "http://" + host;
            assertThat(RawClient.status(raw(s, post("/api/scan/execute", host, "application/json", same, BODY)))).isEqualTo(200);
            String upgraded = raw(s, RawClient.upgrade("/ws/scan/" + id, "Origin: " + same).replace("127.0.0.1", host));
            assertThat(RawClient.status(upgraded)).isEqualTo(101);
            assertThat(RawClient.status(raw(s, RawClient.upgrade("/ws/scan/" + id)))).isEqualTo(101);
            // reading is not a state change: a cross-origin GET is answered (the browser keeps it from the page)
            assertThat(RawClient.status(raw(s, RawClient.get("/api/scan/list", "Origin: http://evil.example")))).isEqualTo(200);
            assertThat(TestServer.json(s.get("/api/scan/progress/" + id)).path("status").asText()).isEqualTo("completed");
        }
    }
}
