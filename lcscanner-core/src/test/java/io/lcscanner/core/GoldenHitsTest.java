package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.CsvBarSource;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scan of the golden bars reproduces the reference hits, column for column. */
class GoldenHitsTest {
    private static Scanner scanner;

    @BeforeAll
    static void open() {
        scanner = Scanner.builder(new CsvBarSource(Golden.file("bars.csv"))).parallelism(2).build();
    }

    @AfterAll
    static void close() {
        scanner.close();
    }

    @Test
    void roundedScanPrintsExactlyTheExpectedHits() throws IOException {
        ScanResult result = scanner.run(ScanRequest.builder(Golden.FROM, Golden.TO).build(), ProgressListener.NONE);

        StringBuilder csv = new StringBuilder();
        HitFormat.writeCsv(result.schema(), result.hits(), csv);
        assertThat(csv.toString().lines().toList())
                .containsExactlyElementsOf(Golden.lines("expected_hits.csv"));
        assertThat(result.stats().tickers()).isEqualTo(120);
        assertThat(result.stats().patternHits().get("lc_frontside_d3_extended_1") + result.stats().patternHits().get("lc_frontside_d2_extended") + result.stats().patternHits().get("lc_frontside_d2_extended_1"))
                .isGreaterThanOrEqualTo(result.hits().size());
    }

    @Test
    void unroundedScanMatchesTheReferenceWithin1e9() throws IOException {
        ScanRequest request = ScanRequest.builder(Golden.FROM, Golden.TO).referenceRounding(false).build();
        ScanResult result = scanner.run(request, ProgressListener.NONE);

        StringBuilder csv = new StringBuilder();
        HitFormat.writeCsv(result.schema(), result.hits(), csv);
        List<String> actual = csv.toString().lines().toList();
        List<String> expected = Golden.lines("expected_hits_unrounded.csv");
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(actual.get(0)).isEqualTo(expected.get(0));
        for (int row = 1; row < expected.size(); row++) {
            String[] e = expected.get(row).split(",", -1), a = actual.get(row).split(",", -1);
            assertThat(a).as("row %d", row).hasSameSizeAs(e);
            for (int col = 0; col < e.length; col++) {
                Golden.assertCell(e[col], a[col], "row " + row + " column " + result.schema().names().get(col));
            }
        }
    }

}
