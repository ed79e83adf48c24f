package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import io.lcscanner.core.source.CsvBarSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's files over HTTP: content types, caching headers, gzip, ReDoc, the vendored licences. */
class DashboardFilesTest {
    static final String CHARTS = "/ui/vendor/lightweight-charts-5.2.1/lightweight-charts.standalone.production.mjs";
    static final String REDOC = "/ui/vendor/redoc-2.5.4/redoc.standalone.js";

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        // with a token: the page and its files stay public, the API does not
        server = TestServer.start(dir, new CsvBarSource(Golden.file("bars.csv")), Map.of("SCANNER_API_TOKEN", "s3cret"),
                java.time.Duration.ofMinutes(1));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> raw(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.base.resolve(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return server.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }

    @Test
    void thePageIsHtmlAtTheRootWithoutAToken() {
        HttpResponse<byte[]> r = raw("/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("text/html; charset=utf-8");
        String html = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("<script type=\"module\" src=\"/ui/js/main.js\"></script>")
                .contains("https://www.tradingview.com/"); // the attribution the chart library's licence asks for
        assertThat(header(r, "Content-Security-Policy")).contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        // while the API needs the token
        assertThat(raw("/api/scan/list").statusCode()).isEqualTo(401);
    }

    @Test
    void scriptsAndStylesHaveTheirTypes() {
        assertThat(header(raw("/ui/js/main.js"), "Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(header(raw(CHARTS), "Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(header(raw("/ui/app.css"), "Content-Type")).isEqualTo("text/css; charset=utf-8");
        assertThat(header(raw("/ui/vendor/lightweight-charts-5.2.1/LICENSE"), "Content-Type")).startsWith("text/plain");
    }

    @Test
    void ownFilesRevalidateWithTheirETagAndDateVendoredOnesAreCachedForAYear() {
        HttpResponse<byte[]> first = raw("/ui/js/main.js");
        String etag = header(first, "ETag");
        assertThat(etag).matches("W/\"[0-9a-f]{24}\"");
        assertThat(header(first, "Cache-Control")).isEqualTo("no-cache");
        assertThat(header(first, "Last-Modified")).endsWith("GMT");
        HttpResponse<byte[]> again = raw("/ui/js/main.js", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(raw("/ui/js/main.js", "If-None-Match", "W/\"000000000000000000000000\"").statusCode()).isEqualTo(200);
        assertThat(raw("/ui/js/main.js", "If-Modified-Since", header(first, "Last-Modified")).statusCode()).isEqualTo(304);
        assertThat(raw("/ui/js/main.js", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").statusCode()).isEqualTo(200);
        // a different file, a different tag
        assertThat(header(raw("/ui/js/api.js"), "ETag")).isNotEqualTo(etag);

        HttpResponse<byte[]> vendor = raw(CHARTS);
        assertThat(header(vendor, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    }

    @Test
    void gzipWhenTheClientTakesItAndTheSameBytesOtherwise() throws IOException {
        HttpResponse<byte[]> plain = raw(CHARTS);
        HttpResponse<byte[]> zipped = raw(CHARTS, "Accept-Encoding", "gzip");
        assertThat(header(plain, "Content-Encoding")).isEmpty();
        assertThat(header(zipped, "Content-Encoding")).isEqualTo("gzip");
        assertThat(header(zipped, "Vary")).containsIgnoringCase("Accept-Encoding");
        byte[] unzipped;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            unzipped = in.readAllBytes();
        }
        assertThat(unzipped).isEqualTo(plain.body());
        assertThat(zipped.body().length).isLessThan(plain.body().length / 2);
        // the jar serves exactly the vendored file
        assertThat(plain.body()).isEqualTo(Files.readAllBytes(Golden.root().resolve(
                "lcscanner-server/src/main/resources/dashboard" + CHARTS.substring("/ui".length()))));
    }

    @Test
    void headAnswersWithoutABodyAndOtherMethodsAreRefused() throws Exception {
        HttpResponse<String> head = server.http.send(HttpRequest.newBuilder(server.base.resolve("/ui/app.css"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(header(head, "Content-Type")).isEqualTo("text/css; charset=utf-8");
        // a method no route has answers like an unknown route: 401 without the token (deny by default), 405 with it
        HttpResponse<String> post = server.http.send(HttpRequest.newBuilder(server.base.resolve("/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(401);
        post = server.http.send(HttpRequest.newBuilder(server.base.resolve("/")).header("Authorization", "Bearer s3cret")
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void nothingOutsideTheDashboardFolderIsServed() {
        for (String path : new String[] {"/ui/", "/ui/nothing.js", "/ui/js", "/ui/..%2Fopenapi.json", "/ui/.hidden",
                "/ui/js//main.js", "/ui/%2e%2e/logback.xml", "/index.html", "/ui/js/main.js.map"}) {
            // the token: an unknown path answers 401 without it (deny by default), 404 with it
            HttpResponse<byte[]> r = raw(path, "Authorization", "Bearer s3cret");
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(header(r, "Content-Type")).as(path).startsWith("application/json");
        }
    }

    @Test
    void redocRendersTheOpenApiDocumentFromTheVendoredBundle() {
        HttpResponse<byte[]> page = raw("/redoc");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(header(page, "Content-Type")).isEqualTo("text/html; charset=utf-8");
        String html = new String(page.body(), StandardCharsets.UTF_8);
        assertThat(html).contains("<redoc spec-url=\"/openapi.json\"").contains("src=\"" + REDOC + "\"");
        HttpResponse<byte[]> bundle = raw(REDOC);
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.body().length).isGreaterThan(500_000);
        assertThat(new String(raw("/ui/vendor/redoc-2.5.4/LICENSE").body(), StandardCharsets.UTF_8)).contains("MIT License");
        assertThat(new String(raw("/ui/vendor/lightweight-charts-5.2.1/LICENSE").body(), StandardCharsets.UTF_8))
                .contains("Apache License");
        assertThat(new String(raw("/ui/vendor/lightweight-charts-5.2.1/NOTICE").body(), StandardCharsets.UTF_8))
                .contains("TradingView, Inc.");
    }
}
