package io.lcscanner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lcscanner.core.source.BarSeries;
import org.junit.jupiter.api.Test;

/** Every forward outcome against values worked out by hand on built series. */
class ForwardOutcomesTest {
    private static final double NaN = Double.NaN;

    /** Bars on consecutive epoch days from 20,000, unless {@code days} says otherwise. */
    private static BarSeries bars(int[] days, double[] o, double[] h, double[] l, double[] c) {
        double[] v = new double[days.length];
        java.util.Arrays.fill(v, 1e6);
        return BarSeries.adjustedOnly("T", days, o, h, l, c, v);
    }

    private static int[] days(int n) {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = 20_000 + i;
        }
        return d;
    }

    private static double[] outcomes(BarSeries s, int d) {
        return ForwardOutcomes.of(s, d, false);
    }

    @Test
    void aHitWithSixSessionsAfterItHasEveryField() {
        //            D     D+1   D+2   D+3   D+4   D+5   D+6
        double[] o = {10,   11,   12,   12,   13,   14,   99};
        double[] h = {10.5, 12.1, 13,   12.5, 15,   14.5, 99};
        double[] l = {9.5,  10.5, 11.5, 9,    12.5, 13.5, 1};
        double[] c = {10,   11.55, 12.5, 10,  14,   14.2, 50};
        double[] x = outcomes(bars(days(7), o, h, l, c), 0);
        // next_open_gap 11/10−1, next_day_return 11.55/11−1, next_high 12.1/11−1, next_low 10.5/11−1
        assertThat(x[0]).isCloseTo(0.1, within(1e-12));
        assertThat(x[1]).isCloseTo(0.05, within(1e-12));
        assertThat(x[2]).isCloseTo(0.1, within(1e-12));
        assertThat(x[3]).isCloseTo(-0.5 / 11, within(1e-12));
        // ret_1d 11.55/10−1, ret_5d 14.2/10−1; the 6th bar after D is outside every 5-day field
        assertThat(x[4]).isCloseTo(0.155, within(1e-12));
        assertThat(x[5]).isCloseTo(0.42, within(1e-12));
        // max high of D+1..D+5 = 15, min low = 9
        assertThat(x[6]).isCloseTo(0.5, within(1e-12));
        assertThat(x[7]).isCloseTo(-0.1, within(1e-12));
    }

    @Test
    void aHaltedDayIsSkippedTheNextBarIsDPlusOne() {
        // D on day 20,000; the exchange halted the ticker on 20,001 and 20,002: D+1 is the bar of 20,003
        int[] days = {20_000, 20_003, 20_004};
        double[] x = outcomes(bars(days, new double[] {10, 8, 9}, new double[] {10, 9, 9.5},
                new double[] {10, 7.5, 8.5}, new double[] {10, 8.8, 9.2}), 0);
        assertThat(x[0]).isCloseTo(-0.2, within(1e-12));
        assertThat(x[4]).isCloseTo(-0.12, within(1e-12));
        // only two bars after D exist: ret_5d is missing, the 5-day extremes use what exists
        assertThat(x[5]).isNaN();
        assertThat(x[6]).isCloseTo(-0.05, within(1e-12));
        assertThat(x[7]).isCloseTo(-0.25, within(1e-12));
    }

    @Test
    void aHitOnTheLastBarHasNoOutcomeYet() {
        double[] p = {10, 11};
        double[] x = outcomes(bars(days(2), p, p, p, p), 1);
        assertThat(x).containsOnly(NaN);
    }

    @Test
    void aZeroPriceGivesMissingInsteadOfInfinity() {
        // D closes at 0.00 (a bad tick): everything relative to c[D] is missing
        double[] x = outcomes(bars(days(3), new double[] {1, 2, 2}, new double[] {1, 3, 3},
                new double[] {0, 1, 1}, new double[] {0, 2.5, 2}), 0);
        assertThat(new double[] {x[0], x[4], x[6], x[7]}).containsOnly(NaN);
        assertThat(x[1]).isCloseTo(0.25, within(1e-12));
        // D+1 opens at 0: the intraday fields are missing, the close-to-close one is not
        double[] y = outcomes(bars(days(2), new double[] {5, 0}, new double[] {5, 6},
                new double[] {5, 0}, new double[] {5, 5.5}), 0);
        assertThat(new double[] {y[1], y[2], y[3]}).containsOnly(NaN);
        assertThat(y[0]).isCloseTo(-1, within(1e-12));
        assertThat(y[4]).isCloseTo(0.1, within(1e-12));
    }

    @Test
    void referenceRoundingUsesThePricesAsTheScanSeesThem() {
        // prices a cent-rounding can move: the outcomes use them rounded, as the scan's inputs are
        double[] o = {10, 11.015}, c = {10.005, 11.0};
        BarSeries s = bars(days(2), o, o, o, c);
        double[] rounded = ForwardOutcomes.of(s, 0, true);
        assertThat(rounded[0]).isEqualTo(cents(11.015) / cents(10.005) - 1);
        assertThat(rounded[4]).isEqualTo(11.0 / cents(10.005) - 1);
        assertThat(cents(10.005)).isNotEqualTo(10.005);
        assertThat(ForwardOutcomes.of(s, 0, false)[4]).isEqualTo(11.0 / 10.005 - 1);
    }

    /** Spec §1's rounding, written out: half to even on x·100. */
    private static double cents(double x) {
        return Math.rint(x * 100.0) / 100.0;
    }
}
