package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.synthetic.SyntheticMarket;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** {@link Scanner.Builder#maxHits}: a scan past the cap stops with {@link TooManyHitsException}; at the cap it completes. */
class MaxHitsTest {
    private static final ScanRequest EVERY_BAR = ScanRequest.builder(LocalDate.of(2025, 1, 2), LocalDate.of(2025, 3, 31))
            .scanner(ScannerDefinition.parse("{\"name\":\"every_bar\",\"patterns\":{\"up\":\"c > 0\"}}")).intraday(false).build();
    private final SyntheticMarket market = new SyntheticMarket(5, 30);

    @Test
    void aScanPastTheCapStopsAndOneAtItCompletes() {
        int all;
        try (Scanner uncapped = Scanner.builder(market).parallelism(2).build()) {
            all = uncapped.run(EVERY_BAR, null).hits().size();
        }
        assertThat(all).as("every bar of 30 tickers over a quarter").isGreaterThan(30 * 50);
        try (Scanner atCap = Scanner.builder(market).parallelism(2).maxHits(all).build()) {
            assertThat(atCap.run(EVERY_BAR, null).hits()).hasSize(all);
        }
        try (Scanner capped = Scanner.builder(market).parallelism(2).maxHits(100).build()) {
            assertThatThrownBy(() -> capped.run(EVERY_BAR, null)).isInstanceOfSatisfying(TooManyHitsException.class,
                    e -> assertThat(e.maxHits()).isEqualTo(100)).hasMessageContaining("100 hits");
        }
        assertThatThrownBy(() -> Scanner.builder(market).maxHits(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxHits");
    }
}
