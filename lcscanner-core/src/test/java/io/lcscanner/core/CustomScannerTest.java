package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.source.InMemoryBarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user's scanner document through the whole Scanner: its own columns, params and stages. */
class CustomScannerTest {
    private static final LocalDate FROM = LocalDate.of(2024, 1, 1), TO = LocalDate.of(2024, 12, 31);
    private static ScannerDefinition gapAndGo;
    private static InMemoryBarSource market;

    @BeforeAll
    static void load() throws Exception {
        gapAndGo = ScannerDefinition.parse(Files.readString(Golden.root().resolve("examples/scanners/gap_and_go.json")));
        market = new InMemoryBarSource("synthetic", SyntheticSeries.market());
    }

    private static ScanResult scan(ScanRequest request) {
        try (Scanner scanner = Scanner.builder(market).parallelism(2).build()) {
            return scanner.run(request, ProgressListener.NONE);
        }
    }

    @Test
    void aDocumentScansToItsOwnRecordEqualToItsKernelsHits() {
        ScanResult result = scan(ScanRequest.builder(FROM, TO).scanner(gapAndGo).build());

        assertThat(result.schema().scanner()).isEqualTo("gap_and_go");
        assertThat(result.schema().names()).containsExactly("ticker", "date", "gap_and_go", "gap_fade", "gap_pct",
                "rvol", "close_range", "open_price", "close_price", "dollar_volume");
        assertThat(result.stats().patternHits().keySet()).containsExactly("gap_and_go", "gap_fade");
        StringBuilder csv = new StringBuilder();
        HitFormat.writeCsv(result.schema(), result.hits(), csv);
        List<String> expected = KernelHits.csv(gapAndGo.kernel(Map.of()),
                KernelHits.rows(gapAndGo.kernel(Map.of()), market.series(), FROM, TO, gapAndGo.lookbackDays()));
        assertThat(result.hits()).hasSizeGreaterThan(100);
        assertThat(csv.toString().lines().toList()).containsExactlyElementsOf(expected);
    }

    @Test
    void paramsOverrideTheDocumentsDefaults() {
        ScanResult plain = scan(ScanRequest.builder(FROM, TO).scanner(gapAndGo).build());
        ScanResult bigGaps = scan(ScanRequest.builder(FROM, TO).scanner(gapAndGo).param("min_gap", 0.2).build());

        assertThat(bigGaps.hits()).isNotEmpty().hasSizeLessThan(plain.hits().size())
                .allMatch(h -> h.value("gap_pct") >= 0.2);
        assertThat(plain.hits()).anyMatch(h -> h.value("gap_pct") < 0.2);
    }

    @Test
    void aScannerWithoutThePremarketStageNeverRunsItAndCannotRequireIt() {
        SyntheticMarket synthetic = new SyntheticMarket(42, 300);
        ScanRequest request = ScanRequest.builder(FROM, TO).scanner(gapAndGo).intraday(true).build();
        try (Scanner scanner = Scanner.builder(synthetic).parallelism(2).build()) {
            ScanResult result = scanner.run(request, ProgressListener.NONE);
            assertThat(result.schema().hasPremarket()).isFalse();
            assertThat(result.warnings()).isEmpty();
        }
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).scanner(gapAndGo).intraday(true)
                .requirePmLiquidity(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("requirePmLiquidity needs a scanner with the premarket stage; gap_and_go has none");
    }
}
