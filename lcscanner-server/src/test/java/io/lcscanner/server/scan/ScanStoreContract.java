package io.lcscanner.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.Golden;
import io.lcscanner.core.Hit;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.source.InMemoryBarSource;
import io.lcscanner.server.Json;
import io.lcscanner.server.OutcomeSummaryJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ScanStore} must do, run against each implementation (FileScanStoreTest, PostgresScanStoreTest)
 * on the golden scan: exports are the golden file's bytes ({@code -0.0} included), pages sort and filter as an
 * independent implementation here does on {@code expected_hits.csv}, records and summaries come back, deletes
 * leave nothing.
 */
abstract class ScanStoreContract {
    static ScanResult golden;
    static ScanResult withOutcomes;
    /** expected_hits.csv's rows, split into cells: the reference's hits, what the stores must give back. */
    static List<String[]> rows;
    static List<String> header;
    private static int counter;

    /** A fresh, empty store. */
    abstract ScanStore newStore() throws Exception;

    @BeforeAll
    static void scanTheGoldenMarket() throws Exception {
        if (golden != null) {
            return;
        }
        try (Scanner scanner = Scanner.builder(new InMemoryBarSource("golden", Golden.series(t -> true))).parallelism(2).build()) {
            golden = scanner.run(Golden.request(), p -> { });
            withOutcomes = scanner.run(ScanRequest.builder(Golden.FROM, Golden.TO).outcomes(true).build(), p -> { });
        }
        List<String> lines = Golden.lines("expected_hits.csv");
        header = List.of(lines.get(0).split(","));
        rows = lines.subList(1, lines.size()).stream().map(l -> l.split(",", -1)).toList();
    }

    static String newId() {
        return String.format("scan_20251201_120000_%08x", ++counter + (int) (System.nanoTime() & 0xfff0000));
    }

    static String stored(ScanStore store, ScanResult result) throws IOException {
        String id = newId();
        try (ScanStore.ResultsWriter w = store.writeResults(id, result.schema())) {
            for (Hit h : result.hits()) {
                w.append(h);
            }
            w.finish(result.summary().orElse(null));
        }
        return id;
    }

    static byte[] export(ScanStore store, String id, ScanStore.ExportFormat format) throws IOException {
        try (ScanStore.Export e = store.openExport(id, format).orElseThrow()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(1000); // small reads: the rows come in several batches
            while (e.body().read(b) >= 0) {
                out.write(b.array(), 0, b.position());
                b.clear();
            }
            byte[] bytes = out.toByteArray();
            if (e.length() >= 0) {
                assertThat(e.length()).as("the export's announced length").isEqualTo(bytes.length);
            }
            return bytes;
        }
    }

    @Test
    void exportsAreTheReferenceBytesNegativeZeroIncluded() throws Exception {
        ScanStore store = newStore();
        String id = stored(store, golden);
        byte[] csv = export(store, id, ScanStore.ExportFormat.CSV);
        assertThat(new String(csv, StandardCharsets.UTF_8)).isEqualTo(new String(Golden.bytes("expected_hits.csv"), StandardCharsets.UTF_8));
        assertThat(new String(csv, StandardCharsets.UTF_8)).contains("SD,2025-08-05,0,0,1,25.0,D,-0.0,");
        StringBuilder json = new StringBuilder();
        HitFormat.writeJson(golden.schema(), golden.hits(), json);
        assertThat(new String(export(store, id, ScanStore.ExportFormat.JSON), StandardCharsets.UTF_8)).isEqualTo(json.toString());
    }

    @Test
    void aScanWithoutHitsExportsAnEmptyTableAndArray() throws Exception {
        ScanStore store = newStore();
        ScanResult none = new ScanResult(golden.schema(), List.of(), golden.stats(), List.of());
        String id = stored(store, none);
        assertThat(new String(export(store, id, ScanStore.ExportFormat.CSV), StandardCharsets.UTF_8))
                .isEqualTo(String.join(",", header) + "\n");
        assertThat(new String(export(store, id, ScanStore.ExportFormat.JSON), StandardCharsets.UTF_8)).isEqualTo("[]\n");
        ScanStore.ResultPage page = store.readPage(id, ScanRecord.Column.of(none.schema()), query(null, false, List.of(), 0, 10)).orElseThrow();
        assertThat(page.totalFound()).isZero();
        assertThat(page.rows()).isEmpty();
    }

