package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.IntradayBars;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Spec §7 on hand-built 30-minute bars. Values are chosen so every expected number is exact.
 * Records compare doubles like {@link Double#compare}, so {@code NaN} (null) fields compare equal.
 */
class PremarketCalculatorTest {
    private static final double NaN = Double.NaN;
    private static final LocalDate LONG_AFTER = LocalDate.of(2026, 1, 1);

    /** Each date gets a plain day with (200,000 + 300,000) × 20 = 10,000,000 premarket dollar volume. */
    private static TestBars tenMillionDays(TestBars b, String... dates) {
        for (String date : dates) {
            b.day(date, 200_000, 300_000, 20);
        }
        return b;
    }

    @Test
    void normalWeekAveragesFiveSessionsAndReadsTheNextPremarket() {
        // D = Friday 2024-06-07: D−4 = Monday 06-03, D+1 = Monday 06-10.
        IntradayBars bars = new TestBars("AAA")
                .day("2024-05-31", 9_000_000, 9_000_000, 90) // D−5: not part of the mean
                .day("2024-06-03", 200_000, 300_000, 20)     // 500k × 20 = 10.0M
                .day("2024-06-04", 100_000, 300_000, 25)     // 400k × 25 = 10.0M
                .day("2024-06-05", 200_000, 400_000, 30)     // 600k × 30 = 18.0M
                .day("2024-06-06", 400_000, 600_000, 20)     //  1M × 20 = 20.0M
                .day("2024-06-07", 300_000, 400_000, 20)     // 700k × 20 = 14.0M
                .at("2024-06-08T09:00", 99, 99, 9_000_000)   // a Saturday: ignored
                .at("2024-06-10T04:00", 30, 31, 100_000)
                .at("2024-06-10T07:00", 32, 33, 50_000)
                .at("2024-06-10T09:00", 32, 32.5, 150_000)
                .at("2024-06-10T09:30", 34, 40, 2_000_000)   // gives the open, not the premarket high
                .at("2024-06-10T10:00", 38, 45, 3_000_000)
                .build();

        PremarketCalculator.Fields pm = PremarketCalculator.compute(bars, LocalDate.of(2024, 6, 7), LONG_AFTER);

        // mean = 72M / 5; next day: max high 33 of 04:00–09:00, open 34, (100k + 50k + 150k) × 34
        assertThat(pm).isEqualTo(new PremarketCalculator.Fields(14_400_000, true, 33, 34, 10_200_000));
    }

    @Test
    void nextDayWithoutA0930BarTakesTheOpenOfTheLastEarlierBar() {
        IntradayBars bars = tenMillionDays(new TestBars("AAA"),
                "2024-06-03", "2024-06-04", "2024-06-05", "2024-06-06", "2024-06-07")
                .at("2024-06-10T08:30", 30, 31, 100_000)
                .at("2024-06-10T09:00", 32, 33, 100_000)
                .at("2024-06-10T10:00", 38, 45, 3_000_000)
                .build();

        PremarketCalculator.Fields pm = PremarketCalculator.compute(bars, LocalDate.of(2024, 6, 7), LONG_AFTER);

        assertThat(pm).isEqualTo(new PremarketCalculator.Fields(10_000_000, true, 33, 32, 6_400_000));
    }

    @Test
    void missing0900BarCountsAsZeroPremarketVolumeThatDay() {
        IntradayBars bars = tenMillionDays(new TestBars("AAA"),
                "2024-06-04", "2024-06-05", "2024-06-06", "2024-06-07")
                .at("2024-06-03T04:00", 20, 20, 200_000)
                .at("2024-06-03T08:30", 20, 20, 300_000)     // premarket, but not the 09:00 bar
                .at("2024-06-03T09:30", 20, 21, 50_000_000)
                .build();

        PremarketCalculator.Fields pm = PremarketCalculator.compute(bars, LocalDate.of(2024, 6, 7), LONG_AFTER);

        assertThat(pm.avg5dPmDolVol()).isEqualTo(8_000_000.0); // (0 + 4 × 10M) / 5
        assertThat(pm.validPmLiq()).isFalse();
    }

    @Test
    void missing0930BarCountsAsZeroOpenThatDay() {
        IntradayBars bars = tenMillionDays(new TestBars("AAA"),
                "2024-06-03", "2024-06-05", "2024-06-06", "2024-06-07")
                .at("2024-06-04T04:00", 20, 20, 200_000)
                .at("2024-06-04T09:00", 20, 20, 300_000)
                .at("2024-06-04T10:00", 20, 21, 50_000_000)  // the open bar is absent
                .build();

        PremarketCalculator.Fields pm = PremarketCalculator.compute(bars, LocalDate.of(2024, 6, 7), LONG_AFTER);

        assertThat(pm.avg5dPmDolVol()).isEqualTo(8_000_000.0);
        assertThat(pm.validPmLiq()).isFalse();
    }

    @Test
    void dayWithNeitherBarIsLeftOutOfTheMean() {
        IntradayBars bars = tenMillionDays(new TestBars("AAA"),
                "2024-06-03", "2024-06-04", "2024-06-06", "2024-06-07")
                .at("2024-06-05T04:00", 1, 1, 100)           // neither 09:00 nor 09:30
                .at("2024-06-05T10:00", 1, 1, 100)
                .build();

        PremarketCalculator.Fields pm = PremarketCalculator.compute(bars, LocalDate.of(2024, 6, 7), LONG_AFTER);

        assertThat(pm.avg5dPmDolVol()).isEqualTo(10_000_000.0); // 40M / 4
        assertThat(pm.validPmLiq()).isTrue();
    }

    @Test
    void noBarsGiveAnUnknownMeanNoLiquidityAndNoNextDay() {
        PremarketCalculator.Fields pm = PremarketCalculator.compute(new TestBars("AAA").build(), LocalDate.of(2024, 6, 7), LONG_AFTER);

        assertThat(pm).isEqualTo(new PremarketCalculator.Fields(NaN, false, NaN, NaN, NaN));
    }

    @Test
    void meanJustBelowTenMillionIsNotValid() {
        IntradayBars bars = tenMillionDays(new TestBars("AAA"),
                "2024-06-03", "2024-06-04", "2024-06-05", "2024-06-06")
                .day("2024-06-07", 199_999, 300_000, 20)     // 9,999,980
                .build();

        PremarketCalculator.Fields pm = PremarketCalculator.compute(bars, LocalDate.of(2024, 6, 7), LONG_AFTER);

        assertThat(pm.avg5dPmDolVol()).isEqualTo(9_999_996.0);
        assertThat(pm.validPmLiq()).isFalse();
    }

    @Test
    void nextDayWithoutBarsUpTo0900HasNoNextDayFields() {
        IntradayBars bars = tenMillionDays(new TestBars("AAA"),
                "2024-06-03", "2024-06-04", "2024-06-05", "2024-06-06", "2024-06-07")
                .at("2024-06-10T09:30", 34, 40, 2_000_000)   // an open, but no premarket bar
                .at("2024-06-10T10:00", 38, 45, 3_000_000)
                .build();

        PremarketCalculator.Fields pm = PremarketCalculator.compute(bars, LocalDate.of(2024, 6, 7), LONG_AFTER);

        assertThat(pm).isEqualTo(new PremarketCalculator.Fields(10_000_000, true, NaN, NaN, NaN));
    }

    @Test
    void nextDayInTheFutureHasNoNextDayFields() {
        IntradayBars bars = tenMillionDays(new TestBars("AAA"),
                "2024-06-03", "2024-06-04", "2024-06-05", "2024-06-06", "2024-06-07")
                .at("2024-06-10T09:00", 32, 33, 100_000)
                .at("2024-06-10T09:30", 34, 40, 2_000_000)
                .build();
        LocalDate d = LocalDate.of(2024, 6, 7);

        assertThat(PremarketCalculator.compute(bars, d, LocalDate.of(2024, 6, 9)))
                .isEqualTo(new PremarketCalculator.Fields(10_000_000, true, NaN, NaN, NaN));
        // on D+1 itself the premarket so far is used
        assertThat(PremarketCalculator.compute(bars, d, LocalDate.of(2024, 6, 10)))
                .isEqualTo(new PremarketCalculator.Fields(10_000_000, true, 33, 34, 3_400_000));
    }

    @Test
    void independenceDayIsNotOneOfTheFiveDays() {
        LocalDate d = LocalDate.of(2024, 7, 5);
        assertThat(PremarketCalculator.firstDay(d)).isEqualTo(LocalDate.of(2024, 6, 28));
        assertThat(PremarketCalculator.nextDay(d)).isEqualTo(LocalDate.of(2024, 7, 8));
        IntradayBars bars = tenMillionDays(new TestBars("AAA"),
                "2024-06-28", "2024-07-01", "2024-07-02", "2024-07-03")
                .day("2024-06-27", 9_000_000, 9_000_000, 90) // D−5
                .day("2024-07-04", 9_000_000, 9_000_000, 90) // holiday: stray bars are ignored
                .day("2024-07-05", 200_000, 300_000, 40)     // 20M
                .at("2024-07-08T09:00", 41, 42, 250_000)
                .at("2024-07-08T09:30", 43, 44, 2_000_000)
                .build();

        PremarketCalculator.Fields pm = PremarketCalculator.compute(bars, d, LONG_AFTER);

        assertThat(pm).isEqualTo(new PremarketCalculator.Fields(12_000_000, true, 42, 43, 10_750_000));
    }

    @Test
    void dayBeforeThanksgivingTakesTheNextDayFromFriday() {
        LocalDate d = LocalDate.of(2024, 11, 27);
        assertThat(PremarketCalculator.firstDay(d)).isEqualTo(LocalDate.of(2024, 11, 21));
        assertThat(PremarketCalculator.nextDay(d)).isEqualTo(LocalDate.of(2024, 11, 29));
        IntradayBars bars = tenMillionDays(new TestBars("AAA"),
                "2024-11-21", "2024-11-22", "2024-11-25", "2024-11-26", "2024-11-27")
                .at("2024-11-28T08:00", 999, 999, 9_000_000) // Thanksgiving: not D+1
                .at("2024-11-29T09:00", 50, 51, 100_000)
                .at("2024-11-29T09:30", 52, 53, 1_000_000)
                .build();

        PremarketCalculator.Fields pm = PremarketCalculator.compute(bars, d, LONG_AFTER);

        assertThat(pm).isEqualTo(new PremarketCalculator.Fields(10_000_000, true, 51, 52, 5_200_000));
    }

    @Test
    void springForwardFinds0900NewYorkOnBothSides() {
        // D = Monday 2024-03-11, first weekday of EDT (UTC−4); Friday 03-08 is EST (UTC−5).
        IntradayBars bars = tenMillionDays(new TestBars("AAA"), "2024-03-05", "2024-03-06", "2024-03-07")
                .atUtc("2024-03-08T09:00:00Z", 9, 9, 100_000)        // 04:00 EST
                .atUtc("2024-03-08T13:00:00Z", 9, 9, 200_000)        // 08:00 EST
                .atUtc("2024-03-08T14:00:00Z", 9, 9, 300_000)        // 09:00 EST: v_sum 600k
                .atUtc("2024-03-08T14:30:00Z", 20, 21, 9_000_000)    // 09:30 EST: 600k × 20 = 12M
                .atUtc("2024-03-11T08:00:00Z", 9, 9, 100_000)        // 04:00 EDT
                .atUtc("2024-03-11T13:00:00Z", 9, 9, 400_000)        // 09:00 EDT: v_sum 500k
                .atUtc("2024-03-11T13:30:00Z", 25, 26, 9_000_000)    // 09:30 EDT: 500k × 25 = 12.5M
                .atUtc("2024-03-11T14:00:00Z", 99, 99, 9_000_000)    // 10:00 EDT
                .atUtc("2024-03-12T12:00:00Z", 26, 27, 100_000)      // 08:00 EDT
                .atUtc("2024-03-12T13:00:00Z", 27, 28, 100_000)      // 09:00 EDT
                .atUtc("2024-03-12T13:30:00Z", 29, 35, 1_000_000)    // 09:30 EDT
                .build();

        PremarketCalculator.Fields pm = PremarketCalculator.compute(bars, LocalDate.of(2024, 3, 11), LONG_AFTER);

        // (3 × 10M + 12M + 12.5M) / 5
        assertThat(pm).isEqualTo(new PremarketCalculator.Fields(10_900_000, true, 28, 29, 5_800_000));
    }

    @Test
    void fallBackFinds0900NewYorkOnBothSides() {
        // D = Monday 2024-11-04, first weekday of EST (UTC−5); Friday 11-01 is EDT (UTC−4).
        IntradayBars bars = tenMillionDays(new TestBars("AAA"), "2024-10-29", "2024-10-30", "2024-10-31")
                .atUtc("2024-11-01T08:00:00Z", 9, 9, 400_000)        // 04:00 EDT
                .atUtc("2024-11-01T13:00:00Z", 9, 9, 600_000)        // 09:00 EDT: v_sum 1M
                .atUtc("2024-11-01T13:30:00Z", 20, 21, 9_000_000)    // 09:30 EDT: 1M × 20 = 20M
                .atUtc("2024-11-01T14:00:00Z", 99, 99, 9_000_000)    // 10:00 EDT
                .atUtc("2024-11-04T13:00:00Z", 9, 9, 300_000)        // 08:00 EST
                .atUtc("2024-11-04T14:00:00Z", 9, 9, 200_000)        // 09:00 EST: v_sum 500k
                .atUtc("2024-11-04T14:30:00Z", 30, 31, 9_000_000)    // 09:30 EST: 500k × 30 = 15M
                .atUtc("2024-11-04T15:00:00Z", 99, 99, 9_000_000)    // 10:00 EST
                .atUtc("2024-11-05T13:00:00Z", 31, 32, 100_000)      // 08:00 EST
                .atUtc("2024-11-05T14:00:00Z", 32, 33, 100_000)      // 09:00 EST
                .atUtc("2024-11-05T14:30:00Z", 34, 50, 1_000_000)    // 09:30 EST
                .build();

        PremarketCalculator.Fields pm = PremarketCalculator.compute(bars, LocalDate.of(2024, 11, 4), LONG_AFTER);

        // (3 × 10M + 20M + 15M) / 5
        assertThat(pm).isEqualTo(new PremarketCalculator.Fields(13_000_000, true, 33, 34, 6_800_000));
    }

    @Test
    void afterHoursBarsPastMidnightUtcStayOnTheirNewYorkDay() {
        // D = Thursday 2024-06-06, D+1 = Friday 06-07, EDT (UTC−4).
        IntradayBars bars = tenMillionDays(new TestBars("AAA"),
                "2024-05-31", "2024-06-03", "2024-06-04", "2024-06-05", "2024-06-06")
                .atUtc("2024-06-06T00:30:00Z", 999, 999, 900_000_000) // 06-05 20:30 New York, not 06-06
                .atUtc("2024-06-07T00:00:00Z", 999, 999, 900_000_000) // 06-06 20:00 New York, not D+1
                .at("2024-06-07T04:00", 21, 22, 100_000)
                .at("2024-06-07T09:00", 22, 23, 100_000)
                .at("2024-06-07T09:30", 24, 25, 1_000_000)
                .build();

        PremarketCalculator.Fields pm = PremarketCalculator.compute(bars, LocalDate.of(2024, 6, 6), LONG_AFTER);

        assertThat(pm).isEqualTo(new PremarketCalculator.Fields(10_000_000, true, 23, 24, 4_800_000));
    }
}
