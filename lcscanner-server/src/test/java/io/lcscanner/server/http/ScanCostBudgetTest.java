package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCANNER_MAX_SCAN_COST: a document estimated above the budget (operations per bar) is refused with 422
 * naming the estimate and the budget, when stored and when executed (with the request's params), and
 * validation reports the estimate. Costs counted by hand: 200 patterns {@code sum(c, 800 + i) > 1} load c
 * once (1), add 800 + i values a bar each (Σ = 200·800 + 19,900) and compare each once (200): 179,901 + 200.
 */
class ScanCostBudgetTest {
    private static final long HEAVY = 1 + 200L * 800 + 199 * 200 / 2 + 200;

    @TempDir
    Path dir;

    private static String heavy() {
        StringBuilder patterns = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            patterns.append(i == 0 ? "" : ", ").append("\"p").append(i).append("\": \"sum(c, ").append(800 + i).append(") > 1\"");
        }
        return "{\"name\": \"heavy\", \"patterns\": {" + patterns + "}}";
    }

    private static JsonNode refused(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        JsonNode e = TestServer.json(r).path("error");
        assertThat(e.path("code").asText()).isEqualTo("scan_too_expensive");
        return e;
    }

    @Test
    void aDocumentOverTheDefaultBudgetIsRefusedAtStoreAndExecuteAndValidateReportsItsCost() throws Exception {
        Path scanners = dir.resolve("scanners");
        try (TestServer s = TestServer.start(dir.resolve("results"), new SyntheticMarket(1, 5),
                Map.of("SCANNER_SCANNERS_DIR", scanners.toString()), Duration.ofMinutes(5))) {
            JsonNode v = TestServer.json(s.post("/api/scanners/validate", heavy()));
            assertThat(v.path("valid").asBoolean()).isTrue();
            assertThat(v.path("cost").asLong()).isEqualTo(HEAVY);
            assertThat(v.path("max_cost").asLong()).isEqualTo(100_000);

            JsonNode stored = refused(s.put("/api/scanners/heavy", heavy()));
            assertThat(stored.path("message").asText()).isEqualTo("the scanner's estimated cost is " + HEAVY
                    + " operations per bar, over this server's budget of 100000 (SCANNER_MAX_SCAN_COST); use fewer or "
                    + "shorter windows");
            assertThat(Files.exists(scanners.resolve("heavy.json"))).isFalse();

            JsonNode executed = refused(s.post("/api/scan/execute", "{\"scanner\": " + heavy()
                    + ", \"start_date\": \"2024-01-02\", \"end_date\": \"2024-03-28\"}"));
            assertThat(executed.path("field").asText()).isEqualTo("scanner");
            assertThat(executed.path("message").asText()).contains(Long.toString(HEAVY)).contains("100000");
            assertThat(TestServer.json(s.get("/api/scan/list")).toString()).doesNotContain("heavy");

            // LC is far inside the default budget
            HttpResponse<String> lc = s.post("/api/scan/execute", "{\"start_date\": \"2024-01-02\", \"end_date\": \"2024-03-28\"}");
            assertThat(lc.statusCode()).as(lc.body()).isEqualTo(200);
        }
    }

    @Test
    void theBudgetIsConfigurableAndAWindowParamCountsAtItsRequestedValue() throws Exception {
        Path scanners = dir.resolve("scanners");
        try (TestServer s = TestServer.start(dir.resolve("results"), new SyntheticMarket(1, 5),
                Map.of("SCANNER_SCANNERS_DIR", scanners.toString(), "SCANNER_MAX_SCAN_COST", "500"), Duration.ofMinutes(5))) {
            // c (1), sum of 10 (10), the comparison (1)
            String windowed = "{\"name\": \"windowed\", \"params\": {\"n\": 10}, \"patterns\": {\"p\": \"sum(c, $n) > 1\"}}";
            assertThat(s.put("/api/scanners/windowed", windowed).statusCode()).isEqualTo(201);
            HttpResponse<String> small = s.post("/api/scan/execute", "{\"scanner\": \"windowed\", \"start_date\": "
                    + "\"2024-01-02\", \"end_date\": \"2024-03-28\"}");
            assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
            JsonNode big = refused(s.post("/api/scan/execute", "{\"scanner\": \"windowed\", \"params\": {\"n\": 1000}, "
                    + "\"start_date\": \"2024-01-02\", \"end_date\": \"2024-03-28\"}"));
            assertThat(big.path("message").asText()).startsWith("the scanner's estimated cost is 1002 operations per bar, "
                    + "over this server's budget of 500");
            JsonNode lc = refused(s.post("/api/scan/execute", "{\"start_date\": \"2024-01-02\", \"end_date\": \"2024-03-28\"}"));
            assertThat(lc.path("message").asText()).contains("budget of 500");
        }
    }
}