    @Test
    void pagesInStoredOrderCarryEveryValueAsExported() throws Exception {
        ScanStore store = newStore();
        String id = stored(store, golden);
        List<ScanRecord.Column> columns = ScanRecord.Column.of(golden.schema());
        List<JsonNode> all = new ArrayList<>();
        for (long offset = 0; ; offset += 7) {
            ScanStore.ResultPage page = store.readPage(id, columns, query(null, false, List.of(), offset, 7)).orElseThrow();
            assertThat(page.totalFound()).isEqualTo(rows.size());
            all.addAll(page.rows());
            if (page.rows().size() < 7) {
                break;
            }
        }
        assertThat(all).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(cells(all.get(i))).as("hit " + i).containsExactly(rows.get(i));
        }
        JsonNode sd = all.stream().filter(r -> r.path("ticker").asText().equals("SD")
                && r.path("date").asText().equals("2025-08-05")).findFirst().orElseThrow();
        assertThat(sd.get("gap_pct").toString()).isEqualTo("-0.0");
        assertThat(store.readPage(id, columns, query(null, false, List.of(), rows.size() + 5, 10)).orElseThrow().rows()).isEmpty();
    }

    @Test
    void pagesSortAndFilterAsTheReferenceRowsDo() throws Exception {
        ScanStore store = newStore();
        String id = stored(store, golden);
        List<ScanRecord.Column> columns = ScanRecord.Column.of(golden.schema());
        ScanRecord.Column score = column(columns, "parabolic_score");
        ScanRecord.Column gap = column(columns, "gap_pct");
        ScanRecord.Column tier = column(columns, "parabolic_tier");
        ScanRecord.Column ticker = column(columns, "ticker");
        ScanRecord.Column d2 = column(columns, "lc_frontside_d2_extended");

        assertPage(store, id, columns, query(score, true, List.of(), 0, 100), expected(cell("parabolic_score", true), true, r -> true));
        assertPage(store, id, columns, query(gap, false, List.of(), 0, 100), expected(cell("gap_pct", true), false, r -> true));
        assertPage(store, id, columns, query(ticker, true, List.of(), 0, 100), expected(cell("ticker", false), true, r -> true));
        assertPage(store, id, columns, query(tier, false, List.of(), 0, 100), expected(cell("parabolic_tier", false), false, r -> true));
        assertPage(store, id, columns, query(score, false, List.of(new ScanStore.Filter(d2, "1")), 3, 5),
                expected(cell("parabolic_score", true), false, r -> r[header.indexOf("lc_frontside_d2_extended")].equals("1")).subList(3, 8));
        assertPage(store, id, columns, query(null, false, List.of(new ScanStore.Filter(tier, "A+"), new ScanStore.Filter(d2, "0")), 0, 100),
                expected(null, false, r -> r[header.indexOf("parabolic_tier")].equals("A+") && r[header.indexOf("lc_frontside_d2_extended")].equals("0")));
        assertPage(store, id, columns, query(null, false, List.of(new ScanStore.Filter(ticker, "SD")), 0, 100),
                expected(null, false, r -> r[0].equals("SD")));
        assertPage(store, id, columns, query(null, false, List.of(new ScanStore.Filter(tier, "Z")), 0, 100), List.of());
    }

    @Test
    void theSummaryComesBackAndAScanWithoutOutcomesHasNone() throws Exception {
        ScanStore store = newStore();
        String with = stored(store, withOutcomes);
        String without = stored(store, golden);
        assertThat(store.readSummary(with).orElseThrow())
                .isEqualTo(Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(OutcomeSummaryJson.of(withOutcomes.summary().orElseThrow()))));
        assertThat(store.readSummary(without)).isEmpty();
        StringBuilder csv = new StringBuilder();
        HitFormat.writeCsv(withOutcomes.schema(), withOutcomes.hits(), csv);
        assertThat(new String(export(store, with, ScanStore.ExportFormat.CSV), StandardCharsets.UTF_8)).isEqualTo(csv.toString());
    }

    @Test
    void unfinishedHitsAreNotReadable() throws Exception {
        ScanStore store = newStore();
        String id = newId();
        try (ScanStore.ResultsWriter w = store.writeResults(id, golden.schema())) {
            w.append(golden.hits().get(0));
        }
        assertThat(store.readPage(id, ScanRecord.Column.of(golden.schema()), query(null, false, List.of(), 0, 10))).isEmpty();
        assertThat(store.openExport(id, ScanStore.ExportFormat.CSV)).isEmpty();
        assertThat(store.readSummary(id)).isEmpty();
    }

    @Test
    void recordsComeBackAndDeleteLeavesNothing() throws Exception {
        ScanStore store = newStore();
        ScanRecord r = new ScanRecord(newId(), Instant.parse("2025-12-01T12:00:00Z"), Golden.request(),
                Json.object().put("start_date", "2024-07-01"), false, "csv", "test-instance");
        String document = "{\"name\":\"lc\",  \"b\":1,\"a\":2, \"é\": \"→\"}\n";
        store.saveScanner(r.id(), document);
        assertThat(store.exists(r.id())).isTrue();
        assertThat(store.readScanner(r.id())).hasValue(document);
        store.saveMetadata(r);
        r.markRunning(Instant.parse("2025-12-01T12:00:01Z"));
        store.saveMetadata(r);
        ScanRecord loaded = store.loadAll().stream().filter(x -> x.id().equals(r.id())).findFirst().orElseThrow();
        assertThat(loaded.status().json()).isEqualTo("running");
        assertThat(loaded.progressJson().startedAt()).isEqualTo("2025-12-01T12:00:01Z");
        assertThat(loaded.progressJson().request().path("start_date").asText()).isEqualTo("2024-07-01");

        try (ScanStore.ResultsWriter w = store.writeResults(r.id(), golden.schema())) {
            golden.hits().forEach(h -> {
                try {
                    w.append(h);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            w.finish(null);
        }
        store.delete(r);
        assertThat(store.exists(r.id())).isFalse();
        assertThat(store.readScanner(r.id())).isEmpty();
        assertThat(store.loadAll()).noneMatch(x -> x.id().equals(r.id()));
        assertThat(store.openExport(r.id(), ScanStore.ExportFormat.JSON)).isEmpty();
        assertThat(store.readPage(r.id(), ScanRecord.Column.of(golden.schema()), query(null, false, List.of(), 0, 10))).isEmpty();
        store.saveMetadata(r); // a late progress write brings nothing back
        assertThat(store.exists(r.id())).isFalse();
    }

    static ScanStore.ResultQuery query(ScanRecord.Column sortBy, boolean descending, List<ScanStore.Filter> filters, long offset, int limit) {
        return new ScanStore.ResultQuery(sortBy, descending, filters, offset, limit);
    }

    private static ScanRecord.Column column(List<ScanRecord.Column> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** A sort key of a reference row: the number (empty = missing), or the text. */
    private static Comparator<String[]> cell(String name, boolean number) {
        int i = header.indexOf(name);
        return number ? Comparator.comparingDouble(r -> Double.parseDouble(r[i]) + 0.0) // -0.0 + 0.0 = 0.0: equal to 0
                : Comparator.comparing(r -> r[i]);
    }

    /** The reference rows that pass, sorted stably (ties in stored order), highest or Z first when descending. */
    private static List<String[]> expected(Comparator<String[]> by, boolean descending, Predicate<String[]> keep) {
        List<Integer> idx = new ArrayList<>(IntStream.range(0, rows.size()).filter(i -> keep.test(rows.get(i))).boxed().toList());
        if (by != null) {
            Comparator<Integer> c = (a, b) -> by.compare(rows.get(a), rows.get(b));
            idx.sort((descending ? c.reversed() : c).thenComparing(Comparator.naturalOrder()));
        }
        return idx.stream().map(rows::get).toList();
    }

    private static void assertPage(ScanStore store, String id, List<ScanRecord.Column> columns, ScanStore.ResultQuery q,
                                   List<String[]> expected) throws IOException {
        ScanStore.ResultPage page = store.readPage(id, columns, q).orElseThrow();
        List<List<String>> got = page.rows().stream().map(r -> List.of(cells(r))).toList();
        List<List<String>> want = expected.stream().map(List::of).toList();
        assertThat(got).as(q.toString()).isEqualTo(want);
    }

    /** A page's hit as CSV cells, as the reference prints them. */
    private static String[] cells(JsonNode row) {
        List<String> out = new ArrayList<>();
        row.fields().forEachRemaining(e -> out.add(e.getValue().isNull() ? "" : e.getValue().isTextual() ? e.getValue().asText()
                : e.getValue().isDouble() ? HitFormat.number(e.getValue().asDouble()) : e.getValue().toString()));
        return out.toArray(String[]::new);
    }
}
