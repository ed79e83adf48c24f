package io.lcscanner.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcscanner.core.Golden;
import io.lcscanner.core.HitFormat;
import io.lcscanner.server.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code scan} command as a user runs it: arguments in, text and exit status out. */
class ScanCommandTest {

    @TempDir
    Path dir;

    /** Output of one command run. */
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void goldenCsvScanPrintsExactlyTheExpectedHits() throws Exception {
        Run r = run("scan", "--csv", Golden.file("bars.csv").toString(), "--from", "2024-07-01", "--to", "2025-10-31",
                "--format", "csv");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).containsExactlyElementsOf(Golden.lines("expected_hits.csv"));
        assertThat(r.err()).contains("38 hits").contains("120 tickers");
    }

    @Test
    void outAndStatsFilesAreWritten() throws Exception {
        Path out = dir.resolve("hits.json"), stats = dir.resolve("stats.json");
        Run r = run("scan", "--csv", Golden.file("bars.csv").toString(), "--from", "2024-07-01", "--to", "2025-10-31",
                "--out", out.toString(), "--stats", stats.toString(), "--quiet");

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEmpty();
        JsonNode hits = new ObjectMapper().readTree(out.toFile());
        assertThat(hits).hasSize(38);
        assertThat(hits.get(0).get("ticker").asText()).isEqualTo("KK");
        assertThat(hits.get(0).get("parabolic_score").asDouble()).isEqualTo(77.0);
        List<String> fields = new java.util.ArrayList<>();
        hits.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyElementsOf(io.lcscanner.core.Golden.lcColumns(false));

        JsonNode s = new ObjectMapper().readTree(stats.toFile());
        List<String> keys = new java.util.ArrayList<>();
        s.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("tickers", "bars", "hits", "phases_ms", "total_ms");
        assertThat(s.get("tickers").asInt()).isEqualTo(120);
        assertThat(s.get("hits").asInt()).isEqualTo(38);
        assertThat(s.get("bars").asLong()).isGreaterThan(40_000);
        List<String> phases = new java.util.ArrayList<>();
        s.get("phases_ms").fieldNames().forEachRemaining(phases::add);
        assertThat(phases).containsExactly("load", "compute", "write");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("hits.json", "stats.json");
        }
    }

    @Test
    void syntheticMarketScanRunsWithoutAnyArguments() {
        Run r = run("scan", "--tickers", "300", "--format", "csv", "--no-intraday");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out().lines().findFirst()).hasValue(String.join(",", io.lcscanner.core.Golden.lcColumns(false)));
        assertThat(r.err()).contains("synthetic:").contains("300 tickers");
    }

    @Test
    void badArgumentsExitWithTwoAndNameTheOption() {
        assertThat(run("scan", "--frm", "2024-01-01")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("--frm: unknown option");
        });
        assertThat(run("scan", "--from", "2024-13-01", "--to", "2024-12-31").err()).contains("--from: not a date");
        assertThat(run("scan", "--from", "2024-06-01", "--to", "2024-01-31")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("--to: must not be before from");
        });
        assertThat(run("scan", "--min-volume", "-5").err()).contains("--min-volume: must be a number ≥ 0");
        assertThat(run("scan", "--include", "AA PL", "--from", "2024-01-02", "--to", "2024-02-01").err())
                .contains("--include: contains an invalid ticker");
        assertThat(run("scan", "--format", "xml").err()).contains("--format: must be one of table|csv|json");
        assertThat(run("scan", "--threads", "0").err()).contains("--threads: must be between 1 and 1024");
        assertThat(run("scan", "--csv", dir.resolve("missing.csv").toString())).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("--csv: no such file");
        });
        assertThat(run("scan", "--lookback-days")).satisfies(r -> {
            assertThat(r.status()).isEqualTo(2);
            assertThat(r.err()).contains("--lookback-days: needs a value");
        });
    }

    @Test
    void badDataExitsWithOneAndNamesFileAndLine() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "ticker,date,open,high,low,close,volume\nAAA,2024-01-02,5,6,4,5,12x\n");
        Run r = run("scan", "--csv", bad.toString(), "--from", "2024-01-02", "--to", "2024-01-31");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("bad.csv line 2: unparsable number \"12x\" in column volume");
    }

    @Test
    void helpDocumentsEveryOption() {
        Run r = run("scan", "--help");
        assertThat(r.status()).isZero();
        for (String option : List.of("--from", "--to", "--source", "--csv", "--seed", "--tickers", "--lookback-days",
                "--no-reference-rounding", "--min-volume", "--min-dollar-volume", "--min-price", "--include", "--exclude",
                "--threads", "--format", "--out", "--stats", "--quiet", "--intraday", "--no-intraday",
                "--require-pm-liquidity")) {
            assertThat(r.out()).contains(option);
        }
        assertThat(run().status()).isEqualTo(2);
        assertThat(run("frobnicate").err()).contains("unknown command \"frobnicate\"");
    }

    @Test
    void syntheticScanPrintsTheFivePremarketFieldsForEveryHit() {
        Run r = run("scan", "--tickers", "1000", "--from", "2025-01-02", "--to", "2025-12-31", "--format", "csv", "--quiet");
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(String.join(",", io.lcscanner.core.Golden.lcColumns(true)));
        assertThat(lines).as("a year of 1000 synthetic tickers has hits").hasSizeGreaterThan(5);
        int columns = io.lcscanner.core.Golden.lcColumns(true).size();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).hasSize(columns);
            // avg_5d_pm_dol_vol and valid_pm_liq always; next-day fields too, as every D+1 lies in the past
            for (int c = columns - 5; c < columns; c++) {
                assertThat(cells[c]).as(line).isNotEmpty();
            }
            assertThat(cells[columns - 4]).isIn("0", "1");
        }
    }
}
