package io.lcscanner.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.synthetic.SyntheticMarket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The server's logback configuration writes the four logs under the configured directory. */
class LoggingTest {
    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        Logging.load("logback-test.xml");
        System.clearProperty("lcscanner.log.console");
    }

    @Test
    void appApiPerformanceAndErrorLogs() throws Exception {
        Path logs = dir.resolve("logs");
        System.setProperty("lcscanner.log.console", "OFF");
        Logging.configureServer(logs, "INFO");
        try (TestServer s = TestServer.start(dir.resolve("results"), new SyntheticMarket(4, 20))) {
            String id = s.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-02-28\"}");
            s.awaitFinal(id, Duration.ofSeconds(30));
            s.get("/api/scan/progress/" + id);
            LoggerFactory.getLogger(LoggingTest.class).error("upstream said no: GET /v2/aggs?apiKey=pk_SECRET&x=1");
        }
        String api = Files.readString(logs.resolve("scanner_api.log"));
        assertThat(api).contains("POST /api/scan/execute 200").contains("GET /api/scan/progress/{scan_id} 200")
                .doesNotContain(" /api/scan/progress/scan_");
        assertThat(Files.readString(logs.resolve("scanner_performance.log")))
                .contains("scan=" + "scan_").contains("bars_per_s=").contains("heap_used_mb=");
        assertThat(Files.readString(logs.resolve("scanner_app.log"))).contains("listening on");
        String errors = Files.readString(logs.resolve("scanner_errors.log"));
        assertThat(errors).contains("upstream said no").contains("apiKey=***").doesNotContain("pk_SECRET");
        assertThat(errors).doesNotContain("listening on");
    }
}
