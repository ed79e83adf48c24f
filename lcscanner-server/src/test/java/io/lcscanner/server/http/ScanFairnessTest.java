package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.fixtures.Nginx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clients told apart by their address (127.0.0.1 and 127.0.0.2, both loopback on Linux), or behind a trusted
 * proxy by the address it forwards for: the first cannot take both slots, the second's scan starts at once in the
 * slot left free.
 */
@EnabledOnOs(OS.LINUX)
class ScanFairnessTest {
    private static final String WINDOW = "{\"start_date\":\"2025-01-02\",\"end_date\":\"2025-06-30\",\"intraday\":false}";

    @TempDir
    Path dir;

    @Test
    void aClientGetsTheSlotAnotherClientCannotTake() throws Exception {
        try (TestServer s = twoSlots(Map.of())) {
            JsonNode a1 = execute(s.base, "127.0.0.1", null);
            JsonNode a2 = execute(s.base, "127.0.0.1", null);
            assertThat(status(a1)).isEqualTo("running");
            assertThat(status(a2)).as("a slot is free, but this client has its share").isEqualTo("queued");
            JsonNode b1 = execute(s.base, "127.0.0.2", null);
            assertThat(status(b1)).as("another client").isEqualTo("running");
            JsonNode health = TestServer.json(s.get("/api/health"));
            assertThat(health.path("active_scans").asInt()).isEqualTo(2);
            assertThat(health.path("queued_scans").asInt()).isEqualTo(1);
            assertCompleted(s, a1, a2, b1);
        }
    }

    @Test
    void behindATrustedProxyClientsAreToldApartByTheAddressItForwardsFor() throws Exception {
        // every request comes from the proxy (127.0.0.1), which appends the address it saw, as nginx does
        try (TestServer s = twoSlots(Map.of("SCANNER_TRUSTED_PROXIES", "127.0.0.1"))) {
            JsonNode a1 = execute(s.base, "127.0.0.1", "203.0.113.7");
            JsonNode a2 = execute(s.base, "127.0.0.1", "203.0.113.7");
            // client .7 writes a header of its own naming .8; the proxy appends .7 after it
            JsonNode a3 = execute(s.base, "127.0.0.1", "203.0.113.8, 203.0.113.7");
            assertThat(status(a1)).isEqualTo("running");
            assertThat(status(a2)).as("the same client behind the proxy").isEqualTo("queued");
            assertThat(status(a3)).as("the same client, whatever it wrote").isEqualTo("queued");
            JsonNode b1 = execute(s.base, "127.0.0.1", "203.0.113.8");
            assertThat(status(b1)).as("another client behind the same proxy").isEqualTo("running");
            assertCompleted(s, a1, a2, a3, b1);
        }
    }

    @Test
    void aHeaderFromAnUntrustedPeerIsIgnored() throws Exception {
        try (TestServer s = twoSlots(Map.of("SCANNER_TRUSTED_PROXIES", "127.0.0.1"))) {
            JsonNode a1 = execute(s.base, "127.0.0.2", "203.0.113.7");
            JsonNode a2 = execute(s.base, "127.0.0.2", "203.0.113.8");
            assertThat(status(a1)).isEqualTo("running");
            assertThat(status(a2)).as("127.0.0.2 is not a proxy: one client").isEqualTo("queued");
            assertCompleted(s, a1, a2);
        }
    }

    @Test
    void clientsBehindTheRepositorysNginxConfigurationGetAShareEach() throws Exception {
        // Debian's nginx on deploy/nginx/lcscanner.conf, reached from two client addresses; it sets X-Forwarded-For
        try (TestServer s = twoSlots(Map.of("SCANNER_TRUSTED_PROXIES", "127.0.0.1"));
             Nginx nginx = Nginx.start(List.of("127.0.0.1:" + s.base.getPort()))) {
            JsonNode a1 = execute(nginx.baseUri(), "127.0.0.2", null);
            JsonNode a2 = execute(nginx.baseUri(), "127.0.0.2", "127.0.0.3"); // a header of its own changes nothing
            JsonNode b1 = execute(nginx.baseUri(), "127.0.0.3", null);
            assertThat(status(a1)).isEqualTo("running");
            assertThat(status(a2)).as("the same client through nginx\n" + nginx.log()).isEqualTo("queued");
            assertThat(status(b1)).as("another client through the same nginx\n" + nginx.log()).isEqualTo("running");
            assertCompleted(s, a1, a2, b1);
        }
    }

    /** A server with two scan slots and scans slow enough to be seen running and queued. */
    private TestServer twoSlots(Map<String, String> env) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("MAX_CONCURRENT_SCANS", "2");
        return TestServer.start(dir, new SlowSource(new SyntheticMarket(3, 40), 25), all, Duration.ofMinutes(5));
    }

    private static String status(JsonNode execute) {
        return execute.path("status").asText();
    }

    private static void assertCompleted(TestServer s, JsonNode... executed) {
        for (JsonNode r : executed) {
            assertThat(s.awaitFinal(r.path("scan_id").asText(), Duration.ofSeconds(60)).path("status").asText())
                    .isEqualTo("completed");
        }
    }

    /** POST /api/scan/execute from {@code localAddress}, on its own connection, with X-Forwarded-For if given. */
    private static JsonNode execute(URI base, String localAddress, String forwardedFor) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/scan/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + (forwardedFor == null ? "" : "X-Forwarded-For: " + forwardedFor + "\r\n")
                    + "Connection: close\r\nContent-Length: " + WINDOW.length() + "\r\n\r\n" + WINDOW)
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(response);
            String text = response.toString(StandardCharsets.UTF_8);
            assertThat(text).startsWith("HTTP/1.1 200");
            return TestServer.json(text.substring(text.indexOf("\r\n\r\n") + 4));
        }
    }
}
