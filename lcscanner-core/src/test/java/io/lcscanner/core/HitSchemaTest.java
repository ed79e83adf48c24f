package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.synthetic.SyntheticMarket;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The columns of a scan, known before it runs, are those its result has. */
class HitSchemaTest {
    private static final List<String> OUTCOMES = List.of("next_open_gap", "next_day_return", "next_high", "next_low",
            "ret_1d", "ret_5d", "max_high_5d", "min_low_5d");
    private static final LocalDate FROM = LocalDate.of(2025, 1, 2), TO = LocalDate.of(2025, 6, 30);

    @Test
    void lcWithEveryStageIsSpecSixThenSevenThenTheOutcomes() {
        HitSchema before = HitSchema.of(ScannerDefinition.lc(), true, true);
        List<String> expected = new ArrayList<>(Golden.lcColumns(true));
        expected.addAll(OUTCOMES);
        assertThat(before.names()).containsExactlyElementsOf(expected);
        assertThat(before.scanner()).isEqualTo("lc");
        assertThat(before.tier()).hasValueSatisfying(t -> assertThat(t.labels()).containsExactly("A+", "A", "B", "C", "D"));
        assertThat(before.columns()).filteredOn(c -> c.group() == HitSchema.Group.OUTCOME).hasSize(8)
                .allMatch(c -> c.kind() == HitSchema.Kind.NUMBER);

        try (Scanner scanner = Scanner.builder(new SyntheticMarket(42, 200)).parallelism(2).build()) {
            ScanResult all = scanner.run(ScanRequest.builder(FROM, TO).intraday(true).outcomes(true).build(), null);
            assertThat(all.hits()).isNotEmpty();
            assertThat(all.schema()).isEqualTo(before);
            ScanResult plain = scanner.run(ScanRequest.builder(FROM, TO).build(), null);
            assertThat(plain.schema()).isEqualTo(HitSchema.of(ScannerDefinition.lc(), false, false));
        }
    }

    @Test
    void aScannerWithoutThePremarketStageNeverGetsItsFields() throws Exception {
        ScannerDefinition gapAndGo = ScannerDefinition.parse(
                Files.readString(Golden.root().resolve("examples/scanners/gap_and_go.json")));
        HitSchema before = HitSchema.of(gapAndGo, true, true);
        assertThat(before.names()).containsExactly("ticker", "date", "gap_and_go", "gap_fade", "gap_pct", "rvol",
                "close_range", "open_price", "close_price", "dollar_volume", "next_open_gap", "next_day_return",
                "next_high", "next_low", "ret_1d", "ret_5d", "max_high_5d", "min_low_5d");
        assertThat(before.hasPremarket()).isFalse();
        try (Scanner scanner = Scanner.builder(new SyntheticMarket(42, 200)).parallelism(2).build()) {
            ScanResult result = scanner.run(ScanRequest.builder(FROM, TO).scanner(gapAndGo).intraday(true).outcomes(true)
                    .build(), null);
            assertThat(result.schema()).isEqualTo(before);
        }
    }
}
