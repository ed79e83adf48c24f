package io.lcscanner.server.cli;

import static io.lcscanner.server.cli.ScanCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What people expect of a command line: --version, -h everywhere, errors naming what was typed, one hint each. */
class CliConventionsTest {

    @Test
    void versionPrintsThePomsVersion() throws Exception {
        Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(Files.readString(Golden.root().resolve("pom.xml")));
        assertThat(m.find()).isTrue();
        for (String flag : new String[] {"--version", "-V"}) {
            ScanCommandTest.Run r = run(flag);
            assertThat(r.status()).isZero();
            assertThat(r.out()).isEqualTo("lcscanner " + m.group(1) + "\n");
        }
    }

    @Test
    void dashHWorksOnEveryCommand() {
        for (String[] args : new String[][] {{"-h"}, {"scan", "-h"}, {"scanners", "-h"}, {"scanners", "validate", "-h"},
                {"serve", "-h"}}) {
            ScanCommandTest.Run r = run(args);
            assertThat(r.status()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).contains("Usage: java -jar lcscanner-server.jar");
            assertThat(r.err()).isEmpty();
        }
    }

    @Test
    void aRepeatedOptionNamesItself() {
        ScanCommandTest.Run r = run("scan", "--to", "2024-01-02", "--to", "2024-01-03");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: --to: given more than once\n");
        assertThat(run("serve", "--port", "1", "--port", "2").err()).startsWith("error: --port: given more than once\n");
    }

    @Test
    void anUnknownOptionSuggestsTheNearOneWithOneHint() {
        ScanCommandTest.Run r = run("scan", "--form", "csv");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly("error: --form: unknown option; did you mean --format?",
                "Run 'java -jar lcscanner-server.jar scan --help' for the options.");
        ScanCommandTest.Run unknown = run("scan", "--zzzzzz");
        assertThat(unknown.err().lines().toList()).containsExactly("error: --zzzzzz: unknown option",
                "Run 'java -jar lcscanner-server.jar scan --help' for the options.");
    }

    @Test
    void helpFitsTheTerminalsWidth() {
        for (int width : new int[] {60, 80}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = new ScanCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err, true,
                    Map.of("COLUMNS", String.valueOf(width))).run(new String[] {"--help"});
            assertThat(status).isZero();
            String help = out.toString(StandardCharsets.UTF_8);
            assertThat(help).contains("--lookback-days");
            assertThat(help.lines()).as("at %d columns", width).allMatch(l -> l.length() <= width);
        }
    }

    @Test
    void typedOptionsKeepTheirMessagesAndTheEnvironmentDefault(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        assertThat(run("scan", "--seed", "4x2").err()).startsWith("error: --seed: not a whole number: \"4x2\"\n");
        assertThat(run("scan", "--source", "yahoo").err())
                .startsWith("error: --source: must be one of synthetic|csv|polygon, got \"yahoo\"\n");
        assertThat(run("scan", "--min-price", "cheap").err()).startsWith("error: --min-price: not a number: \"cheap\"\n");
        assertThat(run("scan", "--tickers", "0").err()).contains("error: --tickers: must be between 1 and 200000, got 0\n");
        // SCANNER_SCANNERS_DIR is --scanners-dir's default
        Files.copy(Golden.root().resolve("examples/scanners/backside_fade.json"), dir.resolve("backside_fade.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = new ScanCommand(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), false, Map.of("SCANNER_SCANNERS_DIR", dir.toString())).run(new String[] {
                "--scanner", "backside_fade", "--csv", Golden.file("bars.csv").toString(), "--include", " KK, ,ZU ",
                "--from", "2024-07-01", "--to", "2025-10-31", "--format", "csv"});
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("ticker,date,first_red_day,");
        assertThat(out.toString(StandardCharsets.UTF_8).lines().skip(1)).isNotEmpty()
                .allMatch(l -> l.startsWith("KK,") || l.startsWith("ZU,"));
    }

    @Test
    void anUnknownCommandListsTheCommandsOnce() {
        ScanCommandTest.Run r = run("scna");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines().toList()).containsExactly(
                "error: unknown command \"scna\"; the commands are scan, scanners, serve (and help)");
    }
}
