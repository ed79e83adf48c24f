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
        assertThat(LcFilters.minVolume(r)).isEqualTo(10_000_000);
        assertThat(LcFilters.minDollarVolume(r)).isEqualTo(500_000_000);
        assertThat(LcFilters.minPrice(r)).isEqualTo(5.0);
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
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).param("min_dollar_volume", Double.NaN))
                .hasMessage("params.min_dollar_volume must be a finite number, got NaN");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).param("min_price", Double.POSITIVE_INFINITY))
                .hasMessageStartingWith("params.min_price must be a finite number");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).param("min_gap", 0.1).build())
                .hasMessage("params.min_gap is not a param of lc (its params: min_volume, min_dollar_volume, min_price)");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).lookbackDays(-3)).hasMessageStartingWith("lookbackDays");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).lookbackDays(100_000)).hasMessageStartingWith("lookbackDays");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).includeTickers(List.of("AA PL")))
                .hasMessageStartingWith("includeTickers contains an invalid ticker \"AA PL\"");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).excludeTickers(List.of("")))
                .hasMessageStartingWith("excludeTickers");
        assertThatThrownBy(() -> ScanRequest.builder(LocalDate.of(1900, 1, 1), TO)).hasMessageStartingWith("from");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, LocalDate.of(2999, 1, 1))).hasMessageStartingWith("to");
        assertThatThrownBy(() -> ScanRequest.builder(null, TO)).hasMessageStartingWith("from is required");
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).requirePmLiquidity(true).build())
                .hasMessageStartingWith("requirePmLiquidity");
    }

    @Test
    void errorsAreTypedWithTheFieldAndTheReasonAndComeAsTheValueIsGiven() {
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).includeTickers(java.util.Arrays.asList("AAPL", null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("includeTickers");
                    assertThat(e.reason()).isEqualTo("contains a null ticker");
                });
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).includeTickers(null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("includeTickers"));
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).scanner(null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("scanner"));
        assertThatThrownBy(() -> ScanRequest.builder(FROM, TO).params(java.util.Collections.singletonMap("min_price", null)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("params.min_price");
                    assertThat(e.reason()).isEqualTo("must be a finite number, got null");
                });
        assertThatThrownBy(() -> ScanRequest.builder(TO, FROM))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("to");
                    assertThat(e.getMessage()).isEqualTo("to must not be before from (" + TO + "), got " + FROM);
                });
    }

    @Test
    void lcFiltersRefuseANegativeValueAsTheCommandLineDoes() {
        assertThatThrownBy(() -> LcFilters.builder().minPrice(-1))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo("params.min_price");
                    assertThat(e.reason()).isEqualTo("must be a finite number, 0 or more, got -1.0");
                });
        assertThatThrownBy(() -> LcFilters.builder().minVolume(Double.NaN)).hasMessageStartingWith("params.min_volume");
        ScanRequest r = ScanRequest.builder(FROM, TO).params(LcFilters.builder().minPrice(7).minVolume(0).build()).build();
        assertThat(LcFilters.minPrice(r)).isEqualTo(7);
        assertThat(LcFilters.minVolume(r)).isZero();
        assertThat(LcFilters.minDollarVolume(r)).isEqualTo(LcFilters.DEFAULT_MIN_DOLLAR_VOLUME);
    }
}
