package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.cli.Logging;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With SCANNER_API_TOKEN set, /api/* (but health), /ws/* and /metrics need the bearer token. */
class AuthTest {
    @TempDir
    Path dir;

    private static HttpResponse<String> raw(TestServer s, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(s.base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return s.http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void tokenIsRequiredWhenSet() throws Exception {
        String token = "s3cret-token";
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(1, 20), Map.of("SCANNER_API_TOKEN", token),
                Duration.ofMinutes(5))) {
            String id = s.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-01-31\"}");
            s.awaitFinal(id, Duration.ofSeconds(30));
            List<String[]> protectedRoutes = List.of(
                    new String[] {"GET", "/api/scan/list"}, new String[] {"POST", "/api/scan/execute"},
                    new String[] {"GET", "/api/scan/progress/" + id}, new String[] {"GET", "/api/scan/results/" + id},
                    new String[] {"GET", "/api/scan/stream/" + id}, new String[] {"GET", "/api/scan/universe"},
                    new String[] {"DELETE", "/api/scan/" + id}, new String[] {"GET", "/metrics"},
                    new String[] {"GET", "/ws/scan/" + id}, new String[] {"GET", "/api/unknown"});
            for (String[] route : protectedRoutes) {
                for (String auth : new String[] {null, "Bearer wrong", "Bearer " + token + "x", token, "Basic " + token}) {
                    HttpResponse<String> r = raw(s, route[0], route[1], auth);
                    assertThat(ErrorsTest.error(r, 401).path("code").asText()).as(route[1]).isEqualTo("unauthorized");
                    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
                }
            }
            assertThat(raw(s, "GET", "/api/health", null).statusCode()).isEqualTo(200);
            assertThat(raw(s, "GET", "/openapi.json", null).statusCode()).isEqualTo(200);
            assertThat(raw(s, "GET", "/api/scan/list", "Bearer " + token).statusCode()).isEqualTo(200);
            assertThat(raw(s, "GET", "/metrics", "Bearer " + token).statusCode()).isEqualTo(200);
            assertThat(raw(s, "GET", "/api/scan/progress/" + id, "Bearer " + token).body()).doesNotContain(token);

            URI ws = URI.create("ws://" + s.base.getHost() + ":" + s.base.getPort() + "/ws/scan/" + id);
            assertThatThrownBy(() -> s.http.newWebSocketBuilder().buildAsync(ws, new WsClient()).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
            WsClient ok = WsClient.connect(s, id); // sends the token
            assertThat(ok.readAll(Duration.ofSeconds(10))).hasSize(1);
        }
    }

    @Test
    void noTokenNeededWhenUnset() throws Exception {
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(1, 20))) {
            assertThat(raw(s, "GET", "/api/scan/list", null).statusCode()).isEqualTo(200);
            assertThat(raw(s, "GET", "/metrics", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theSchemeIsCaseInsensitive() throws Exception {
        String token = "s3cret-token";
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(1, 20), Map.of("SCANNER_API_TOKEN", token),
                Duration.ofMinutes(5))) {
            for (String scheme : new String[] {"Bearer", "bearer", "BEARER", "bEaReR"}) {
                assertThat(raw(s, "GET", "/api/scan/list", scheme + " " + token).statusCode()).as(scheme).isEqualTo(200);
            }
            assertThat(raw(s, "GET", "/api/scan/list", "bearer " + token.toUpperCase()).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aBrowserWebSocketCarriesTheTokenInItsSubprotocolsAndItIsNeverLogged() throws Exception {
        String token = "tok-3f9a/+=secret";
        String encoded = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(token.getBytes());
        Path logs = dir.resolve("logs");
        System.setProperty("lcscanner.log.console", "OFF");
        Logging.configureServer(logs, "DEBUG");
        try (TestServer s = TestServer.start(dir.resolve("results"), new SyntheticMarket(1, 20),
                Map.of("SCANNER_API_TOKEN", token), Duration.ofMinutes(5))) {
            String id = s.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-01-31\"}");
            s.awaitFinal(id, Duration.ofSeconds(30));

            WsClient ws = WsClient.connectWithSubprotocol(s, id, token);
            assertThat(ws.socket.getSubprotocol()).isEqualTo("lcscanner"); // never the one carrying the token
            List<String> messages = ws.readAll(Duration.ofSeconds(10));
            assertThat(messages).hasSize(1);
            assertThat(TestServer.json(messages.get(0)).path("type").asText()).isEqualTo("completed");

            assertThatThrownBy(() -> WsClient.connectWithSubprotocol(s, id, token + "x"))
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
            // the subprotocol is for WebSockets only: it opens nothing else
            HttpResponse<String> list = s.http.send(HttpRequest.newBuilder(s.base.resolve("/api/scan/list"))
                    .header("Sec-WebSocket-Protocol", "lcscanner, lcscanner.bearer." + encoded).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(list.statusCode()).isEqualTo(401);
        } finally {
            Logging.load("logback-test.xml");
            System.clearProperty("lcscanner.log.console");
        }
        for (String file : new String[] {"scanner_api.log", "scanner_app.log", "scanner_errors.log"}) {
            if (java.nio.file.Files.exists(logs.resolve(file))) {
                assertThat(java.nio.file.Files.readString(logs.resolve(file))).as(file)
                        .doesNotContain(token).doesNotContain(encoded);
            }
        }
        assertThat(java.nio.file.Files.readString(logs.resolve("scanner_api.log"))).contains("GET /ws/scan/{scan_id} 101").contains("GET auth 401");
    }
}
