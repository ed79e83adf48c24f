package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcscanner.core.Golden;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.source.CsvBarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.scan.FileScanStore;
import io.lcscanner.server.scan.ScanStore;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full scans through the HTTP API: the golden CSV and the synthetic market. */
class ScanApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;


    @Test
    void goldenScanMatchesExpectedHitsExactly() throws Exception {
        try (TestServer s = TestServer.start(dir, new CsvBarSource(Golden.file("bars.csv")))) {
            String id = s.execute("{\"start_date\":\"2024-07-01\",\"end_date\":\"2025-10-31\",\"lookback_days\":400,"
                    + "\"filters\":{\"min_volume\":10000000,\"min_dollar_volume\":500000000,\"min_price\":5}}");
            assertThat(id).matches(ScanStore.ID.pattern());
            JsonNode p = s.awaitFinal(id, WAIT);
            assertThat(p.path("status").asText()).as(p.toString()).isEqualTo("completed");

            byte[] expectedCsv = Golden.bytes("expected_hits.csv");
            HttpResponse<byte[]> export = s.http.send(s.request("/api/scan/results/" + id + "/export?format=csv").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(export.statusCode()).isEqualTo(200);
            assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
            assertThat(export.headers().firstValue("Content-Disposition").orElse(""))
                    .isEqualTo("attachment; filename=\"" + id + "_lc_results.csv\"");
            assertThat(new String(export.body(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(expectedCsv, StandardCharsets.UTF_8));
            assertThat(export.body()).isEqualTo(expectedCsv);

            List<String> lines = Golden.lines("expected_hits.csv");
            String[] columns = lines.get(0).split(",", -1);
            JsonNode body = TestServer.json(s.get("/api/scan/results/" + id));
            assertThat(body.path("success").asBoolean()).isTrue();
            assertThat(body.path("scan_id").asText()).isEqualTo(id);
            assertThat(body.path("total_found").asInt()).isEqualTo(lines.size() - 1);
            assertThat(body.path("execution_time").isNumber()).isTrue();
            JsonNode results = body.path("results");
            assertThat(results.size()).isEqualTo(lines.size() - 1);
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",", -1);
                JsonNode hit = results.get(i - 1);
                List<String> names = new ArrayList<>();
                hit.fieldNames().forEachRemaining(names::add);
                assertThat(names).containsExactly(columns);
                for (int c = 0; c < columns.length; c++) {
                    JsonNode v = hit.get(columns[c]);
                    String where = "row " + i + " " + columns[c];
                    if (cells[c].isEmpty()) {
                        assertThat(v.isNull()).as(where).isTrue();
                    } else if (v.isTextual()) {
                        assertThat(v.asText()).as(where).isEqualTo(cells[c]);
                    } else {
                        assertThat(v.decimalValue().compareTo(new BigDecimal(cells[c]))).as(where + ": " + v + " vs " + cells[c])
                                .isZero();
                    }
                }
            }

            // read as doubles, every number is the CSV's, bit for bit, the sign of a zero included: the reference
            // prints -0.0 where rounding makes one (SD 2025-08-05, gap_pct), and so must the API
            JsonNode asDoubles = new ObjectMapper().readTree(s.get("/api/scan/results/" + id).body()).path("results");
            int negativeZeros = 0;
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",", -1);
                for (int c = 0; c < columns.length; c++) {
                    JsonNode v = asDoubles.get(i - 1).get(columns[c]);
                    if (v.isNumber()) {
                        assertThat(Double.doubleToRawLongBits(v.doubleValue())).as("row " + i + " " + columns[c])
                                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(cells[c])));
                    }
                    negativeZeros += cells[c].equals("-0.0") ? 1 : 0;
                }
            }
            assertThat(negativeZeros).isEqualTo(1);

            HttpResponse<String> json = s.get("/api/scan/results/" + id + "/export?format=json");
            assertThat(json.statusCode()).isEqualTo(200);
            assertThat(json.headers().firstValue("Content-Disposition").orElse("")).contains(id + "_lc_results.json");
            assertThat(TestServer.json(json)).isEqualTo(results);

            JsonNode byScore = TestServer.json(s.get("/api/scan/results/" + id + "?sort=score")).path("results");
            assertThat(byScore.size()).isEqualTo(results.size());
            for (int i = 1; i < byScore.size(); i++) {
                assertThat(byScore.get(i - 1).path("parabolic_score").decimalValue())
                        .isGreaterThanOrEqualTo(byScore.get(i).path("parabolic_score").decimalValue());
            }
            assertThat(byScore.findValuesAsText("ticker")).containsExactlyInAnyOrderElementsOf(results.findValuesAsText("ticker"));
        }
    }

    @Test
    void syntheticScanEqualsTheLibrarysOwnScanWithPremarketFields() throws Exception {
        SyntheticMarket market = new SyntheticMarket(42, 200);
        try (TestServer s = TestServer.start(dir, market)) {
            String id = s.execute("{\"start_date\":\"2024-01-01\",\"end_date\":\"2025-12-31\"}");
            JsonNode p = s.awaitFinal(id, WAIT);
            assertThat(p.path("status").asText()).isEqualTo("completed");
            assertThat(p.path("progress_percent").asDouble()).isEqualTo(100.0);
            assertThat(p.path("total_tickers").asInt()).isEqualTo(200);
            assertThat(p.path("processed_tickers").asInt()).isEqualTo(200);
            assertThat(p.path("start_date").asText()).isEqualTo("2024-01-01");
            assertThat(p.path("end_date").asText()).isEqualTo("2025-12-31");
            assertThat(p.path("started_at").asText()).isNotEmpty();
            assertThat(p.path("completed_at").asText()).isNotEmpty();
            assertThat(p.path("error").isNull()).isTrue();

            ScanResult direct;
            try (Scanner scanner = Scanner.builder(market).parallelism(2).build()) {
                direct = scanner.run(ScanRequest.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31))
                        .intraday(true).build(), null);
            }
            assertThat(direct.hits()).isNotEmpty();
            JsonNode results = TestServer.json(s.get("/api/scan/results/" + id)).path("results");
            assertThat(p.path("results_found").asInt()).isEqualTo(direct.hits().size());
            assertThat(results.size()).isEqualTo(direct.hits().size());
            HitsJson.assertSame(direct.hits(), direct.schema(), results);
            StringBuilder csv = new StringBuilder();
            HitFormat.writeCsv(direct.schema(), direct.hits(), csv);
            assertThat(s.get("/api/scan/results/" + id + "/export").body()).isEqualTo(csv.toString());
        }
    }

    @Test
    void listUniverseHealthAndDelete() throws Exception {
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(7, 50))) {
            String first = s.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-03-31\"}");
            s.awaitFinal(first, WAIT);
            TestServer.sleep(1100); // ids and created_at order by time: make the second clearly newer
            String second = s.execute("{\"start_date\":\"2025-04-01\",\"end_date\":\"2025-06-30\","
                    + "\"filters\":{\"exclude_tickers\":[\"aaa\"]},\"intraday\":false}");
            s.awaitFinal(second, WAIT);

            JsonNode list = TestServer.json(s.get("/api/scan/list"));
            assertThat(list.path("success").asBoolean()).isTrue();
            assertThat(list.path("total").asInt()).isEqualTo(2);
            assertThat(list.path("scans").findValuesAsText("scan_id")).containsExactly(second, first);
            assertThat(list.path("scans").get(0).path("status").asText()).isEqualTo("completed");
            assertThat(list.path("scans").get(0).has("results_found")).isTrue();

            JsonNode u = TestServer.json(s.get("/api/scan/universe"));
            assertThat(u.path("total_tickers").asInt()).isEqualTo(50);
            assertThat(u.path("data_source").asText()).contains("synthetic");
            assertThat(u.path("first_session").asText()).isEqualTo(SyntheticMarket.DEFAULT_FIRST.toString());
            assertThat(u.path("last_session").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(u.has("tickers")).isFalse();
            JsonNode ut = TestServer.json(s.get("/api/scan/universe?tickers=true"));
            assertThat(ut.path("tickers").size()).isEqualTo(50);

            JsonNode h = TestServer.json(s.get("/api/health"));
            assertThat(h.path("status").asText()).isEqualTo("ok");
            assertThat(h.path("version").asText()).isNotEmpty();
            assertThat(h.path("uptime_seconds").isNumber()).isTrue();
            assertThat(h.path("active_scans").asInt()).isZero();
            assertThat(h.path("queued_scans").asInt()).isZero();
            assertThat(h.path("data_source").asText()).contains("synthetic");

            assertThat(s.delete("/api/scan/" + first).statusCode()).isEqualTo(200);
            assertThat(dir.resolve(first)).doesNotExist();
            assertThat(dir.resolve(second).resolve(FileScanStore.METADATA)).exists();
            assertThat(s.get("/api/scan/progress/" + first).statusCode()).isEqualTo(404);
            assertThat(s.delete("/api/scan/" + first).statusCode()).isEqualTo(404);
            assertThat(TestServer.json(s.get("/api/scan/list")).path("scans").findValuesAsText("scan_id"))
                    .containsExactly(second);
        }
    }
}
