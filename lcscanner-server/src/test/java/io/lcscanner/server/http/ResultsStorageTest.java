package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.Json;
import io.lcscanner.server.scan.FileScanStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storing a finished scan's results can fail (descriptors exhausted, disk full). The server retries, says
 * so in the scan's progress, and either stores them or fails the scan visibly; it never reports a scan
 * completed without its files, nor loses one silently.
 */
class ResultsStorageTest {
    private static final String WINDOW = "{\"start_date\":\"2024-01-01\",\"end_date\":\"2025-12-31\",\"intraday\":false}";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ServerLimits QUICK_RETRIES = ServerLimits.DEFAULT.withStoreRetries(
            List.of(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(200)));

    @TempDir
    Path dir;

    private final SyntheticMarket market = new SyntheticMarket(42, 200);

    /** A directory where the CSV must go: renaming the written file onto it fails until it is removed. */
    private Path block(String id) throws Exception {
        Path blocker = dir.resolve(id).resolve(FileScanStore.RESULTS_CSV);
        Files.createDirectories(blocker.resolve("in-the-way"));
        return blocker;
    }

    @Test
    void aTransientFailureIsRetriedAndTheResultsAreStored() throws Exception {
        try (TestServer s = TestServer.start(dir, new SlowSource(market, 10), Map.of(), Duration.ofMinutes(5), QUICK_RETRIES)) {
            String id = s.execute(WINDOW);
            Path blocker = block(id);
            JsonNode retrying = awaitMessage(s, id, "retrying");
            assertThat(retrying.path("status").asText()).isEqualTo("running");
            assertThat(retrying.path("message").asText()).doesNotContain(dir.toString());
            Files.delete(blocker.resolve("in-the-way"));
            Files.delete(blocker);

            JsonNode end = s.awaitFinal(id, WAIT);
            assertThat(end.path("status").asText()).isEqualTo("completed");
            StringBuilder expected = new StringBuilder();
            ScanResult direct = directScan();
            HitFormat.writeCsv(direct.schema(), direct.hits(), expected);
            assertThat(Files.readString(dir.resolve(id).resolve(FileScanStore.RESULTS_CSV))).isEqualTo(expected.toString());
            assertThat(s.get("/api/scan/results/" + id + "/export?format=csv").body()).isEqualTo(expected.toString());
            assertThat(Json.MAPPER.readTree(dir.resolve(id).resolve(FileScanStore.METADATA).toFile()).path("status").asText())
                    .isEqualTo("completed");
        }
    }

    @Test
    void aLastingFailureFailsTheScanVisiblyAndKeepsWhatWasStored() throws Exception {
        try (TestServer s = TestServer.start(dir, new SlowSource(market, 10), Map.of(), Duration.ofMinutes(5), QUICK_RETRIES)) {
            String id = s.execute(WINDOW);
            block(id);
            JsonNode end = s.awaitFinal(id, WAIT);
            assertThat(end.path("status").asText()).isEqualTo("failed");
            assertThat(end.path("error").asText()).startsWith("the results could not be stored")
                    .doesNotContain(dir.toString()).doesNotContain("Exception");
            JsonNode meta = Json.MAPPER.readTree(dir.resolve(id).resolve(FileScanStore.METADATA).toFile());
            assertThat(meta.path("status").asText()).isEqualTo("failed");
            // the JSON copy could be written: it is kept
            JsonNode json = Json.MAPPER.readTree(dir.resolve(id).resolve(FileScanStore.RESULTS_JSON).toFile());
            assertThat(directScan().hits()).isNotEmpty();
            assertThat(json.size()).isEqualTo(directScan().hits().size());
        }
    }

    private ScanResult directScan() {
        try (Scanner scanner = Scanner.builder(market).parallelism(2).build()) {
            return scanner.run(ScanRequest.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31)).intraday(false).build(),
                    null);
        }
    }

    private static JsonNode awaitMessage(TestServer s, String id, String part) {
        JsonNode p = s.awaitProgress(id, WAIT, n -> n.path("message").asText().contains(part)
                || TestServer.FINAL.contains(n.path("status").asText()));
        assertThat(p.path("message").asText()).as("progress message").contains(part);
        return p;
    }
}
