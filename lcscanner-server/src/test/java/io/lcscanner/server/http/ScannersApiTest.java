package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcscanner.core.Golden;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.HitSchema;
import io.lcscanner.core.OutcomeSummary;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.source.CsvBarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.Json;
import io.lcscanner.server.scan.FileScanStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/scanners} and scans of any scanner through the API: storing, reading, replacing and deleting
 * user documents, validation, a scan by name and by inline document with its params, its own columns and
 * export, LC with outcomes and its summary, and all of it after a restart.
 */
class ScannersApiTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final LocalDate FROM = LocalDate.of(2024, 1, 2), TO = LocalDate.of(2025, 6, 30);

    @TempDir
    Path dir;

    static String example(String name) throws Exception {
        return Files.readString(Golden.root().resolve("examples/scanners/" + name + ".json"));
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }

    private static List<String> keys(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static JsonNode error(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode e = TestServer.json(r);
        assertThat(e.path("success").asBoolean(true)).isFalse();
        return e.path("error");
    }

    @Test
    void userDocumentsAreStoredReadReplacedAndDeletedAndBuiltinsStay() throws Exception {
        Path scanners = dir.resolve("scanners");
        Files.createDirectories(scanners);
        Path leftover = scanners.resolve(".gap_and_go.json8123.tmp"); // a killed process's half-written document
        Files.writeString(leftover, "{\"na");
        try (TestServer s = TestServer.start(dir.resolve("results"), new SyntheticMarket(1, 5),
                Map.of("SCANNER_SCANNERS_DIR", scanners.toString()), Duration.ofMinutes(5))) {
            assertThat(leftover).doesNotExist();

            JsonNode list = TestServer.json(s.get("/api/scanners"));
            assertThat(list.path("success").asBoolean()).isTrue();
            assertThat(names(list.path("scanners"), "name")).containsExactly("lc");
            JsonNode lc = list.path("scanners").get(0);
            assertThat(lc.path("builtin").asBoolean()).isTrue();
            assertThat(lc.path("params").path("min_volume").asDouble()).isEqualTo(10_000_000);
            assertThat(lc.path("params").path("min_dollar_volume").asDouble()).isEqualTo(500_000_000);
            assertThat(lc.path("params").path("min_price").asDouble()).isEqualTo(5);
            assertThat(names(lc.path("patterns"), null)).containsExactly("lc_frontside_d3_extended_1",
                    "lc_frontside_d2_extended", "lc_frontside_d2_extended_1");
            assertThat(names(lc.path("columns"), null)).containsExactlyElementsOf(
                    Golden.lcColumns(false).subList(5, Golden.lcColumns(false).size()));

            String text = example("gap_and_go");
            HttpResponse<String> created = s.put("/api/scanners/gap_and_go", text);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(TestServer.json(created).path("created").asBoolean()).isTrue();
            assertThat(Files.readString(scanners.resolve("gap_and_go.json"))).isEqualTo(text); // as sent
            try (var files = Files.list(scanners)) {
                assertThat(files.map(p -> p.getFileName().toString())).containsExactly("gap_and_go.json");
            }

            JsonNode document = Json.MAPPER.readTree(text); // what the listing must say, read independently
            JsonNode listed = TestServer.json(s.get("/api/scanners")).path("scanners");
            assertThat(names(listed, "name")).containsExactly("lc", "gap_and_go");
            JsonNode mine = listed.get(1);
            assertThat(mine.path("builtin").asBoolean()).isFalse();
            assertThat(mine.path("description").asText()).isEqualTo(document.path("description").asText());
            assertThat(keys(mine.path("params"))).containsExactlyElementsOf(keys(document.path("params")));
            assertThat(mine.path("params").path("min_gap").asDouble()).isEqualTo(0.08);
            assertThat(names(mine.path("patterns"), null)).containsExactlyElementsOf(keys(document.path("patterns")));
            assertThat(names(mine.path("columns"), null)).containsExactlyElementsOf(keys(document.path("columns")));

            JsonNode got = TestServer.json(s.get("/api/scanners/gap_and_go"));
            assertThat(got.path("builtin").asBoolean()).isFalse();
            assertThat(got.path("document")).isEqualTo(document);
            JsonNode builtin = TestServer.json(s.get("/api/scanners/lc"));
            assertThat(builtin.path("builtin").asBoolean()).isTrue();
            assertThat(builtin.path("document")).isEqualTo(Json.MAPPER.readTree(ScannerDefinition.lc().json()));

            HttpResponse<String> replaced = s.put("/api/scanners/gap_and_go", text.replace("0.08", "0.12"));
            assertThat(replaced.statusCode()).isEqualTo(200);
            assertThat(TestServer.json(replaced).path("created").asBoolean()).isFalse();
            assertThat(TestServer.json(replaced).path("scanner").path("params").path("min_gap").asDouble()).isEqualTo(0.12);

            // refused: each names what is wrong, and nothing is stored
            assertThat(error(s.put("/api/scanners/other", text), 400).path("field").asText()).isEqualTo("name");
            assertThat(error(s.put("/api/scanners/Bad-Name", text), 400).path("field").asText()).isEqualTo("name");
            JsonNode builtinRefused = error(s.put("/api/scanners/lc", ScannerDefinition.lc().json()), 409);
            assertThat(builtinRefused.path("code").asText()).isEqualTo("builtin_scanner");
            assertThat(builtinRefused.path("message").asText()).contains("lc is a built-in scanner");
            assertThat(error(s.delete("/api/scanners/lc"), 409).path("code").asText()).isEqualTo("builtin_scanner");
            JsonNode bad = error(s.put("/api/scanners/gap_and_go", text.replace("o / pdc - 1", "o / pcd - 1")), 400);
            assertThat(bad.path("code").asText()).isEqualTo("invalid_scanner");
            assertThat(bad.path("problems").toString())
                    .isEqualTo("[{\"key\":\"features.gap\",\"position\":5,\"message\":\"unknown name \\\"pcd\\\"\"}]");
            assertThat(bad.path("message").asText()).contains("features.gap: position 5: unknown name \"pcd\"");
            String padded = text.replaceFirst("\\{", "{\"padding\": \"" + "x".repeat(70_000) + "\", ");
            JsonNode tooBig = error(s.put("/api/scanners/gap_and_go", padded), 400);
            assertThat(tooBig.path("problems").get(0).path("key").asText()).isEmpty();
            assertThat(tooBig.path("problems").get(0).path("message").asText()).contains("64 KiB");
            assertThat(s.put("/api/scanners/gap_and_go", "x".repeat(2 << 20)).statusCode()).isEqualTo(413);
            HttpResponse<String> plain = s.send(s.request("/api/scanners/gap_and_go").header("Content-Type", "text/plain")
                    .PUT(HttpRequest.BodyPublishers.ofString(text)).build());
            assertThat(error(plain, 415).path("code").asText()).isEqualTo("unsupported_media_type");
            HttpResponse<String> foreign = s.send(s.request("/api/scanners/evil").header("Content-Type", "application/json")
                    .header("Origin", "https://evil.example").PUT(HttpRequest.BodyPublishers.ofString(text)).build());
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(TestServer.json(s.get("/api/scanners/gap_and_go")).path("document").path("params").path("min_gap")
                    .asDouble()).isEqualTo(0.12);

            HttpResponse<String> deleted = s.delete("/api/scanners/gap_and_go");
            assertThat(deleted.statusCode()).isEqualTo(200);
            assertThat(scanners.resolve("gap_and_go.json")).doesNotExist();
            assertThat(error(s.get("/api/scanners/gap_and_go"), 404).path("code").asText()).isEqualTo("scanner_not_found");
            assertThat(error(s.delete("/api/scanners/gap_and_go"), 404).path("code").asText()).isEqualTo("scanner_not_found");
            assertThat(names(TestServer.json(s.get("/api/scanners")).path("scanners"), "name")).containsExactly("lc");
        }
    }

    @Test
    void validateAnswersEveryProblemWithKeyAndPosition() throws Exception {
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(1, 5))) {
            JsonNode good = TestServer.json(s.post("/api/scanners/validate", example("backside_fade")));
            assertThat(good.path("valid").asBoolean()).isTrue();
            assertThat(good.path("errors").size()).isZero();
            assertThat(good.path("compile_ms").asDouble()).isGreaterThanOrEqualTo(0);

            // "c_ua >= $min_pric": the param is unknown at 1-based position 9; "c < " ends where a value is expected
            String two = example("backside_fade").replace("c_ua >= $min_price", "c_ua >= $min_pric")
                    .replace("\"c < o and h < h1\"", "\"c < \"");
            HttpResponse<String> r = s.post("/api/scanners/validate", two);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode bad = TestServer.json(r);
            assertThat(bad.path("valid").asBoolean()).isFalse();
            assertThat(names(bad.path("errors"), "key")).containsExactlyInAnyOrder("signals.red_lower_high", "gate");
            for (JsonNode e : bad.path("errors")) {
                if (e.path("key").asText().equals("gate")) {
                    assertThat(e.path("position").asInt()).isEqualTo(9);
                    assertThat(e.path("message").asText()).contains("min_pric");
                } else {
                    assertThat(e.path("position").asInt()).isEqualTo(5);
                }
            }
            JsonNode notJson = TestServer.json(s.post("/api/scanners/validate", "{\"name\": "));
            assertThat(notJson.path("valid").asBoolean()).isFalse();
            assertThat(notJson.path("errors").get(0).path("key").asText()).isEmpty();
            HttpResponse<String> plain = s.send(s.request("/api/scanners/validate").header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString(example("backside_fade"))).build());
            assertThat(plain.statusCode()).isEqualTo(415);
            // nothing was stored by validating
            assertThat(names(TestServer.json(s.get("/api/scanners")).path("scanners"), "name")).containsExactly("lc");
        }
    }

    @Test
    void aScannerByNameOrInlineScansWithItsParamsToItsOwnColumns() throws Exception {
        SyntheticMarket market = new SyntheticMarket(42, 300);
        String text = example("gap_and_go");
        ScannerDefinition gapAndGo = ScannerDefinition.parse(text);
        ScanResult direct;
        try (Scanner scanner = Scanner.builder(market).parallelism(2).build()) {
            direct = scanner.run(ScanRequest.builder(FROM, TO).scanner(gapAndGo).param("min_gap", 0.1).param("min_price", 7)
                    .build(), null);
        }
        assertThat(direct.hits()).as("gap-and-go setups in 300 synthetic tickers").hasSizeGreaterThan(5);
        try (TestServer s = TestServer.start(dir, market)) {
            assertThat(s.put("/api/scanners/gap_and_go", text).statusCode()).isEqualTo(201);
            String body = "{\"scanner\":\"gap_and_go\",\"start_date\":\"" + FROM + "\",\"end_date\":\"" + TO + "\","
                    + "\"params\":{\"min_gap\":0.1},\"filters\":{\"min_price\":7}}";
            String byName = s.execute(body);
            JsonNode p = s.awaitFinal(byName, WAIT);
            assertThat(p.path("status").asText()).as(p.toString()).isEqualTo("completed");
            assertThat(p.path("scanner").asText()).isEqualTo("gap_and_go");
            JsonNode request = p.path("request");
            assertThat(request.path("scanner").asText()).isEqualTo("gap_and_go");
            assertThat(keys(request.path("params"))).containsExactly("min_gap", "min_rvol", "min_price", "min_dollar_volume");
            assertThat(request.path("params").path("min_gap").asDouble()).isEqualTo(0.1);
            assertThat(request.path("params").path("min_price").asDouble()).isEqualTo(7); // the seed's filter, mapped
            assertThat(request.path("lookback_days").asInt()).isEqualTo(60); // the document's
            assertThat(request.path("reference_rounding").asBoolean()).isFalse(); // the document's
            assertThat(request.path("outcomes").asBoolean()).isFalse();

            JsonNode results = TestServer.json(s.get("/api/scan/results/" + byName));
            assertThat(results.path("scanner").asText()).isEqualTo("gap_and_go");
            List<String> columnNames = names(results.path("columns"), "name");
            assertThat(columnNames).containsExactly("ticker", "date", "gap_and_go", "gap_fade", "gap_pct", "rvol",
                    "close_range", "open_price", "close_price", "dollar_volume");
            assertThat(names(results.path("columns"), "kind")).containsExactly("text", "date", "flag", "flag", "number",
                    "number", "number", "number", "number", "number");
            assertThat(names(results.path("columns"), "group")).containsExactly("key", "key", "pattern", "pattern",
                    "value", "value", "value", "value", "value", "value");
            HitsJson.assertSame(direct.hits(), direct.schema(), results.path("results"));
            HttpResponse<String> csv = s.get("/api/scan/results/" + byName + "/export?format=csv");
            StringBuilder expectedCsv = new StringBuilder();
            HitFormat.writeCsv(direct.schema(), direct.hits(), expectedCsv);
            assertThat(csv.body()).isEqualTo(expectedCsv.toString());
            assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
                    .isEqualTo("attachment; filename=\"" + byName + "_gap_and_go_results.csv\"");
            assertThat(Files.readString(dir.resolve(byName).resolve(FileScanStore.SCANNER))).isEqualTo(text);
            JsonNode listed = TestServer.json(s.get("/api/scan/list")).path("scans").get(0);
            assertThat(listed.path("scanner").asText()).isEqualTo("gap_and_go");

            // sorting: by a column of this scanner; score is LC's
            JsonNode byGap = TestServer.json(s.get("/api/scan/results/" + byName + "?sort=gap_pct")).path("results");
            for (int i = 1; i < byGap.size(); i++) {
                assertThat(byGap.get(i - 1).path("gap_pct").doubleValue()).isGreaterThanOrEqualTo(byGap.get(i).path("gap_pct").doubleValue());
            }
            List<String> tickers = names(TestServer.json(s.get("/api/scan/results/" + byName + "?sort=ticker")).path("results"), "ticker");
            assertThat(tickers).isSorted().hasSize(direct.hits().size());
            JsonNode noScore = error(s.get("/api/scan/results/" + byName + "?sort=score"), 400);
            assertThat(noScore.path("field").asText()).isEqualTo("sort");
            assertThat(noScore.path("message").asText()).contains("parabolic_score").contains("gap_and_go");
            assertThat(error(s.get("/api/scan/results/" + byName + "?sort=nope"), 400).path("field").asText()).isEqualTo("sort");

            // the same document inline: the same hits; deleting the stored one changes no stored scan
            ObjectNode inline = (ObjectNode) Json.MAPPER.readTree(body);
            inline.set("scanner", Json.MAPPER.readTree(text));
            String inlineId = s.execute(Json.text(inline));
            assertThat(s.awaitFinal(inlineId, WAIT).path("status").asText()).isEqualTo("completed");
            HitsJson.assertSame(direct.hits(), direct.schema(), TestServer.json(s.get("/api/scan/results/" + inlineId)).path("results"));
            assertThat(s.delete("/api/scanners/gap_and_go").statusCode()).isEqualTo(200);
            assertThat(TestServer.json(s.get("/api/scan/results/" + byName)).path("total_found").asInt()).isEqualTo(direct.hits().size());
            assertThat(dir.resolve(byName).resolve(FileScanStore.SCANNER)).exists();

            // refused requests name their field
            String dates = "\"start_date\":\"" + FROM + "\",\"end_date\":\"" + TO + "\"";
            String inlineScanner = "\"scanner\":" + text;
            JsonNode unknown = error(s.post("/api/scan/execute", "{" + dates + ",\"scanner\":\"gap_and_go\"}"), 400);
            assertThat(unknown.path("code").asText()).isEqualTo("unknown_scanner");
            assertThat(unknown.path("field").asText()).isEqualTo("scanner");
            assertThat(error(s.post("/api/scan/execute", "{" + dates + ",\"scanner\":5}"), 400).path("field").asText())
                    .isEqualTo("scanner");
            assertThat(error(s.post("/api/scan/execute", "{" + dates + "," + inlineScanner + ",\"params\":{\"min_gapp\":1}}"),
                    400).path("field").asText()).isEqualTo("params.min_gapp");
            assertThat(error(s.post("/api/scan/execute", "{" + dates + "," + inlineScanner + ",\"params\":{\"min_gap\":\"x\"}}"),
                    400).path("field").asText()).isEqualTo("params.min_gap");
            JsonNode lcFilter = error(s.post("/api/scan/execute", "{" + dates + "," + inlineScanner
                    + ",\"filters\":{\"min_volume\":20000000}}"), 400);
            assertThat(lcFilter.path("field").asText()).isEqualTo("filters.min_volume");
            assertThat(lcFilter.path("message").asText()).contains("gap_and_go has no such param");
            assertThat(error(s.post("/api/scan/execute", "{" + dates + "," + inlineScanner
                    + ",\"params\":{\"min_price\":6},\"filters\":{\"min_price\":7}}"), 400).path("field").asText())
                    .isEqualTo("filters.min_price");
            JsonNode badInline = error(s.post("/api/scan/execute", "{" + dates + ",\"scanner\":"
                    + text.replace("c * v", "c * vv") + "}"), 400);
            assertThat(badInline.path("code").asText()).isEqualTo("invalid_scanner");
            assertThat(badInline.path("field").asText()).isEqualTo("scanner");
            assertThat(badInline.path("problems").get(0).path("key").asText()).isEqualTo("features.dollar_volume");
            assertThat(badInline.path("problems").get(0).path("position").asInt()).isEqualTo(5);
            // LC's default filters, as the seed's clients send them, are fine with any scanner
            String seedClient = s.execute("{" + dates + "," + inlineScanner
                    + ",\"filters\":{\"min_volume\":10000000,\"min_dollar_volume\":20000000,\"min_price\":5}}");
            assertThat(s.awaitFinal(seedClient, WAIT).path("status").asText()).isEqualTo("completed");
        }
    }

    @Test
    void lcWithOutcomesHasTheLibrarysSummaryAndKeepsEverythingAcrossARestart() throws Exception {
        CsvBarSource golden = new CsvBarSource(Golden.file("bars.csv"));
        ScanResult direct;
        try (Scanner scanner = Scanner.builder(golden).parallelism(2).build()) {
            direct = scanner.run(ScanRequest.builder(Golden.FROM, Golden.TO).outcomes(true).build(), null);
        }
        OutcomeSummary expected = direct.summary().orElseThrow();
        String window = "\"start_date\":\"" + Golden.FROM + "\",\"end_date\":\"" + Golden.TO + "\"";
        String withOutcomes, without, custom;
        JsonNode summaryBefore, resultsBefore, customBefore;
        try (TestServer s = TestServer.start(dir, golden)) {
            withOutcomes = s.execute("{" + window + ",\"outcomes\":true}");
            without = s.execute("{" + window + "}");
            custom = s.execute("{" + window + ",\"scanner\":" + example("backside_fade") + "}");
            for (String id : List.of(withOutcomes, without, custom)) {
                assertThat(s.awaitFinal(id, WAIT).path("status").asText()).isEqualTo("completed");
            }
            JsonNode p = TestServer.json(s.get("/api/scan/progress/" + withOutcomes));
            assertThat(p.path("request").path("outcomes").asBoolean()).isTrue();
            assertThat(p.path("request").path("reference_rounding").asBoolean()).isTrue();
            assertThat(p.path("request").path("lookback_days").asInt()).isEqualTo(400);

            resultsBefore = TestServer.json(s.get("/api/scan/results/" + withOutcomes));
            HitsJson.assertSame(direct.hits(), direct.schema(), resultsBefore.path("results"));
            assertThat(names(resultsBefore.path("columns"), "name")).containsExactlyElementsOf(direct.schema().names());
            assertThat(resultsBefore.path("columns").get(6).path("labels").toString()).isEqualTo("[\"A+\",\"A\",\"B\",\"C\",\"D\"]");
            assertThat(names(resultsBefore.path("columns"), "group").subList(24, 32)).containsOnly("outcome");
            // sorting by score still works for LC
            JsonNode byScore = TestServer.json(s.get("/api/scan/results/" + withOutcomes + "?sort=score")).path("results");
            for (int i = 1; i < byScore.size(); i++) {
                assertThat(byScore.get(i - 1).path("parabolic_score").doubleValue())
                        .isGreaterThanOrEqualTo(byScore.get(i).path("parabolic_score").doubleValue());
            }

            summaryBefore = TestServer.json(s.get("/api/scan/results/" + withOutcomes + "/summary"));
            assertThat(summaryBefore.path("scanner").asText()).isEqualTo("lc");
            JsonNode summary = summaryBefore.path("summary");
            assertGroup(summary.path("overall"), expected.overall());
            assertThat(keys(summary.path("by_pattern"))).containsExactlyElementsOf(expected.byPattern().keySet());
            expected.byPattern().forEach((name, g) -> assertGroup(summary.path("by_pattern").path(name), g));
            assertThat(keys(summary.path("by_tier"))).containsExactly("A+", "A", "B", "C", "D");
            expected.byTier().forEach((name, g) -> assertGroup(summary.path("by_tier").path(name), g));

            JsonNode none = error(s.get("/api/scan/results/" + without + "/summary"), 404);
            assertThat(none.path("code").asText()).isEqualTo("no_summary");
            assertThat(error(s.get("/api/scan/results/" + custom + "/summary"), 404).path("code").asText())
                    .isEqualTo("no_summary");
            customBefore = TestServer.json(s.get("/api/scan/results/" + custom));
            assertThat(customBefore.path("scanner").asText()).isEqualTo("backside_fade");
        }

        // what a scan stored before there were other scanners: no scanner, no columns (LC's, with §7 when it ran)
        Path old = dir.resolve(without).resolve(FileScanStore.METADATA);
        ObjectNode meta = (ObjectNode) Json.MAPPER.readTree(old.toFile());
        meta.remove(List.of("scanner", "columns"));
        Files.writeString(old, Json.text(meta));

        try (TestServer s = TestServer.start(dir, golden)) {
            assertThat(TestServer.json(s.get("/api/scan/results/" + withOutcomes))).isEqualTo(resultsBefore);
            assertThat(TestServer.json(s.get("/api/scan/results/" + withOutcomes + "/summary"))).isEqualTo(summaryBefore);
            assertThat(TestServer.json(s.get("/api/scan/results/" + custom))).isEqualTo(customBefore);
            JsonNode oldResults = TestServer.json(s.get("/api/scan/results/" + without));
            assertThat(oldResults.path("scanner").asText()).isEqualTo("lc");
            assertThat(names(oldResults.path("columns"), "name")).containsExactlyElementsOf(Golden.lcColumns(false));
            JsonNode list = TestServer.json(s.get("/api/scan/list")).path("scans");
            List<String> scanners = new ArrayList<>();
            for (Iterator<JsonNode> it = list.elements(); it.hasNext(); ) {
                JsonNode scan = it.next();
                scanners.add(scan.path("scan_id").asText() + " " + scan.path("scanner").asText());
            }
            assertThat(scanners).containsExactlyInAnyOrder(withOutcomes + " lc", without + " lc", custom + " backside_fade");
        }
    }

    @Test
    void aSummaryWaitsForItsScan() throws Exception {
        try (TestServer s = TestServer.start(dir, new SlowSource(new CsvBarSource(Golden.file("bars.csv")), 50))) {
            String id = s.execute("{\"start_date\":\"2024-07-01\",\"end_date\":\"2025-10-31\",\"outcomes\":true}");
            s.awaitStatus(id, "running", WAIT);
            assertThat(error(s.get("/api/scan/results/" + id + "/summary"), 409).path("code").asText())
                    .isEqualTo("scan_not_finished");
            assertThat(s.post("/api/scan/" + id + "/cancel", "").statusCode()).isEqualTo(200);
            s.awaitFinal(id, WAIT);
            assertThat(error(s.get("/api/scan/results/" + id + "/summary"), 409).path("code").asText()).isEqualTo("no_results");
        }
    }

    private static void assertGroup(JsonNode json, OutcomeSummary.Group g) {
        assertThat(json.path("hits").asInt()).isEqualTo(g.hits());
        assertThat(json.path("hits_with_next_day").asInt()).isEqualTo(g.hitsWithNextDay());
        assertNumber(json.path("mean_next_day_return"), g.meanNextDayReturn());
        assertNumber(json.path("median_next_day_return"), g.medianNextDayReturn());
        assertNumber(json.path("share_next_day_return_negative"), g.shareNextDayReturnNegative());
        assertNumber(json.path("mean_next_open_gap"), g.meanNextOpenGap());
        assertNumber(json.path("mean_ret_5d"), g.meanRet5d());
        assertNumber(json.path("mean_max_high_5d"), g.meanMaxHigh5d());
        assertNumber(json.path("mean_min_low_5d"), g.meanMinLow5d());
        assertThat(keys(json)).hasSize(9);
    }

    private static void assertNumber(JsonNode json, Double expected) {
        if (expected == null) {
            assertThat(json.isNull()).as(json.toString()).isTrue();
        } else {
            assertThat(json.doubleValue()).isEqualTo(expected);
        }
    }
}
