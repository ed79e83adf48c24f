package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.synthetic.SyntheticMarket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The token is checked on the route the router matches, whatever form the request-target takes: a raw client
 * sends every protected route in origin-form ({@code /api/…}), without the leading slash ({@code api/…}) and in
 * absolute-form ({@code http://host/api/…}), with and without the token. Only origin-form is served.
 */
class RequestTargetAuthTest {
    private static final String TOKEN = "s3cret-token";
    /** Never a scan of this server: destructive routes with the token answer 404, not a deletion. */
    private static final String NO_SCAN = "scan_20250101_000000_0123abcd";

    @TempDir
    Path dir;

    /** Every route that needs the token, by the README's rule (/api/* but health, /ws/*, /metrics). */
    private static List<String[]> protectedRoutes(String id) {
        return List.of(
                new String[] {"POST", "/api/scan/execute"},
                new String[] {"GET", "/api/scan/progress/" + id},
                new String[] {"GET", "/api/scan/results/" + id},
                new String[] {"GET", "/api/scan/results/" + id + "/export"},
                new String[] {"GET", "/api/scan/results/" + id + "/summary"},
                new String[] {"GET", "/api/scan/list"},
                new String[] {"POST", "/api/scan/" + NO_SCAN + "/cancel"},
                new String[] {"DELETE", "/api/scan/" + NO_SCAN},
                new String[] {"GET", "/api/scan/universe"},
                new String[] {"GET", "/api/scanners"},
                new String[] {"POST", "/api/scanners/validate"},
                new String[] {"GET", "/api/scanners/lc"},
                new String[] {"PUT", "/api/scanners/mine"},
                new String[] {"DELETE", "/api/scanners/nobody"},
                new String[] {"GET", "/api/bars/T0001?from=2025-01-02&to=2025-01-10"},
                new String[] {"GET", "/api/scan/stream/" + id},
                new String[] {"GET", "/ws/scan/" + id},
                new String[] {"GET", "/metrics"},
                new String[] {"GET", "/api/no-such-route"},
                new String[] {"PATCH", "/api/scan/list"});
    }

    private static String request(String method, String target, int port, boolean token, boolean webSocket) {
        StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n");
        if (token) {
            sb.append("Authorization: Bearer ").append(TOKEN).append("\r\n");
        }
        if (webSocket) {
            sb.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n");
        }
        if (!method.equals("GET")) {
            sb.append("Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
        } else {
            sb.append("\r\n");
        }
        return sb.toString();
    }

    private static String send(TestServer s, String text) throws IOException {
        try (RawClient c = RawClient.connect(s.base, Duration.ofSeconds(20))) {
            c.write(text);
            String head = c.readHead();
            if (RawClient.status(head) >= 400) {
                String body = new String(c.readToEnd(64 * 1024), StandardCharsets.UTF_8);
                return head + body;
            }
            return head;
        }
    }

    @Test
    void everyProtectedRouteNeedsTheTokenInEveryFormOfRequestTarget() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("results"), new SyntheticMarket(1, 20),
                Map.of("SCANNER_API_TOKEN", TOKEN), Duration.ofMinutes(5))) {
            String id = s.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-01-31\",\"outcomes\":true}");
            s.awaitFinal(id, Duration.ofSeconds(30));
            int port = s.base.getPort();
            List<String> failures = new ArrayList<>();
            for (String[] route : protectedRoutes(id)) {
                String method = route[0];
                String path = route[1];
                boolean ws = path.startsWith("/ws/");
                String[] forms = {path, path.substring(1), "http://127.0.0.1:" + port + path};
                for (String target : forms) {
                    boolean originForm = target.startsWith("/");
                    String without = send(s, request(method, target, port, false, ws));
                    int status = RawClient.status(without);
                    if (originForm ? status != 401 || !without.contains("\"unauthorized\"")
                            : status != 400 || !without.contains("\"request_target\"")) {
                        failures.add(method + " " + target + " without the token: " + firstLine(without));
                    }
                    String with = send(s, request(method, target, port, true, ws));
                    status = RawClient.status(with);
                    if (originForm ? status == 401 || status == 400 && with.contains("\"request_target\"")
                            : status != 400 || !with.contains("\"request_target\"")) {
                        failures.add(method + " " + target + " with the token: " + firstLine(with));
                    }
                }
            }
            assertThat(failures).isEmpty();
            // the token opens the routes in origin-form: a sample answered in full
            String list = send(s, request("GET", "/api/scan/list", port, true, false));
            assertThat(RawClient.status(list)).isEqualTo(200);
            assertThat(RawClient.status(send(s, request("GET", "/ws/scan/" + id, port, true, true)))).isEqualTo(101);
        }
    }

    @Test
    void publicRoutesAnswerWithoutTheTokenInOriginFormOnly() throws Exception {
        try (TestServer s = TestServer.start(dir.resolve("results"), new SyntheticMarket(1, 20),
                Map.of("SCANNER_API_TOKEN", TOKEN), Duration.ofMinutes(5))) {
            int port = s.base.getPort();
            for (String path : List.of("/api/health", "/openapi.json", "/docs/", "/", "/redoc")) {
                assertThat(RawClient.status(send(s, request("GET", path, port, false, false)))).as(path).isEqualTo(200);
                assertThat(RawClient.status(send(s, request("GET", path.substring(1), port, false, false))))
                        .as(path + " without the slash").isEqualTo(400);
            }
            assertThat(RawClient.status(send(s, request("OPTIONS", "*", port, false, false)))).isEqualTo(400);
        }
    }

    /** The table says which routes are public: exactly the documentation, the dashboard and health. */
    @Test
    void theRouteTableMakesPublicOnlyDocsDashboardAndHealth() {
        Set<String> open = new TreeSet<>();
        for (Routes.Route r : Routes.TABLE) {
            if (r.access() == Routes.Access.PUBLIC) {
                open.add(r.method() + " " + r.template());
            }
        }
        assertThat(open).containsExactlyInAnyOrder("GET /api/health", "GET /openapi.json", "GET /docs", "HEAD /docs",
                "GET /docs/*", "HEAD /docs/*", "GET /", "HEAD /", "GET /ui/*", "HEAD /ui/*", "GET /redoc",
                "HEAD /redoc");
    }

    private static String firstLine(String response) {
        int eol = response.indexOf('\r');
        String body = response.contains("\r\n\r\n") ? response.substring(response.indexOf("\r\n\r\n") + 4) : "";
        return (eol < 0 ? response : response.substring(0, eol)) + " " + body;
    }
}
