package io.lcscanner.server.cli;

import static io.lcscanner.server.cli.ScanCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table fits the terminal and says what it left out; --out refuses what it cannot do instead of guessing. */
class TableAndOutTest {
    private static final String GOLDEN = Golden.file("bars.csv").toString();

    @TempDir
    Path dir;

    private static ScanCommandTest.Run table(int columns, String... more) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> args = new java.util.ArrayList<>(List.of("--csv", GOLDEN, "--from", "2024-07-01", "--to", "2025-10-31",
                "--quiet"));
        args.addAll(Arrays.asList(more));
        int status = new ScanCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), true, Map.of("COLUMNS", String.valueOf(columns)))
                .run(args.toArray(String[]::new));
        return new ScanCommandTest.Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theTableFitsEightyColumnsKeepingKeyPatternsAndScoreAndNamesWhatItLeftOut() {
        for (int width : new int[] {80, 140}) {
            ScanCommandTest.Run r = table(width, "--outcomes");
            assertThat(r.status()).as(r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines).as("%d columns", width).allMatch(l -> l.length() <= width);
            assertThat(lines.get(0)).startsWith("ticker").contains("date", "d3x1", "d2x", "d2x1", "score", "tier");
            // the first golden hit, KK 2024-07-02, one line per hit
            assertThat(lines.get(1)).startsWith("KK").contains("2024-07-02");
            assertThat(lines.get(39)).isEqualTo("38 hits");
            String note = String.join(" ", lines.subList(40, lines.size()));
            assertThat(note).startsWith("Left out for the terminal's width: ")
                    .endsWith(". All columns: --format csv; choose them: --columns a,b,c");
        }
        ScanCommandTest.Run narrow = table(80);
        assertThat(narrow.out()).contains("Left out").contains("dist_h_20ema_atr");
        ScanCommandTest.Run wide = table(400);
        assertThat(wide.out().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo("38 hits");
    }

    @Test
    void columnsChoosesTheTablesColumns() {
        ScanCommandTest.Run r = table(80, "--columns", "parabolic_score,dollar_volume");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("ticker", "date", "score", "dollar_vol");
        // KK's golden row: score 77.0; dollar volume with thousands separators
        String[] golden = Golden.lines("expected_hits.csv").get(1).split(",");
        List<String> header = List.of(Golden.lines("expected_hits.csv").get(0).split(","));
        String dollars = String.format(java.util.Locale.ROOT, "%,.0f", Double.parseDouble(golden[header.indexOf("dollar_volume")]));
        assertThat(lines.get(1).split("\\s+")).containsExactly("KK", "2024-07-02", "77.0", dollars);
        assertThat(dollars).contains(",");

        ScanCommandTest.Run bad = table(80, "--columns", "scroe");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: --columns: unknown column \"scroe\"; lc's are ticker, date, ");
        assertThat(run("scan", "--columns", "atr", "--format", "csv").err())
                .contains("error: --columns: only applies to --format table");
    }

    @Test
    void outRefusesAnUnknownExtensionAndAMissingFolder() throws Exception {
        ScanCommandTest.Run xlsx = run("scan", "--csv", GOLDEN, "--out", dir.resolve("hits.xlsx").toString());
        assertThat(xlsx.status()).isEqualTo(2);
        assertThat(xlsx.err()).startsWith("error: --out: cannot tell the format of \"hits.xlsx\": name it .csv, .json or "
                + ".txt, or give --format csv|json|table\n");
        assertThat(dir.resolve("hits.xlsx")).doesNotExist();

        ScanCommandTest.Run forced = run("scan", "--csv", GOLDEN, "--from", "2024-07-01", "--to", "2025-10-31", "--quiet",
                "--out", dir.resolve("hits.dat").toString(), "--format", "csv");
        assertThat(forced.status()).as(forced.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("hits.dat"))).containsExactlyElementsOf(Golden.lines("expected_hits.csv"));

        Path missing = dir.resolve("no/such/dir/x.csv");
        ScanCommandTest.Run nowhere = run("scan", "--csv", GOLDEN, "--out", missing.toString());
        assertThat(nowhere.status()).isEqualTo(2);
        assertThat(nowhere.err()).startsWith("error: --out: no such directory: " + missing.getParent() + "\n");
        assertThat(dir.resolve("no")).doesNotExist();
        assertThat(run("scan", "--csv", GOLDEN, "--stats", missing.toString()).err())
                .startsWith("error: --stats: no such directory: ");
    }

    @Test
    void aWriteFailureSaysWhyNotWhichTemporaryFile() throws Exception {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        assertThat(locked.toFile().setWritable(false)).isTrue();
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(locked), "running as a user who writes anywhere");
        ScanCommandTest.Run r = run("scan", "--csv", GOLDEN, "--from", "2024-07-01", "--to", "2025-10-31", "--quiet",
                "--out", locked.resolve("x.csv").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("error: writing --out " + locked.resolve("x.csv") + " failed: access denied\n");
    }

    @Test
    void aWriteFailureOnAFolderNobodyMayWriteSaysWhy() {
        // /proc takes no new files, not even root's
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a Linux /proc");
        ScanCommandTest.Run r = run("scan", "--csv", GOLDEN, "--from", "2024-07-01", "--to", "2025-10-31", "--quiet",
                "--out", "/proc/x.csv");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: writing --out /proc/x.csv failed: ").doesNotContain(".tmp")
                .doesNotContain("Exception");
    }

    @Test
    void aReturnThatRoundsToZeroHasNoSign() {
        assertThat(OutcomeTable.percent(-0.000001)).isEqualTo("0.00 %");
        assertThat(OutcomeTable.percent(0.0)).isEqualTo("0.00 %");
        assertThat(OutcomeTable.percent(-0.0125)).isEqualTo("-1.25 %");
        assertThat(OutcomeTable.noNegativeZero("-0.0%")).isEqualTo("0.0%");
        assertThat(OutcomeTable.noNegativeZero("-0.01")).isEqualTo("-0.01");
    }
}
