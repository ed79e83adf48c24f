package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.source.BarSeries;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built-in LC document, compiled, prints exactly the golden hits (scanner-rules.md §5). */
class LcDocumentGoldenTest {
    private static List<BarSeries> bars;

    @BeforeAll
    static void load() throws Exception {
        bars = Golden.series(t -> true);
        assertThat(bars).hasSize(Golden.TICKERS);
    }

    @Test
    void roundedLcDocumentPrintsExactlyTheExpectedHits() {
        ScanKernel kernel = ScannerDefinition.lc().kernel(Map.of());
        List<String> csv = KernelHits.csv(kernel, KernelHits.rows(kernel, bars, Golden.FROM, Golden.TO, 400));
        assertThat(csv).containsExactlyElementsOf(Golden.lines("expected_hits.csv"));
    }

    @Test
    void unroundedLcDocumentPrintsTheUnroundedHits() {
        ScanKernel kernel = ScannerDefinition.lc().kernel(Map.of(), false);
        List<String> csv = KernelHits.csv(kernel, KernelHits.rows(kernel, bars, Golden.FROM, Golden.TO, 400));
        assertThat(csv).containsExactlyElementsOf(Golden.lines("expected_hits_unrounded.csv"));
    }
}
