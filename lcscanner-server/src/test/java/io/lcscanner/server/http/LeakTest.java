package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.Golden;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server says names the problem: never a class name or an absolute path of the machine. */
class LeakTest {
    @TempDir
    Path dir;

    @Test
    void healthShowsTheKindOfSourceOnly() throws Exception {
        Path csv = Golden.file("bars.csv");
        try (TestServer s = TestServer.start(dir, new CsvBarSource(csv))) {
            String body = s.get("/api/health").body();
            assertThat(TestServer.json(body).path("data_source").asText()).isEqualTo("csv");
            assertThat(body).doesNotContain(csv.getParent().toString()).doesNotContain("/");
        }
    }

    @Test
    void universeNamesTheCsvFileNotItsPath() throws Exception {
        Path csv = Golden.file("bars.csv");
        try (TestServer s = TestServer.start(dir, new CsvBarSource(csv))) {
            String body = s.get("/api/scan/universe").body();
            assertThat(TestServer.json(body).path("data_source").asText()).contains("bars.csv");
            assertThat(body).doesNotContain(csv.getParent().toString());
        }
    }

    /** A source whose failure message carries a file's absolute path, as file-reading code's do. */
    private static final class BrokenFile implements BarSource {
        private final Path file;

        BrokenFile(Path file) {
            this.file = file;
        }

        @Override
        public String description() {
            return "csv:" + file;
        }

        @Override
        public Universe universe() throws IOException {
            throw new IOException(file + ": line 7: price is not a number");
        }

        @Override
        public Window open(LocalDate from, LocalDate to, Predicate<String> tickers, LoadListener listener) throws IOException {
            throw new java.nio.file.AccessDeniedException(file.toString());
        }
    }

    @Test
    void aFailedScanNamesTheProblemNotThePath() throws Exception {
        Path file = dir.resolve("data").resolve("bars.csv").toAbsolutePath();
        try (TestServer s = TestServer.start(dir.resolve("results"), new BrokenFile(file), Map.of(), Duration.ofMinutes(5))) {
            String id = s.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-01-31\"}");
            JsonNode end = s.awaitFinal(id, Duration.ofSeconds(30));
            assertThat(end.path("status").asText()).isEqualTo("failed");
            String error = end.path("error").asText();
            assertThat(error).contains("bars.csv").containsIgnoringCase("access denied")
                    .doesNotContain(dir.toString()).doesNotContain("Exception").doesNotContain("java.");
            for (String path : new String[] {"/api/scan/progress/" + id, "/api/scan/list", "/api/health"}) {
                assertThat(s.get(path).body()).as(path).doesNotContain(dir.toString());
            }
        }
    }
}
