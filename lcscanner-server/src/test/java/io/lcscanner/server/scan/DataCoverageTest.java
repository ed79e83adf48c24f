package io.lcscanner.server.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.source.BarSource;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks without data behind them: Polygon's calendar-only window check, and its open-ended history. */
class DataCoverageTest {
    private static ScanRequest window(String from, String to, String... include) {
        return ScanRequest.builder(LocalDate.parse(from), LocalDate.parse(to)).includeTickers(List.of(include)).build();
    }

    @Test
    void aWarningsCountsReadTheSameOnAGermanHost() {
        java.util.Locale host = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY); // would group 1.204
            assertThat(DataCoverage.count(1204, "ticker")).isEqualTo("1,204 tickers");
            assertThat(DataCoverage.count(1, "ticker")).isEqualTo("1 ticker");
        } finally {
            java.util.Locale.setDefault(host);
        }
    }

    @Test
    void withoutAUniverseOnlyTheCalendarIsChecked() {
        // 2024-12-25 is Christmas, 2024-12-28/29 a weekend: no NYSE session in either window
        assertThatThrownBy(() -> DataCoverage.check(null, "polygon", false, window("2024-12-28", "2024-12-29"), "--include"))
                .isInstanceOf(DataCoverage.NothingToScanException.class)
                .hasMessage("no NYSE sessions in 2024-12-28..2024-12-29");
        assertThatThrownBy(() -> DataCoverage.check(null, "polygon", false, window("2024-12-25", "2024-12-25"), "--include"))
                .hasMessage("no NYSE sessions in 2024-12-25..2024-12-25");
        assertThat(DataCoverage.check(null, "polygon", false, window("2024-12-24", "2024-12-26", "NOPE"), "--include"))
                .isEmpty();
    }

    @Test
    void anOpenEndedHistoryBoundsOnlyTheEndAndDoesNotJudgeTickers() {
        BarSource.Universe cache = new BarSource.Universe("polygon", List.of("AAPL"), LocalDate.parse("2025-01-02"),
                LocalDate.parse("2025-10-31"));

        assertThat(DataCoverage.check(cache, "polygon", false, window("2020-03-02", "2020-03-31", "MSFT"), "--include"))
                .isEmpty();
        assertThatThrownBy(() -> DataCoverage.check(cache, "polygon", false, window("2025-11-03", "2025-11-28"), "x"))
                .hasMessage("no sessions of polygon data in 2025-11-03..2025-11-28 (the data covers sessions through "
                        + "2025-10-31)");
        assertThatThrownBy(() -> DataCoverage.check(cache, "csv", true, window("2020-03-02", "2020-03-31"), "x"))
                .isInstanceOf(DataCoverage.NothingToScanException.class)
                .satisfies(e -> assertThat(((DataCoverage.NothingToScanException) e).field())
                        .isEqualTo(DataCoverage.Field.WINDOW))
                .hasMessage("no sessions of csv data in 2020-03-02..2020-03-31 (the data covers 2025-01-02..2025-10-31)");
    }
}
