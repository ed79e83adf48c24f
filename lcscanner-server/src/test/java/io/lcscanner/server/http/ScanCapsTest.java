package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SCANNER_MAX_HITS stops a scan with a clear failure; SCANNER_MAX_COLUMNS refuses a scanner up front. */
class ScanCapsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String EVERY_BAR = "{\"name\":\"every_bar\",\"patterns\":{\"up\":\"c > 0\"}}";

    @TempDir
    Path dir;

    @Test
    void aScanPastTheHitCapFailsSayingWhyAndAScannerWithTooManyColumnsIsRefused() throws Exception {
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(7, 40),
                Map.of("SCANNER_MAX_HITS", "500", "SCANNER_MAX_COLUMNS", "3"), Duration.ofMinutes(5))) {
            String big = s.execute("{\"start_date\":\"2024-06-03\",\"end_date\":\"2025-06-30\",\"intraday\":false,"
                    + "\"scanner\":" + EVERY_BAR + "}");
            JsonNode end = s.awaitFinal(big, WAIT);
            assertThat(end.path("status").asText()).isEqualTo("failed");
            assertThat(end.path("error").asText())
                    .isEqualTo("stopped at 500 hits (SCANNER_MAX_HITS): narrow the dates, the tickers or the scanner");
            assertThat(TestServer.json(s.get("/api/scan/results/" + big)).path("error").path("code").asText())
                    .isEqualTo("no_results");

            // a week of 40 tickers: under the cap, it completes
            String small = s.execute("{\"start_date\":\"2025-06-02\",\"end_date\":\"2025-06-06\",\"intraday\":false,"
                    + "\"scanner\":" + EVERY_BAR + "}");
            JsonNode done = s.awaitFinal(small, WAIT);
            assertThat(done.path("status").asText()).isEqualTo("completed");
            assertThat(done.path("results_found").asInt()).isBetween(100, 500);

            var wide = s.post("/api/scan/execute", "{\"start_date\":\"2025-06-02\",\"end_date\":\"2025-06-06\","
                    + "\"intraday\":false,\"scanner\":{\"name\":\"wide\",\"patterns\":{\"up\":\"c > o\",\"down\":\"c < o\"},"
                    + "\"columns\":{\"close\":\"c\",\"open\":\"o\"}}}");
            assertThat(wide.statusCode()).isEqualTo(400);
            JsonNode error = TestServer.json(wide).path("error");
            assertThat(error.path("field").asText()).isEqualTo("scanner");
            assertThat(error.path("message").asText()).contains("4 columns").contains("more than the 3")
                    .contains("SCANNER_MAX_COLUMNS");
        }
    }
}
