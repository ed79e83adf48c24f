package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.cli.Logging;
import io.lcscanner.server.scan.FileScanStore;
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

    @Test
    void vanishingClientsAreOneDebugLineEachAndTheAccessLogSaysWhatWasSent() throws Exception {
        Path logs = dir.resolve("logs");
        System.setProperty("lcscanner.log.console", "OFF");
        Logging.configureServer(logs, "DEBUG");
        SyntheticMarket market = new SyntheticMarket(4, 200);
        try (TestServer s = TestServer.start(dir.resolve("results"), new SlowSource(market, 15))) {
            String done = s.execute("{\"start_date\":\"2024-01-01\",\"end_date\":\"2025-12-31\"}");
            s.awaitFinal(done, Duration.ofSeconds(30));
            // a large stored result, so a download can be cut short
            Files.writeString(dir.resolve("results").resolve(done).resolve(FileScanStore.RESULTS_JSON), "[" + "1,".repeat(1 << 21) + "1]");
            String running = s.execute("{\"start_date\":\"2024-01-01\",\"end_date\":\"2025-12-31\"}");
            java.util.List<RawClient> streams = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) { // stream clients that vanish, some before their answer, some after
                RawClient c = RawClient.connect(s.base, Duration.ofSeconds(5));
                c.write(RawClient.get("/api/scan/stream/" + running, "Accept: text/event-stream"));
                if (i % 2 == 0) {
                    c.abort();
                } else {
                    streams.add(c);
                }
            }
            TestServer.sleep(200);
            streams.forEach(RawClient::abort);
            for (int i = 0; i < 5; i++) { // downloads cut short
                try (RawClient c = RawClient.connectWithSmallBuffer(s.base, Duration.ofSeconds(5))) {
                    c.write(RawClient.get("/api/scan/results/" + done + "/export?format=json"));
                    c.readHead();
                    c.abort();
                }
            }
            try (RawClient c = RawClient.connect(s.base, Duration.ofSeconds(5))) { // a body that never comes
                c.write("POST /api/scan/execute HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 500\r\n\r\n{\"start_date\":");
                TestServer.sleep(200);
                c.abort();
            }
            s.awaitFinal(running, Duration.ofSeconds(30));
            TestServer.sleep(300);
        } finally {
            Logging.load("logback-test.xml");
            System.clearProperty("lcscanner.log.console");
        }
        String app = Files.readString(logs.resolve("scanner_app.log"));
        String api = Files.readString(logs.resolve("scanner_api.log"));
        assertThat(Files.exists(logs.resolve("scanner_errors.log")) ? Files.readString(logs.resolve("scanner_errors.log")) : "")
                .as(api).isEmpty();
        assertThat(app).doesNotContain("\tat ").doesNotContain("ERROR");
        assertThat(app.lines().filter(l -> l.contains("client went away"))).as(api).hasSizeBetween(1, 46);
        assertThat(api).as(app).contains("POST /api/scan/execute 499 ");
        assertThat(api.lines().filter(l -> l.contains("GET /api/scan/results/{scan_id}/export 200 ") && l.endsWith(" truncated")))
                .hasSize(5);
    }
}
