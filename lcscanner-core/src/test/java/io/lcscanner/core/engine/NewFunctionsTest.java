package io.lcscanner.core.engine;

import static io.lcscanner.core.engine.RuleTesting.assertValues;
import static io.lcscanner.core.engine.RuleTesting.closes;
import static io.lcscanner.core.engine.RuleTesting.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.source.BarSeries;
import org.junit.jupiter.api.Test;

/**
 * {@code stdev}, {@code rsi}, {@code bars_since}, {@code crosses_above} and {@code crosses_below} in
 * documents, against values worked by hand from scanner-rules.md §3. Closes 10, 12, 11, 15, 14, 9, 13
 * (high = close + 1, low = close − 1).
 */
class NewFunctionsTest {
    private static final double NaN = Double.NaN;
    private static final BarSeries S = closes(10, 12, 11, 15, 14, 9, 13);

    @Test
    void barsSinceCountsFromTheLastTrueBarAndIsMissingBeforeTheFirst() {
        assertValues(column("bars_since(c > 13)", S), NaN, NaN, NaN, 0, 0, 1, 2);
        assertValues(column("bars_since(c < 11)", S), 0, 1, 2, 3, 4, 0, 1);
        assertValues(column("bars_since(c > 100)", S), NaN, NaN, NaN, NaN, NaN, NaN, NaN);
    }

    @Test
    void crossesCompareTodayAndThePreviousBarAndAreFalseWhereAValueIsMissing() {
        // c against 12.5: above on bars 3, 4, 6; below on 0, 1, 2, 5
        assertValues(column("crosses_above(c, 12.5)", S), 0, 0, 0, 1, 0, 0, 1);
        assertValues(column("crosses_below(c, 12.5)", S), 0, 0, 0, 0, 0, 1, 0);
        // c against shift(c, 1): rises on bars 1, 3, 6; the first bar's previous value is missing
        assertValues(column("crosses_above(c, h - 1)", S), 0, 0, 0, 0, 0, 0, 0);
        // equal yesterday counts as not above: c vs 11 at bar 2 (11) then 15 at bar 3
        assertValues(column("crosses_above(c, 11)", S), 0, 1, 0, 1, 0, 0, 1);
        assertValues(column("crosses_below(c, 11)", S), 0, 0, 0, 0, 0, 1, 0);
        // a missing value on either bar makes it false
        assertValues(column("crosses_above(if(c == 15, missing, c), 12.5)", S), 0, 0, 0, 0, 0, 0, 1);
        assertValues(column("crosses_above(if(c == 11, missing, c), 11.5)", S), 0, 1, 0, 0, 0, 0, 1);
    }

    @Test
    void stdevIsTheSampleDeviationOfTheWindow() {
        double[] v = column("stdev(c, 3)", S);
        // window 10, 12, 11: mean 11, squares 1 + 1 + 0 = 2, / 2 = 1
        assertThat(v[0]).isNaN();
        assertThat(v[1]).isNaN();
        assertThat(v[2]).isEqualTo(1.0);
        // 12, 11, 15: mean 38/3, var = (4/9·… ) = 13/3·… : check against the two-pass formula
        double[] c = {10, 12, 11, 15, 14, 9, 13};
        for (int i = 3; i < c.length; i++) {
            double m = (c[i - 2] + c[i - 1] + c[i]) / 3;
            double ss = (c[i - 2] - m) * (c[i - 2] - m) + (c[i - 1] - m) * (c[i - 1] - m) + (c[i] - m) * (c[i] - m);
            assertThat(v[i]).isCloseTo(Math.sqrt(ss / 2), org.assertj.core.data.Offset.offset(1e-12));
        }
        assertValues(column("stdev(5, 2)", S), NaN, 0, 0, 0, 0, 0, 0);
        assertValues(column("stdev(if(c == 11, missing, c), 2)", S), NaN, Math.sqrt(2), NaN, NaN, Math.sqrt(0.5),
                Math.sqrt(12.5), Math.sqrt(8));
    }

    @Test
    void rsiIsOneHundredWithoutLossesAndMissingWithoutMoves() {
        // d = ., 2, −1, 4, −1, −5, 4; rsi(c, 1): alpha 1, the averages are today's gain and loss
        assertValues(column("rsi(c, 1)", S), NaN, 100, 0, 100, 0, 0, 100);
        assertValues(column("rsi(5, 2)", S), NaN, NaN, NaN, NaN, NaN, NaN, NaN);
        // rsi(c, 2), alpha 1/2: gains seed 2 (bar 1), losses 0; bar 2: gain 1, loss 0.5 → 100 − 100/3
        double[] v = column("rsi(c, 2)", S);
        assertThat(v[1]).isNaN();
        assertThat(v[2]).isEqualTo(100 - 100 / (1 + 1.0 / 0.5));
    }

    @Test
    void argumentsAreCheckedFromTheTable() {
        assertThatThrownBy(() -> column("bars_since(c)", S)).hasMessageContaining(
                "position 12: the condition of bars_since needs a condition (a boolean), this is a number");
        assertThatThrownBy(() -> column("stdev(c, 0)", S)).hasMessageContaining(
                "the window n of stdev must be an integer between 1 and 1000, got 0");
        assertThatThrownBy(() -> column("rsi(c)", S)).hasMessageContaining("rsi takes 2 arguments (x, n), got 1");
        assertThatThrownBy(() -> column("crosses_above(c, 1, 2)", S)).hasMessageContaining(
                "crosses_above takes 2 arguments (a, b), got 3");
    }
}
