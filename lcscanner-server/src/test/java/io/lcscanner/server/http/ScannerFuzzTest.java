package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.HitSchema;
import io.lcscanner.core.RandomDocuments;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * 1,000 random and mutated scanner documents and expressions (seeded: the same every run), each sent to
 * {@code POST /api/scanners/validate} and inline to {@code POST /api/scan/execute}: no 5xx, no hang, the
 * server's own compile time under 100 ms, the two endpoints agreeing on every document, every problem named
 * by key and position in words, and every accepted document scanning to completion with its own columns.
 */
@Tag("slow")
class ScannerFuzzTest {
    private static final long SEED = 20_251_201L;
    private static final String WINDOW = "\"start_date\":\"2025-01-02\",\"end_date\":\"2025-03-31\"";

    @TempDir
    Path dir;

    @Test
    void randomAndMutatedDocumentsGetClearAnswersFastAndTheGoodOnesScan() throws Exception {
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(3, 4), Map.of("MAX_CONCURRENT_SCANS", "2",
                "MAX_QUEUED_SCANS", "5000"), Duration.ofMinutes(5))) {
            RandomDocuments docs = new RandomDocuments(new SplittableRandom(SEED));
            List<String> seeds = new ArrayList<>(docs.seeds());
            for (String example : List.of("gap_and_go", "backside_fade", "quiet_base_breakout")) {
                seeds.add(ScannersApiTest.example(example));
            }
            for (int k = 0; k < 30; k++) { // class loading and a first JIT pass out of the timings
                s.post("/api/scanners/validate", docs.document(k, seeds));
            }
            Map<String, ScannerDefinition> accepted = new LinkedHashMap<>();
            int[] refused = {0};
            Assertions.assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
                for (int k = 0; k < 1000; k++) {
                    String doc = docs.document(k, seeds);
                    boolean valid = validate(s, k, doc);
                    String id = execute(s, k, doc, valid);
                    if (id != null) {
                        accepted.put(id, ScannerDefinition.parse(doc));
                    } else {
                        refused[0]++;
                    }
                }
            });
            // both outcomes well represented, or the test would mean little
            assertThat(accepted.size()).as("documents accepted").isGreaterThan(150);
            assertThat(refused[0]).as("documents refused").isGreaterThan(500);

            for (Map.Entry<String, ScannerDefinition> e : accepted.entrySet()) {
                JsonNode p = s.awaitFinal(e.getKey(), Duration.ofMinutes(3));
                assertThat(p.path("status").asText()).as("scan of %s: %s", e.getValue().json(), p).isEqualTo("completed");
                JsonNode results = TestServer.json(s.get("/api/scan/results/" + e.getKey()));
                // the document's key, patterns and columns (and the premarket fields when it has that stage)
                List<String> expected = HitSchema.of(e.getValue(), true, false).names();
                List<String> columns = new ArrayList<>();
                results.path("columns").forEach(c -> columns.add(c.path("name").asText()));
                assertThat(columns).as(e.getValue().json()).containsExactlyElementsOf(expected);
            }
        }
    }

    /** Validates {@code doc}: 200 with a verdict; a slow compile is retried (a pause of the shared machine is not). */
    private static boolean validate(TestServer s, int k, String doc) {
        double ms = Double.MAX_VALUE;
        JsonNode verdict = null;
        for (int attempt = 0; attempt < 3 && ms >= 100; attempt++) {
            HttpResponse<String> r = post(s, k, "/api/scanners/validate", doc);
            assertThat(r.statusCode()).as("case %d: %s\n%s", k, r.body(), doc).isEqualTo(200);
            verdict = TestServer.json(r);
            ms = Math.min(ms, verdict.path("compile_ms").asDouble(Double.MAX_VALUE));
        }
        assertThat(ms).as("case %d took %s ms to check and compile:\n%s", k, ms, doc).isLessThan(100);
        boolean valid = verdict.path("valid").asBoolean();
        assertThat(verdict.path("errors").isEmpty()).as("case %d: %s", k, verdict).isEqualTo(valid);
        for (JsonNode e : verdict.path("errors")) {
            assertThat(e.path("key").isTextual()).isTrue();
            assertThat(e.path("position").asInt(-1)).isGreaterThanOrEqualTo(0);
            assertThat(e.path("message").asText()).isNotBlank().doesNotContain("Exception", "io.lcscanner", "com.fasterxml");
        }
        return valid;
    }

    /** A request that gets no answer within the client's time-out fails the test with the server's threads. */
    private static HttpResponse<String> post(TestServer s, int k, String path, String body) {
        try {
            return s.post(path, body);
        } catch (RuntimeException e) {
            throw new AssertionError("case " + k + ": no answer from " + path + " (" + e + "; requests in flight on "
                    + "the server: " + s.server.activeRequests() + ") for\n" + body + "\n" + TestServer.threadDump(), e);
        }
    }

    /**
     * Starts a scan of {@code doc} inline (a document that is not a JSON object goes as a name): accepted exactly
     * when validation said it is valid. Returns the scan's id, or null when refused.
     */
    private static String execute(TestServer s, int k, String doc, boolean valid) {
        JsonNode scanner;
        try {
            scanner = Json.MAPPER.readTree(doc);
        } catch (Exception notJson) {
            scanner = null;
        }
        String body = "{" + WINDOW + ",\"scanner\":" + (scanner != null && scanner.isObject() ? Json.text(scanner)
                : Json.text(doc)) + "}";
        HttpResponse<String> r = post(s, k, "/api/scan/execute", body);
        assertThat(r.statusCode()).as("case %d: %s\n%s", k, r.body(), doc).isLessThan(500);
        JsonNode answer = TestServer.json(r);
        if (!valid) {
            assertThat(r.statusCode()).as("case %d: %s\n%s", k, r.body(), doc).isEqualTo(400);
            JsonNode error = answer.path("error");
            assertThat(error.path("code").asText()).isIn("invalid_scanner", "unknown_scanner", "malformed_json");
            assertThat(error.path("message").asText()).doesNotContain("Exception", "io.lcscanner", "com.fasterxml");
            return null;
        }
        assertThat(r.statusCode()).as("case %d: %s\n%s", k, r.body(), doc).isEqualTo(200);
        return answer.path("scan_id").asText();
    }
}
