package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import io.lcscanner.core.source.CsvBarSource;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers every response carries, errors from inside a handler included; the documentation pages' content
 * security policies; a bad percent-encoding answered with a JSON body.
 */
class EdgeHeadersTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, new CsvBarSource(Golden.file("bars.csv")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }

    @Test
    void nosniffAndNoReferrerOnEveryAnswerErrorsFromHandlersIncluded() {
        for (String path : List.of("/", "/redoc", "/docs/", "/openapi.json", "/api/health", "/api/scan/list",
                "/api/bars/KK?from=2024-07-01&to=2024-07-05",
                // errors written from inside handlers, after their headers were cleared
                "/api/bars/KK?from=2024-07-01", "/api/bars/KK?from=2024-07-01&to=2024-07-05&rounding=up",
                "/api/scan/results/scan_20250101_000000_0123abcd", "/api/scan/results/scan_20250101_000000_0123abcd/export",
                "/api/scanners/nobody", "/no/such/route")) {
            HttpResponse<String> r = server.get(path);
            assertThat(header(r, "X-Content-Type-Options")).as(path + " " + r.statusCode()).isEqualTo("nosniff");
            assertThat(header(r, "Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
    }

    @Test
    void theDocumentationPagesHaveAContentSecurityPolicyThatForbidsFraming() {
        for (String path : List.of("/redoc", "/docs/", "/")) {
            String policy = header(server.get(path), "Content-Security-Policy");
            assertThat(policy).as(path).contains("frame-ancestors 'none'").contains("default-src 'self'")
                    .contains("img-src 'self' data:").doesNotContain("http");
        }
        // ReDoc's search runs in a worker made from a blob
        assertThat(header(server.get("/redoc"), "Content-Security-Policy")).contains("worker-src 'self' blob:");
        // Swagger UI asks no validator on swagger.io for a badge
        assertThat(server.get("/docs/swagger-initializer.js").body()).contains("validatorUrl: null");
    }

    @Test
    void aBadPercentEncodingIsAJson400() throws Exception {
        for (String target : List.of("/api/scan/list?x=%zz", "/api/scan/%zz", "/api/bars/KK?from=%2", "/api/scanners/%G1")) {
            try (RawClient c = RawClient.connect(server.base, Duration.ofSeconds(10))) {
                c.write(RawClient.get(target, "Connection: close"));
                String head = c.readHead();
                assertThat(RawClient.status(head)).as(target).isEqualTo(400);
                assertThat(head).containsIgnoringCase("Content-Type: application/json").contains("nosniff");
                String body = new String(c.readToEnd(4096), StandardCharsets.UTF_8);
                assertThat(TestServer.json(body).at("/error/code").asText()).as(target).isEqualTo("request_target");
                assertThat(body).contains("percent-encoding");
            }
        }
        // well-formed encodings still reach the route decoded
        HttpResponse<String> r = server.get("/api/bars/K%4B?from=2024%2D07%2D01&to=2024-07-05");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestServer.json(r).path("ticker").asText()).isEqualTo("KK");
    }
}
