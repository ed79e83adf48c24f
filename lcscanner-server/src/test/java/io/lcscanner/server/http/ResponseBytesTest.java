package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.scan.FileScanStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exact bytes of every JSON body the server writes (scan ids, times and durations masked), kept in
 * {@code src/test/resources/responses/}: field names, their order and number formats are the API. Run with
 * {@code -Dlcscanner.responses.record=true} to rewrite the files after a deliberate change.
 */
class ResponseBytesTest {
    private static final Path EXPECTED = Path.of("src/test/resources/responses");
    private static final boolean RECORD = Boolean.getBoolean("lcscanner.responses.record");

    @TempDir
    Path dir;

    @Test
    void everyBodyIsByteForByteWhatItWas() throws Exception {
        Map<String, String> bodies = new LinkedHashMap<>();
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(42, 60))) {
            String execute = s.post("/api/scan/execute", "{\"start_date\":\"2024-01-01\",\"end_date\":\"2025-12-31\","
                    + "\"filters\":{\"exclude_tickers\":[\"ZZZ\",\"AAA\"]},\"intraday\":true,\"outcomes\":true}").body();
            String id = TestServer.json(execute).path("scan_id").asText();
            s.awaitFinal(id, Duration.ofSeconds(30));
            bodies.put("execute", execute.replace(id, "ID").replace("\"running\"", "\"STATUS\"").replace("\"queued\"", "\"STATUS\"")
                    .replace("Scan started", "MESSAGE"));
            bodies.put("progress", s.get("/api/scan/progress/" + id).body());
            bodies.put("list", s.get("/api/scan/list").body());
            bodies.put("results", s.get("/api/scan/results/" + id + "?sort=score").body());
            bodies.put("export_json", s.get("/api/scan/results/" + id + "/export?format=json").body());
            bodies.put("summary", s.get("/api/scan/results/" + id + "/summary").body());
            bodies.put("scanners", s.get("/api/scanners").body());
            bodies.put("validate", s.post("/api/scanners/validate", "{\"name\": \"x\", \"patterns\": {\"p\": \"c > pdc\"}}")
                    .body().replaceAll("(\"compile_ms\":)[0-9.E-]+", "$1N"));
            bodies.put("invalid_scanner", s.post("/api/scan/execute", "{\"start_date\":\"2025-01-02\",\"end_date\":"
                    + "\"2025-01-31\",\"scanner\":{\"name\":\"x\",\"patterns\":{\"p\":\"c > pdc\"},\"gate\":\"v >\"}}").body());
            bodies.put("cancel_finished", s.post("/api/scan/" + id + "/cancel", "").body());
            bodies.put("universe", s.get("/api/scan/universe?tickers=true").body());
            bodies.put("health", s.get("/api/health").body());
            bodies.put("bad_request", s.post("/api/scan/execute", "{\"start_date\":\"2025-13-01\",\"end_date\":\"2025-12-31\"}").body());
            bodies.put("not_found", s.get("/api/scan/progress/scan_20250101_000000_00000000").body());
            bodies.put("metadata", Files.readString(dir.resolve(id).resolve(FileScanStore.METADATA)));
            WsClient ws = WsClient.connect(s, id);
            bodies.put("event", ws.readAll(Duration.ofSeconds(10)).get(0));
            bodies.put("delete", s.delete("/api/scan/" + id).body());
            for (Map.Entry<String, String> e : bodies.entrySet()) {
                e.setValue(mask(e.getValue(), id));
            }
        }
        if (RECORD) {
            Files.createDirectories(EXPECTED);
            for (Map.Entry<String, String> e : bodies.entrySet()) {
                Files.writeString(EXPECTED.resolve(e.getKey() + ".json"), e.getValue());
            }
        }
        for (Map.Entry<String, String> e : bodies.entrySet()) {
            assertThat(e.getValue()).as(e.getKey())
                    .isEqualTo(Files.readString(EXPECTED.resolve(e.getKey() + ".json"), StandardCharsets.UTF_8));
        }
    }

    /** The scan id, instants and measured durations, which differ from run to run. */
    private static String mask(String body, String id) {
        String b = body.replace(id, "ID");
        b = b.replaceAll("\"\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z\"", "\"TIME\"");
        for (String field : List.of("execution_time", "uptime_seconds", "load_ms", "compute_ms", "intraday_ms", "total_ms",
                "bars_per_second")) {
            b = b.replaceAll("(\"" + field + "\" ?: ?)[0-9.E-]+", "$1N");
        }
        return b;
    }
}
