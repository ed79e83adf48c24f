package io.lcscanner.server.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.Golden;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.source.CsvBarSource;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index built as a scan is stored (values from its hits) is byte for byte the one built from the stored JSON
 * alone (values parsed back from the printed numbers): flags, numbers ({@code -0.0} included), missing values, a
 * tier's labels and the tickers' ranks.
 */
class ResultsIndexTest {
    @TempDir
    Path dir;

    @Test
    void fromTheHitsAndFromTheJsonAlikeByteForByte() throws IOException {
        ScanResult result;
        try (Scanner scanner = Scanner.builder(new CsvBarSource(Golden.file("bars.csv"))).parallelism(2).build()) {
            // LC's flags, numbers and tier, the outcomes; and columns that are -0.0 and missing
            result = scanner.run(ScanRequest.builder(LocalDate.of(2024, 7, 1), LocalDate.of(2025, 10, 31)).lookbackDays(400)
                    .outcomes(true).build(), null);
            ScanResult extra = scanner.run(ScanRequest.builder(LocalDate.of(2025, 9, 1), LocalDate.of(2025, 10, 31))
                    .scanner(ScannerDefinition.parse("{\"name\":\"odd\",\"patterns\":{\"up\":\"c > o\"},\"columns\":"
                            + "{\"negative_zero\":\"-(c * 0)\",\"absent\":\"shift(c, 1000)\",\"size\":"
                            + "\"tier(v, 10000000, \\\"big\\\", \\\"small\\\")\"}}")).intraday(false).build(), null);
            check(extra, "extra");
        }
        check(result, "lc");
    }

    private void check(ScanResult result, String name) throws IOException {
        assertThat(result.hits()).hasSizeGreaterThan(10);
        Path json = dir.resolve(name + ".json");
        try (Writer w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
            HitFormat.writeJson(result.schema(), result.hits(), w);
        }
        if (name.equals("extra")) {
            assertThat(Files.readString(json)).as("the test covers -0.0 and missing values").contains("-0.0").contains("null");
        }
        Path fromHits = dir.resolve(name + "-hits.idx");
        Path fromJson = dir.resolve(name + "-json.idx");
        ResultsIndex.build(json, result.schema(), result.hits(), fromHits);
        ResultsIndex.build(json, ScanRecord.Column.of(result.schema()), fromJson);
        assertThat(Files.mismatch(fromHits, fromJson)).isEqualTo(-1L);
        ResultsIndex index = ResultsIndex.open(fromHits);
        assertThat(index.rows).isEqualTo(result.hits().size());
        assertThat(index.columns).isEqualTo(result.schema().columns().size());

        // a JSON that does not hold the hits is refused, not indexed wrongly
        Files.writeString(json, "[]\n");
        assertThatThrownBy(() -> ResultsIndex.build(json, result.schema(), result.hits(), fromHits))
                .isInstanceOf(IOException.class).hasMessageContaining("does not hold the scan's hits");
    }
}
