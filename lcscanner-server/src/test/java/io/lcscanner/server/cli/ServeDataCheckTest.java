package io.lcscanner.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve} reads and checks its data before it starts: a broken CSV stops it with the CSV's error. */
class ServeDataCheckTest {
    @TempDir
    Path dir;

    private record Run(int status, String err) {
    }

    private static Run serve(Map<String, String> env, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        int code = new ServeCommand(new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8),
                env).run(args);
        return new Run(code, e.toString(StandardCharsets.UTF_8) + o.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBrokenCsvStopsStartUpWithItsLineColumnAndReason() throws Exception {
        Path bad = dir.resolve("broken.csv");
        Files.writeString(bad, "ticker,date,open,high,low,close,volume\nAAA,2024-01-02,5,6,4,5,12x\n");

        Run flag = serve(Map.of(), "--csv", bad.toString(), "--port", "0", "--log-dir", dir.resolve("logs").toString());
        Run variable = serve(Map.of("SCANNER_CSV_PATH", bad.toString()), "--data-source", "csv", "--port", "0",
                "--log-dir", dir.resolve("logs").toString());

        assertThat(flag.status()).isEqualTo(1);
        assertThat(flag.err().lines().toList()).singleElement().asString()
                .startsWith("error: --csv: ").contains("broken.csv line 2: unparsable number \"12x\" in column volume");
        assertThat(flag.err()).doesNotContain("serving");
        assertThat(variable.status()).isEqualTo(1);
        assertThat(variable.err()).startsWith("error: SCANNER_CSV_PATH: ");
        assertThat(dir.resolve("logs")).doesNotExist();
    }

    @Test
    void aMissingCsvNamesTheFlagWhenTheFlagWasUsed() {
        Run flag = serve(Map.of(), "--csv", dir.resolve("nope.csv").toString());
        Run variable = serve(Map.of("SCANNER_CSV_PATH", dir.resolve("nope.csv").toString()), "--data-source", "csv");
        Run neither = serve(Map.of(), "--data-source", "csv");

        assertThat(flag.status()).isEqualTo(2);
        assertThat(flag.err()).startsWith("error: --csv: no such file: ").doesNotContain("SCANNER_CSV_PATH");
        assertThat(variable.status()).isEqualTo(2);
        assertThat(variable.err()).startsWith("error: SCANNER_CSV_PATH: no such file: ");
        assertThat(neither.status()).isEqualTo(2);
        assertThat(neither.err()).startsWith("error: --data-source: csv needs a file: --csv FILE or SCANNER_CSV_PATH");
    }
}
