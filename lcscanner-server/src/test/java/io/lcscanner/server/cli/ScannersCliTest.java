package io.lcscanner.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.Golden;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.OutcomeSummary;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.source.CsvBarSource;
import io.lcscanner.server.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line with scanners other than LC: {@code scan --scanner NAME|FILE --param}, outcomes and their
 * summary, and the {@code scanners} command.
 */
class ScannersCliTest {
    private static final LocalDate FROM = LocalDate.of(2023, 6, 1), TO = LocalDate.of(2025, 10, 31);

    @TempDir
    Path dir;

    private static Path example(String name) {
        return Golden.root().resolve("examples/scanners/" + name + ".json");
    }

    private static ScanResult library(ScanRequest request) {
        try (Scanner scanner = Scanner.builder(new CsvBarSource(Golden.file("bars.csv"))).parallelism(2).build()) {
            return scanner.run(request, null);
        }
    }

    private static String csv(ScanResult result) {
        StringBuilder out = new StringBuilder();
        HitFormat.writeCsv(result.schema(), result.hits(), out);
        return out.toString();
    }

    private static List<String> keys(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Done when (issue 12): each example prints ticker,date, a 0/1 column per pattern, then its columns, as the library finds. */
    @Test
    void eachExampleScansFromTheCommandLineAsTheLibraryDoes() throws Exception {
        for (String name : List.of("gap_and_go", "backside_fade", "quiet_base_breakout")) {
            ScanCommandTest.Run r = ScanCommandTest.run("scan", "--scanner", example(name).toString(), "--csv",
                    Golden.file("bars.csv").toString(), "--from", FROM.toString(), "--to", TO.toString(), "--format", "csv");
            assertThat(r.status()).as(name + ": " + r.err()).isZero();

            JsonNode document = Json.MAPPER.readTree(example(name).toFile()); // the header, read from the document itself
            List<String> header = new ArrayList<>(List.of("ticker", "date"));
            header.addAll(keys(document.path("patterns")));
            header.addAll(keys(document.path("columns")));
            List<String> lines = r.out().lines().toList();
            assertThat(lines.get(0)).as(name).isEqualTo(String.join(",", header));
            int patterns = document.path("patterns").size();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",", -1);
                assertThat(cells).as(line).hasSize(header.size());
                for (int p = 2; p < 2 + patterns; p++) {
                    assertThat(cells[p]).as(line).isIn("0", "1");
                }
            }

            ScanResult own = library(ScanRequest.builder(FROM, TO)
                    .scanner(ScannerDefinition.parse(Files.readString(example(name)))).build());
            assertThat(own.hits()).as("hits of %s in the golden bars", name).isNotEmpty();
            assertThat(r.out()).as(name).isEqualTo(csv(own));
            assertThat(r.err()).contains(ScanCommand.count(own.hits().size(), "hit") + " of " + name);
        }
    }

    @Test
    void aStoredDocumentByNameWithParamsAndLcsOptionsWhereTheyApply() throws Exception {
        Path scanners = Files.createDirectories(dir.resolve("scanners"));
        Files.copy(example("gap_and_go"), scanners.resolve("gap_and_go.json"));
        ScanCommandTest.Run r = ScanCommandTest.run("scan", "--scanners-dir", scanners.toString(), "--scanner", "gap_and_go",
                "--param", "min_gap=0.05", "--param", "min_rvol=2", "--min-price", "10", "--csv", Golden.file("bars.csv").toString(),
                "--from", FROM.toString(), "--to", TO.toString(), "--format", "csv", "--quiet");
        assertThat(r.status()).as(r.err()).isZero();
        ScanResult own = library(ScanRequest.builder(FROM, TO).scanner(ScannerDefinition.parse(Files.readString(example("gap_and_go"))))
                .param("min_gap", 0.05).param("min_rvol", 2).param("min_price", 10).build());
        assertThat(own.hits()).isNotEmpty();
        assertThat(r.out()).isEqualTo(csv(own));

        String[] base = {"scan", "--scanner", example("gap_and_go").toString(), "--csv", Golden.file("bars.csv").toString(),
                "--from", "2024-01-02", "--to", "2024-03-28"};
        assertThat(run(base, "--min-volume", "5")).satisfies(e -> {
            assertThat(e.status()).isEqualTo(2);
            assertThat(e.err()).contains("--min-volume: sets LC's param min_volume, which scanner gap_and_go does not have")
                    .contains("min_gap, min_rvol, min_price, min_dollar_volume");
        });
        assertThat(run(base, "--param", "min_gapp=1").err()).contains("--param min_gapp: is not a param of gap_and_go");
        assertThat(run(base, "--param", "min_gap").err()).contains("--param: expects NAME=VALUE, got \"min_gap\"");
        assertThat(run(base, "--param", "min_gap=lots").err()).contains("--param min_gap: not a number: \"lots\"");
        assertThat(run(base, "--param", "min_gap=1", "--param", "min_gap=2").err()).contains("--param min_gap: given more than once");
        assertThat(run(base, "--min-price", "6", "--param", "min_price=7").err()).contains("--min-price: contradicts --param min_price");
        // a window param must stay a whole number of bars
        Path base20 = dir.resolve("base.json");
        Files.copy(example("quiet_base_breakout"), base20);
        ScanCommandTest.Run window = ScanCommandTest.run("scan", "--scanner", base20.toString(), "--param", "base_days=2.5",
                "--csv", Golden.file("bars.csv").toString(), "--from", "2024-01-02", "--to", "2024-03-28");
        assertThat(window.status()).isEqualTo(2);
        assertThat(window.err()).contains("--param base_days: must be an integer between 1 and 1000");
    }

    private static ScanCommandTest.Run run(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return ScanCommandTest.run(all);
    }

    @Test
    void badDocumentsAndUnknownNamesExitTwoWithEveryProblem() throws Exception {
        Path bad = dir.resolve("gap.json");
        Files.writeString(bad, Files.readString(example("gap_and_go")).replace("o / pdc - 1", "o / pcd - 1")
                .replace("c_ua >= $min_price", "c_ua >= $min_pric"));
        ScanCommandTest.Run r = ScanCommandTest.run("scan", "--scanner", bad.toString(), "--csv", dir.resolve("never-read.csv").toString(),
                "--from", "2024-01-02", "--to", "2024-03-28");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("--scanner: gap.json is not a valid scanner document:")
                .contains("  features.gap: position 5: unknown name \"pcd\"").contains("  gate: position 9:");
        assertThat(r.out()).isEmpty();

        ScanCommandTest.Run unknown = ScanCommandTest.run("scan", "--scanner", "gap_and_go", "--tickers", "10");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("--scanner: no built-in scanner, no document in scanners and no file named \"gap_and_go\" (built-ins: lc; see the scanners command)");

        ScanCommandTest.Run validate = ScanCommandTest.run("scanners", "validate", bad.toString());
        assertThat(validate.status()).isEqualTo(2);
        List<String> problems = validate.out().lines().toList();
        assertThat(problems).hasSize(2).contains("features.gap: position 5: unknown name \"pcd\" (did you mean \"pdc\"?)")
                .anyMatch(p -> p.startsWith("gate: position 9: ") && p.contains("min_pric"));
        assertThat(validate.err()).contains("gap.json: 2 problems");

        for (String name : List.of("gap_and_go", "backside_fade", "quiet_base_breakout")) {
            ScanCommandTest.Run ok = ScanCommandTest.run("scanners", "validate", example(name).toString());
            assertThat(ok.status()).as(ok.err()).isZero();
            assertThat(ok.out().lines().toList()).hasSize(1);
        }
        assertThat(ScanCommandTest.run("scanners", "validate", example("gap_and_go").toString()).out())
                .endsWith("gap_and_go.json: OK, scanner gap_and_go with 2 patterns, 6 columns and 4 params; estimated cost 57 "
                        + "operations per bar\n");
        assertThat(ScanCommandTest.run("scanners", "validate", dir.resolve("missing.json").toString())).satisfies(m -> {
            assertThat(m.status()).isEqualTo(2);
            assertThat(m.err()).contains("FILE: missing.json: no such file or directory");
        });
        assertThat(ScanCommandTest.run("scanners", "validate")).satisfies(m -> {
            assertThat(m.status()).isEqualTo(2);
            assertThat(m.err()).contains("FILE: needs a value");
        });
    }

    @Test
    void theScannersCommandListsBuiltinsAndTheUserDocuments() throws Exception {
        ScanCommandTest.Run builtins = ScanCommandTest.run("scanners");
        assertThat(builtins.status()).isZero();
        assertThat(builtins.out()).startsWith("lc  (built-in)\n  Large-cap parabolic frontside")
                .contains("  params:   min_volume=10000000, min_dollar_volume=500000000, min_price=5\n")
                .contains("  patterns: lc_frontside_d3_extended_1, lc_frontside_d2_extended, lc_frontside_d2_extended_1\n")
                .contains("  columns:  parabolic_score, parabolic_tier, gap_pct,")
                .endsWith("1 built-in, 0 of yours in scanners (no such folder yet: the server's PUT /api/scanners/NAME "
                        + "stores there, or set --scanners-dir/SCANNER_SCANNERS_DIR)\n");

        Path scanners = Files.createDirectories(dir.resolve("mine"));
        Files.copy(example("quiet_base_breakout"), scanners.resolve("quiet_base_breakout.json"));
        Files.copy(example("backside_fade"), scanners.resolve("backside_fade.json"));
        ScanCommandTest.Run all = ScanCommandTest.run("scanners", "--scanners-dir", scanners.toString());
        assertThat(all.status()).as(all.err()).isZero();
        List<String> names = all.out().lines().filter(l -> !l.isEmpty() && !l.startsWith(" ")).toList();
        assertThat(names).containsExactly("lc  (built-in)", "backside_fade  (" + scanners.resolve("backside_fade.json") + ")",
                "quiet_base_breakout  (" + scanners.resolve("quiet_base_breakout.json") + ")",
                "1 built-in, 2 of yours in " + scanners);
        assertThat(all.out()).contains("  params:   base_days=20, max_depth=0.12, min_rvol=1.5, min_price=5, min_volume=500000\n")
                .contains("  patterns: base_breakout, strong_close_breakout\n");
        assertThat(ScanCommandTest.run("scanners", "--help").out()).contains("--scanners-dir").contains("scanners validate FILE");
        assertThat(ScanCommandTest.run("scanners", "--frobnicate").status()).isEqualTo(2);
    }

    @Test
    void outcomesAddTheirFieldsAndTheSummaryGoesToStderrAndAFile() throws Exception {
        Path summaryFile = dir.resolve("summary.json");
        ScanCommandTest.Run r = ScanCommandTest.run("scan", "--csv", Golden.file("bars.csv").toString(), "--from",
                Golden.FROM.toString(), "--to", Golden.TO.toString(), "--format", "csv", "--summary", summaryFile.toString());
        assertThat(r.status()).as(r.err()).isZero();
        ScanResult own = library(ScanRequest.builder(Golden.FROM, Golden.TO).outcomes(true).build());
        assertThat(r.out()).isEqualTo(csv(own));
        assertThat(r.out().lines().findFirst().orElseThrow()).endsWith(",close_range,next_open_gap,next_day_return,"
                + "next_high,next_low,ret_1d,ret_5d,max_high_5d,min_low_5d");

        OutcomeSummary expected = own.summary().orElseThrow();
        JsonNode file = Json.MAPPER.readTree(summaryFile.toFile());
        assertThat(keys(file)).containsExactly("overall", "by_pattern", "by_tier");
        assertThat(file.path("overall").path("hits").asInt()).isEqualTo(38);
        assertThat(file.path("overall").path("mean_next_day_return").doubleValue()).isEqualTo(expected.overall().meanNextDayReturn());
        assertThat(file.path("overall").path("mean_ret_5d").doubleValue()).isEqualTo(expected.overall().meanRet5d());
        assertThat(keys(file.path("by_pattern"))).containsExactlyElementsOf(expected.byPattern().keySet());
        assertThat(keys(file.path("by_tier"))).containsExactly("A+", "A", "B", "C", "D");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("summary.json"); // no temporary left
        }

        // the table after the hits: overall, each pattern, each tier, returns as signed percentages
        List<String> err = r.err().lines().toList();
        int header = err.indexOf(err.stream().filter(l -> l.startsWith("outcomes ")).findFirst().orElseThrow());
        assertThat(err.get(header)).contains("hits").contains("mean D+1").contains("median D+1").contains("D+1 < 0");
        String all = err.get(header + 1);
        assertThat(all).startsWith("all").contains(" 38 ")
                .contains(String.format(Locale.ROOT, "%+.2f %%", expected.overall().meanNextDayReturn() * 100))
                .contains(Math.round(expected.overall().shareNextDayReturnNegative() * 100) + " %");
        assertThat(err.get(header + 2)).startsWith("pattern lc_frontside_d3_extended_1");
        assertThat(err.get(header + 5)).startsWith("tier A+");
        assertThat(err.get(header + 9)).startsWith("tier D");
        assertThat(err.subList(0, header)).anyMatch(l -> l.contains("38 hits of lc"));
    }

    @Test
    void helpDocumentsTheScannerOptions() {
        String help = ScanCommandTest.run("scan", "--help").out();
        for (String option : List.of("--scanner", "--scanners-dir", "--param", "--outcomes", "--summary")) {
            assertThat(help).contains(option);
        }
        assertThat(ScanCommandTest.run("help").out()).contains("scanners validate FILE");
    }
}
