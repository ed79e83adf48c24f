package io.lcscanner.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.Golden;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Your own scanners are reachable from the command line: invalid ones are listed, examples listed and suggested. */
class OwnScannersCliTest {
    private static final Path EXAMPLES = Golden.root().resolve("examples/scanners");

    @TempDir
    Path dir;

    private String list(Path scanners) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = new ScannersCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, Map.of(), EXAMPLES)
                .run(new String[] {"--scanners-dir", scanners.toString()});
        assertThat(status).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void invalidDocumentsAreListedWithTheirFirstProblemAndExamplesWithHowToRunThem() throws Exception {
        Path scanners = Files.createDirectories(dir.resolve("scanners"));
        Files.copy(EXAMPLES.resolve("gap_and_go.json"), scanners.resolve("gap_and_go.json"));
        Files.writeString(scanners.resolve("broken.json"), "{\"name\": \"broken\", \"features\": {\"gap\": \"o / pcd - 1\"},"
                + " \"patterns\": {\"p\": \"gap > 0\"}}");

        String out = list(scanners);

        assertThat(out).contains("gap_and_go  (" + scanners.resolve("gap_and_go.json") + ")\n");
        assertThat(out).contains("broken  (" + scanners.resolve("broken.json") + ")  INVALID\n"
                + "  features.gap: position 5: unknown name \"pcd\"");
        assertThat(out).contains("(all problems: scanners validate " + scanners.resolve("broken.json") + ")");
        for (String example : new String[] {"gap_and_go", "backside_fade", "quiet_base_breakout"}) {
            assertThat(out).contains(example + "  (example: --scanner " + EXAMPLES.resolve(example + ".json") + ")\n");
        }
        long examples;
        try (var files = Files.list(EXAMPLES)) { // the repository's examples, however many it ships
            examples = files.filter(f -> f.toString().endsWith(".json")).count();
        }
        assertThat(examples).isGreaterThanOrEqualTo(4);
        assertThat(out.lines().reduce((a, b) -> b).orElseThrow())
                .isEqualTo("1 built-in, 1 of yours in " + scanners + ", 1 invalid, " + examples + " examples");
    }

    @Test
    void aScannerNamedLikeAnExampleSuggestsItsFile() {
        assertThatThrownBy(() -> ScannerDocuments.resolve("backside_fade", dir.resolve("none"), EXAMPLES, "--scanner"))
                .hasMessage("--scanner: no built-in scanner, no document in " + dir.resolve("none")
                        + " and no file named \"backside_fade\"; did you mean --scanner " + EXAMPLES.resolve("backside_fade.json") + "?");
    }

    @Test
    void scanFindsADocumentOfTheDefaultScannersFolderWithoutOptions() throws Exception {
        // the server's default folder is scanners/ under the working directory: the command line reads the same one
        Path scanners = Path.of("scanners");
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(scanners), "a scanners folder of someone else's here");
        Files.createDirectories(scanners);
        try {
            Files.copy(EXAMPLES.resolve("gap_and_go.json"), scanners.resolve("gap_and_go.json"));
            ScanCommandTest.Run r = ScanCommandTest.run("scan", "--scanner", "gap_and_go", "--csv",
                    Golden.file("bars.csv").toString(), "--from", "2024-07-01", "--to", "2025-10-31", "--format", "csv");
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).startsWith("ticker,date,gap_and_go,");
        } finally {
            Files.deleteIfExists(scanners.resolve("gap_and_go.json"));
            Files.deleteIfExists(scanners);
        }
    }
}
