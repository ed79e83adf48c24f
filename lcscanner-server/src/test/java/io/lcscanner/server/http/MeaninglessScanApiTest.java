package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.Golden;
import io.lcscanner.core.source.CsvBarSource;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API refuses scans that cannot find anything, and carries the warnings of those that can, with their progress. */
class MeaninglessScanApiTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void emptyWindowsAndUnknownTickersAre400sAndWarningsReachTheProgress() throws Exception {
        try (TestServer s = TestServer.start(dir, new CsvBarSource(Golden.file("bars.csv")))) {
            HttpResponse<String> future = s.post("/api/scan/execute",
                    "{\"start_date\":\"2030-01-01\",\"end_date\":\"2030-02-01\"}");
            assertThat(future.statusCode()).isEqualTo(400);
            JsonNode error = TestServer.json(future).path("error");
            assertThat(error.path("code").asText()).isEqualTo("invalid_request");
            assertThat(error.path("field").asText()).isEqualTo("start_date");
            assertThat(error.path("message").asText()).isEqualTo("no sessions of csv data in 2030-01-01..2030-02-01 "
                    + "(the data covers 2023-01-03..2025-10-31)");

            HttpResponse<String> nobody = s.post("/api/scan/execute", "{\"start_date\":\"2024-07-01\","
                    + "\"end_date\":\"2025-10-31\",\"filters\":{\"include_tickers\":[\"NOPE\"]}}");
            assertThat(nobody.statusCode()).isEqualTo(400);
            assertThat(TestServer.json(nobody).path("error").path("field").asText()).isEqualTo("filters.include_tickers");
            assertThat(TestServer.json(nobody).path("error").path("message").asText())
                    .isEqualTo("none of the tickers is in the csv data: NOPE");

            String id = s.execute("{\"start_date\":\"2023-03-01\",\"end_date\":\"2023-06-30\","
                    + "\"filters\":{\"include_tickers\":[\"KK\",\"NOPE\"]}}");
            JsonNode p = s.awaitFinal(id, WAIT);
            assertThat(p.path("status").asText()).as(p.toString()).isEqualTo("completed");
            assertThat(p.path("warnings")).hasSize(2);
            assertThat(p.path("warnings").get(0).asText())
                    .isEqualTo("include_tickers: 1 ticker not in the csv data, left out: NOPE");
            assertThat(p.path("warnings").get(1).asText()).isEqualTo("1 of 1 tickers have less than the scan's 400 days "
                    + "of history before 2023-03-01 (the data starts 2023-01-03): long windows (an EMA 200, say) are not "
                    + "settled for their early hits");
            // the results carry them too (a scan without any has no "warnings" there), and so does the list
            JsonNode results = TestServer.json(s.get("/api/scan/results/" + id));
            assertThat(results.path("warnings")).isEqualTo(p.path("warnings"));
            JsonNode listed = TestServer.json(s.get("/api/scan/list"));
            assertThat(listed.toString()).contains("left out: NOPE");
        }
    }
}
