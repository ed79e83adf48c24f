package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A document's estimated work per bar ({@link ScannerDefinition#cost()}), against counts made by hand
 * from its plan: one per input loaded, per running average, per comparison; n per {@code sum(x, n)}
 * (spec §3 fixes its additions' order, so each bar adds its n values).
 */
class ScanCostTest {
    private static ScannerDefinition doc(String patterns, String params) {
        return ScannerDefinition.parse("{\"name\": \"t\", \"params\": {" + params + "}, \"patterns\": {" + patterns + "}}");
    }

    @Test
    void theEstimateCountsTheOperationsOfThePlan() {
        // c loaded (1), sum of 10 (10), sum > 5 (1)
        assertThat(doc("\"p\": \"sum(c, 10) > 5\"", "").cost()).isEqualTo(12);
        // c (1), sma (1), sma > c (1), c > 3 (1)
        assertThat(doc("\"p\": \"sma(c, 20) > c and c > 3\"", "").cost()).isEqualTo(4);
        // shared: sum(c, 10) written twice is one column
        assertThat(doc("\"p\": \"sum(c, 10) > 5\", \"q\": \"sum(c, 10) < 9\"", "").cost()).isEqualTo(13);
        // a window param: the request's value counts
        ScannerDefinition windowed = doc("\"p\": \"sum(c, $n) > 5\"", "\"n\": 10");
        assertThat(windowed.cost()).isEqualTo(12);
        assertThat(windowed.cost(Map.of("n", 500.0))).isEqualTo(502);
    }

    @Test
    void aDocumentOfManyLongSumsCostsFarMoreThanLcAndTheExamples() throws Exception {
        StringBuilder patterns = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            patterns.append(i == 0 ? "" : ", ").append("\"p").append(i).append("\": \"sum(c, ").append(800 + i).append(") > 1\"");
        }
        long heavy = doc(patterns.toString(), "").cost();
        assertThat(heavy).isGreaterThan(200L * 800);
        long lc = ScannerDefinition.lc().cost();
        assertThat(lc).isBetween(50L, 2_000L);
        try (Stream<Path> files = Files.list(Golden.root().resolve("examples/scanners"))) {
            List<Path> examples = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertThat(examples).hasSizeGreaterThanOrEqualTo(4);
            for (Path p : examples) {
                long cost = ScannerDefinition.parse(Files.readString(p)).cost();
                assertThat(cost).as(p.getFileName().toString()).isBetween(5L, 2_000L);
            }
        }
    }
}
