package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanRequestTest {
    private static final LocalDate FROM = LocalDate.of(2025, 1, 2), TO = LocalDate.of(2025, 3, 31);

    @Test
    void defaultsAreTheSpecs() {
        ScanRequest r = ScanRequest.builder(FROM, TO).build();
        assertThat(r.lookbackDays()).isEqualTo(400);
        assertThat(r.referenceRounding()).isTrue();
        assertThat(r.minVolume()).isEqualTo(10_000_000);
        assertThat(r.minDollarVolume()).isEqualTo(500_000_000);
        assertThat(r.minPrice()).isEqualTo(5.0);
        assertThat(r.loadFrom()).isEqualTo(FROM.minusDays(400));
    }

    @Test
    void tickersAreNormalisedAndSelectionHonoursBothLists() {
        ScanRequest r = ScanRequest.builder(FROM, TO).includeTickers(List.of(" aapl", "MSFT", "BRK.B"))
                .excludeTickers(List.of("msft")).build();
        assertThat(r.includeTickers()).containsExactlyInAnyOrder("AAPL", "MSFT", "BRK.B");
        assertThat(r.selects("AAPL")).isTrue();
        assertThat(r.selects("MSFT")).isFalse();
        assertThat(r.selects("NVDA")).isFalse();
    }

    @Test
    void invalidRequestsNameTheField() {
        assertThatThrownBy(() -> ScanRequest.builder(TO, FROM).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("to must not be before from");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).minDollarVolume(Double.NaN).build())
                .hasMessage("params.min_dollar_volume must be a finite number, got NaN");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).minPrice(Double.POSITIVE_INFINITY).build())
                .hasMessageStartingWith("params.min_price must be a finite number");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).param("min_gap", 0.1).build())
                .hasMessage("params.min_gap is not a param of lc (its params: min_volume, min_dollar_volume, min_price)");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).lookbackDays(-3).build()).hasMessageStartingWith("lookbackDays");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).lookbackDays(100_000).build()).hasMessageStartingWith("lookbackDays");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).includeTickers(List.of("AA PL")).build())
                .hasMessageStartingWith("includeTickers contains an invalid ticker \"AA PL\"");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).excludeTickers(List.of("")).build())
                .hasMessageStartingWith("excludeTickers");
        assertThatThrownBy(() -> ScanRequest.builder(LocalDate.of(1900, 1, 1), TO).build()).hasMessageStartingWith("from");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, LocalDate.of(2999, 1, 1)).build()).hasMessageStartingWith("to");
        assertThatThrownBy(() -> ScanRequest.builder(null, TO).build()).hasMessageStartingWith("from is required");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).requirePmLiquidity(true).build())
                .hasMessageStartingWith("requirePmLiquidity");
    }
}
