package io.lcscanner.server.cli;

import static io.lcscanner.server.cli.ScanCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Scans that cannot mean anything say so: an empty window, too little history, tickers the data does not have. */
class MeaninglessScanTest {
    private static final String GOLDEN = Golden.file("bars.csv").toString();

    @Test
    void aWindowAfterTheDataExitsTwoNamingTheDataFirstAndLastSession() {
        ScanCommandTest.Run r = run("scan", "--csv", GOLDEN, "--from", "2030-01-01", "--to", "2030-02-01");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).containsExactly("error: --from/--to: no sessions of csv data in "
                + "2030-01-01..2030-02-01 (the data covers 2023-01-03..2025-10-31)", "Run 'java -jar lcscanner-server.jar scan --help' for the options.");
    }

    @Test
    void aWeekendOrAWindowBeforeTheDataIsRefusedToo() {
        ScanCommandTest.Run weekend = run("scan", "--csv", GOLDEN, "--from", "2024-07-06", "--to", "2024-07-07");
        ScanCommandTest.Run before = run("scan", "--csv", GOLDEN, "--from", "1990-01-02", "--to", "1990-12-31");
        ScanCommandTest.Run synthetic = run("scan", "--tickers", "20", "--from", "2030-01-01", "--to", "2030-02-01");

        assertThat(weekend.status()).isEqualTo(2);
        assertThat(weekend.err()).startsWith("error: --from/--to: no sessions of csv data in 2024-07-06..2024-07-07 "
                + "(the data covers 2023-01-03..2025-10-31)");
        assertThat(before.status()).isEqualTo(2);
        assertThat(before.err()).startsWith("error: --from/--to: no sessions of csv data in 1990-01-02..1990-12-31");
        assertThat(synthetic.status()).isEqualTo(2);
        assertThat(synthetic.err()).contains("no sessions of synthetic data in 2030-01-01..2030-02-01 "
                + "(the data covers 2022-01-03..2025-12-31)");
    }

    @Test
    void unknownIncludeTickersAreNamedAndNoneKnownExitsTwo() {
        ScanCommandTest.Run none = run("scan", "--csv", GOLDEN, "--include", "NOPE,ZZZZ", "--format", "csv");
        ScanCommandTest.Run some = run("scan", "--csv", GOLDEN, "--include", "KK,NOPE", "--format", "csv",
                "--from", "2024-07-01", "--to", "2025-10-31");

        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).startsWith("error: --include: none of the tickers is in the csv data: NOPE, ZZZZ\n");
        assertThat(some.status()).as(some.err()).isZero();
        assertThat(some.err()).contains("warning: --include: 1 ticker not in the csv data, left out: NOPE\n");
        // KK's golden hits are still found
        assertThat(some.out().lines().skip(1)).isNotEmpty().allMatch(l -> l.startsWith("KK,"));
        assertThat(some.out().lines().skip(1).count())
                .isEqualTo(Golden.lines("expected_hits.csv").stream().filter(l -> l.startsWith("KK,")).count());
    }

    @Test
    void aScanWithTooLittleHistoryWarnsOnceAndKeepsItsHits() throws IOException {
        ScanCommandTest.Run r = run("scan", "--csv", GOLDEN, "--from", "2023-03-01", "--to", "2023-06-30", "--format", "csv");

        // counted from the file, independently: tickers with a bar in the window, and those starting after loadFrom + 7
        LocalDate from = LocalDate.parse("2023-03-01"), to = LocalDate.parse("2023-06-30");
        LocalDate loadFrom = from.minusDays(400);
        Map<String, LocalDate[]> span = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(Golden.file("bars.csv"))), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line; (line = in.readLine()) != null; ) {
                String[] f = line.split(",", 3);
                LocalDate d = LocalDate.parse(f[1]);
                span.merge(f[0], new LocalDate[] {d, d}, (a, b) -> new LocalDate[] {
                        a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
            }
        }
        long inWindow = span.values().stream().filter(s -> !s[1].isBefore(from) && !s[0].isAfter(to)).count();
        long shortOnes = span.values().stream().filter(s -> !s[1].isBefore(from) && !s[0].isAfter(to)
                && s[0].isAfter(loadFrom.plusDays(7))).count();

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err().lines().filter(l -> l.startsWith("warning:")).toList()).containsExactly(String.format(
                "warning: %d of %d tickers have less than the scan's 400 days of history before 2023-03-01 (the data "
                        + "starts 2023-01-03): long windows (an EMA 200, say) are not settled for their early hits",
                shortOnes, inWindow));
        assertThat(shortOnes).isPositive();
    }

    @Test
    void theGoldenScanHasEnoughHistoryAndNoWarning() {
        ScanCommandTest.Run r = run("scan", "--csv", GOLDEN, "--from", "2024-07-01", "--to", "2025-10-31", "--format", "csv");

        assertThat(r.status()).isZero();
        assertThat(r.err()).doesNotContain("warning");
        assertThat(r.err()).contains("lcscanner: 38 hits of lc").contains("in 120 tickers, ");
    }

    @Test
    void oneHitIsOneHitAndTheDefaultWindowIsTheDashboardsYear() {
        ScanCommandTest.Run r = run("scan", "--csv", GOLDEN, "--include", "KK", "--from", "2024-07-02", "--to", "2024-07-02",
                "--format", "csv");
        ScanCommandTest.Run defaults = run("scan", "--csv", GOLDEN, "--include", "KK", "--format", "csv");

        assertThat(r.err()).contains("lcscanner: 1 hit of lc (").contains(" in 1 ticker, ");
        assertThat(r.out().lines().skip(1).toList()).singleElement().asString().startsWith("KK,2024-07-02,");
        assertThat(defaults.err()).contains("from 2024-10-31 to 2025-10-31");
    }
}
