package io.lcscanner.core.engine;

import static io.lcscanner.core.engine.RuleTesting.assertValues;
import static io.lcscanner.core.engine.RuleTesting.closes;
import static io.lcscanner.core.engine.RuleTesting.column;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.BarSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every operator and function of scanner-rules.md §3 against values computed by hand (or, for the last
 * bits of a double, by Python on the same IEEE doubles). The series closes at 10, 12, 11, 15, 14, with
 * high = close + 1, low = close − 1, open = close − 0.5.
 */
class ExpressionSemanticsTest {
    private static final double NaN = Double.NaN;
    private static final BarSeries S = closes(10, 12, 11, 15, 14);
    /** 10, 12, 11, 15, 14 with the closes 10 and 11 missing. */
    private static final String X = "\"x\": \"if(c == 10 or c == 11, missing, c)\"";

    @Test
    void arithmeticIsEvaluatedInExactlyTheWrittenOrder() {
        assertValues(column("0.1 + 0.2 + 0.3", S), 0.6000000000000001, 0.6000000000000001, 0.6000000000000001,
                0.6000000000000001, 0.6000000000000001);
        assertValues(column("0.1 + (0.2 + 0.3)", S), 0.6, 0.6, 0.6, 0.6, 0.6);
        assertThat(column("c * 0.1 * 3", S)[0]).isEqualTo(3.0);
        assertThat(column("c * (0.1 * 3)", S)[0]).isEqualTo(3.0000000000000004);
        assertValues(column("c / 2 / 5", S), 1, 1.2, 1.1, 1.5, 1.4);
        assertValues(column("c - 2 * 3", S), 4, 6, 5, 9, 8);
        assertValues(column("-c + 1", S), -9, -11, -10, -14, -13);
        assertValues(column("- - c", S), 10, 12, 11, 15, 14);
        assertValues(column("(c - 12) * 2 - c", S), -14, -12, -13, -9, -10);
    }

    @Test
    void logicBindsLooserThanComparisonAndNotLooserStill() {
        // (not (c > 11)) and (c < 15)
        assertValues(column("not c > 11 and c < 15", S), 1, 0, 1, 0, 0);
        // (c > 11) or ((c < 11) and (c > 100))
        assertValues(column("c > 11 or c < 11 and c > 100", S), 0, 1, 0, 1, 1);
        assertValues(column("c >= 12 and c <= 14", S), 0, 1, 0, 0, 1);
        assertValues(column("c == 11 or c != 12", S), 1, 0, 1, 1, 1);
        assertValues(column("c < 12", S), 1, 0, 1, 0, 0);
        assertValues(column("c > 12", S), 0, 0, 0, 1, 1);
        assertValues(column("not not (c == 12)", S), 0, 1, 0, 0, 0);
        assertValues(column("true and c > 11", S), 0, 1, 0, 1, 1);
        assertValues(column("false or c > 11", S), 0, 1, 0, 1, 1);
    }

    @Test
    void missingPropagatesThroughArithmeticAndFailsEveryComparison() {
        assertValues(column("c + missing", S), NaN, NaN, NaN, NaN, NaN);
        assertValues(column("missing > 1", S), 0, 0, 0, 0, 0);
        assertValues(column("missing != 1", S), 0, 0, 0, 0, 0);
        assertValues(column("missing == missing", S), 0, 0, 0, 0, 0);
        assertValues(column("not (missing > 1)", S), 1, 1, 1, 1, 1);
        assertValues(column("x != 12", S, X), 0, 0, 0, 1, 1);
        assertValues(column("x < 13", S, X), 0, 1, 0, 0, 0);
        assertValues(column("x * 2", S, X), NaN, 24, NaN, 30, 28);
        assertValues(column("if(x > 0, 1, 2)", S, X), 2, 1, 2, 1, 1);
    }

    @Test
    void divisionByZeroIsMissing() {
        assertValues(column("c / 0", S), NaN, NaN, NaN, NaN, NaN);
        assertValues(column("0 / 0", S), NaN, NaN, NaN, NaN, NaN);
        assertValues(column("1 / (c - 11)", S), -1, 1, NaN, 0.25, 1.0 / 3);
        assertValues(column("(c - 12) / (c - 12)", S), 1, NaN, 1, 1, 1);
        assertValues(column("c / (c - c) >= 0", S), 0, 0, 0, 0, 0);
        assertValues(column("(c - 11) / 0 <= 0", S), 0, 0, 0, 0, 0);
    }

    @Test
    void trueIsOneAndFalseZeroInArithmetic() {
        assertValues(column("(c > 11) + (c > 13)", S), 0, 1, 0, 2, 2);
        assertValues(column("(c > 11) * 10", S), 0, 10, 0, 10, 10);
        assertValues(column("true + true", S), 2, 2, 2, 2, 2);
        assertValues(column("(c == 12) == 1", S), 0, 1, 0, 0, 0);
        assertValues(column("sum(c > 11, 3)", S), NaN, NaN, 1, 2, 2);
    }

    @Test
    void shiftReadsEarlierBarsOfTheSeries() {
        assertValues(column("shift(c, 1)", S), NaN, 10, 12, 11, 15);
        assertValues(column("shift(c, 2)", S), NaN, NaN, 10, 12, 11);
        assertValues(column("shift(c, 0)", S), 10, 12, 11, 15, 14);
        assertValues(column("shift(c, 5)", S), NaN, NaN, NaN, NaN, NaN);
        // a shifted condition is false where there is no earlier bar
        assertValues(column("shift(c > 11, 1)", S), 0, 0, 1, 0, 1);
        assertValues(column("shift(c > 11, 1) or c == 10", S), 1, 0, 1, 0, 1);
        assertValues(column("shift(shift(c, 1), 1)", S), NaN, NaN, 10, 12, 11);
        assertValues(column("c - shift(c, 1)", S), NaN, 2, -1, 4, -1);
    }

    @Test
    void smaIsThePandasRollingMeanMissingUnlessEveryValueIsThere() {
        assertValues(column("sma(c, 3)", S), NaN, NaN, 11, 38.0 / 3, 40.0 / 3);
        assertValues(column("sma(c, 1)", S), 10, 12, 11, 15, 14);
        assertValues(column("sma(x, 2)", S, X), NaN, NaN, NaN, NaN, 14.5);
        // pandas' running sum, not a fresh sum: equals RollingMean bit for bit
        double[] v = {0.1, 0.7, 0.3, 0.9, 0.2, 0.8, 0.4, 0.6};
        double[] expected = new double[v.length];
        RollingMean.mean(v, v.length, 3, expected);
        assertValues(column("sma(c, 3)", closes(v)), expected);
    }

    @Test
    void sumAddsLeftToRightAndIsMissingUntilNBars() {
        assertValues(column("sum(c, 3)", S), NaN, NaN, 33, 38, 40);
        assertValues(column("sum(x, 2)", S, X), NaN, NaN, NaN, NaN, 29);
        assertValues(column("sum(c, 3)", closes(0.1, 0.2, 0.3)), NaN, NaN, 0.6000000000000001);
        assertValues(column("sum(c, 3)", closes(0.3, 0.2, 0.1)), NaN, NaN, 0.6);
    }

    @Test
    void emaIsSeededWithTheFirstValueAndSkipsMissingOnes() {
        // α = 2/(3+1) = 0.5
        assertValues(column("ema(c, 3)", S), 10, 11, 11, 13, 13.5);
        // α = 0.2: e = 0.8·e + 0.2·c, as Python computes it
        assertValues(column("ema(c, 9)", S), 10, 10.4, 10.52, 11.416, 11.932800000000002);
        // seeded with the first non-missing value; a missing value is missing and leaves e alone
        assertValues(column("ema(x, 3)", S, X), NaN, 12, NaN, 13.5, 13.75);
    }

    @Test
    void highestAndLowestOverTheLastNBarsIgnoreMissingValues() {
        assertValues(column("highest(c, 3)", S), 10, 12, 12, 15, 15);
        assertValues(column("lowest(c, 3)", S), 10, 10, 10, 11, 11);
        assertValues(column("highest(h, 2)", S), 11, 13, 13, 16, 16);
        String y = "\"y\": \"if(c > 11, c, missing)\""; // NaN, 12, NaN, 15, 14
        assertValues(column("highest(y, 2)", S, y), NaN, 12, 12, 15, 15);
        assertValues(column("lowest(y, 2)", S, y), NaN, 12, 12, 15, 14);
        assertValues(column("lowest(y, 1)", S, y), NaN, 12, NaN, 15, 14);
    }

    @Test
    void highestAndLowestEqualANaiveScanWhereverTheReportWindowStarts() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        double[] values = {1, 2, 3, 2.5, 0.0, -0.0, NaN};
        for (int trial = 0; trial < 40; trial++) {
            double[] c = new double[60];
            for (int i = 0; i < c.length; i++) {
                c[i] = values[random.nextInt(values.length)];
            }
            BarSeries s = closes(c);
            int n = new int[] {1, 2, 3, 5, 7, 20, 59, 70}[trial % 8];
            int first = random.nextInt(c.length);
            ScanKernel k = RuleTesting.compile("{\"name\": \"t\", \"patterns\": {\"all\": \"true\"}, \"columns\": {"
                    + "\"hi\": \"highest(c, " + n + ")\", \"lo\": \"lowest(c, " + n + ")\"}}");
            List<double[]> rows = new ArrayList<>();
            k.newEvaluator().scan(s, s.epochDays()[first], s.epochDays()[c.length - 1], (t, day, row) -> rows.add(row));
            assertThat(rows).hasSize(c.length - first);
            for (int i = first; i < c.length; i++) {
                double hi = NaN, lo = NaN;
                for (int j = Math.max(0, i - n + 1); j <= i; j++) {
                    // the newest of equal values, as a monotonic deque keeps it (only ±0 can tell)
                    if (!Double.isNaN(c[j]) && (Double.isNaN(hi) || c[j] >= hi)) {
                        hi = c[j];
                    }
                    if (!Double.isNaN(c[j]) && (Double.isNaN(lo) || c[j] <= lo)) {
                        lo = c[j];
                    }
                }
                assertValues(rows.get(i - first), 1, hi, lo);
            }
        }
    }

    @Test
    void maxAndMinAreElementWiseIgnoringMissingOperands() {
        assertValues(column("max(c, 12)", S), 12, 12, 12, 15, 14);
        assertValues(column("min(c, 12)", S), 10, 12, 11, 12, 12);
        assertValues(column("max(x, 11)", S, X), 11, 12, 11, 15, 14);
        assertValues(column("max(x, missing)", S, X), NaN, 12, NaN, 15, 14);
        assertValues(column("min(missing, missing)", S), NaN, NaN, NaN, NaN, NaN);
        assertValues(column("max(c - 20, -5, x)", S, X), -5, 12, -5, 15, 14);
        // true range at the first bar: h − l, the terms with a missing previous close ignored
        assertValues(column("max(h - l, abs(h - shift(c, 1)), abs(l - shift(c, 1)))", S), 2, 3, 2, 5, 2);
    }

    @Test
    void absAndIf() {
        assertValues(column("abs(c - 12)", S), 2, 0, 1, 3, 2);
        assertValues(column("if(c > 11, c, -c)", S), -10, 12, -11, 15, 14);
        assertValues(column("if(c > 11, c > 14, c < 11)", S), 1, 0, 0, 1, 0);
        assertValues(column("if(true, c, 0)", S), 10, 12, 11, 15, 14);
    }

    @Test
    void stepsTakesTheFirstThresholdReachedElseTheDefault() {
        assertValues(column("steps(c, 14, 3, 12, 2, 11, 1, 0)", S), 0, 2, 1, 3, 3);
        assertValues(column("steps(x, 14, 3, 0, 1, -1)", S, X), -1, 1, -1, 3, 3);
        assertValues(column("steps(c, shift(c, 1), 1, 0)", S), 0, 1, 0, 1, 0);
        assertValues(column("steps(c, 15, c * 2, missing)", S), NaN, NaN, NaN, 30, NaN);
    }

    @Test
    void tierYieldsTheIndexOfItsLabel() {
        ScanKernel k = RuleTesting.compile("{\"name\": \"t\", \"features\": {\"x\": \"if(c == 12, missing, c)\"},"
                + " \"patterns\": {\"all\": \"true\"}, \"columns\": {\"t\": \"tier(c, 14, 'high', 12, \\\"mid\\\", 'low')\","
                + " \"u\": \"tier(x, 14, 'high', 'low')\", \"again\": \"t\"}}");
        assertThat(k.columns()).containsExactly(OutputColumn.flag("all"),
                OutputColumn.text("t", List.of("high", "mid", "low")), OutputColumn.text("u", List.of("high", "low")),
                OutputColumn.text("again", List.of("high", "mid", "low")));
        List<double[]> v = RuleTesting.run(k, S, 3);
        assertValues(v.get(0), 2, 1, 2, 0, 0);
        assertValues(v.get(1), 1, 1, 1, 0, 0); // a missing x takes the default
        assertValues(v.get(2), 2, 1, 2, 0, 0);
    }

    @Test
    void featuresSeeEachOtherUnroundedAndEverythingElseSeesThemRounded() {
        // inputs first: 1.005 → 1.0 (100.49999…), 2.675 → 2.68 (267.5, half to even)
        BarSeries s = closes(1.005, 1.01, 2.675);
        String[] features = {"\"f\": \"c / 3\"", "\"g\": \"f * 3\"", "\"up\": \"c > 1.005\""};
        String json = "{\"name\": \"t\", \"rounding\": \"%s\", \"features\": {" + String.join(", ", features) + "},"
                + " \"signals\": {\"s\": \"f / 7\", \"b\": \"up * 0.333\"}, \"patterns\": {\"all\": \"true\"},"
                + " \"columns\": {\"close\": \"c\", \"f\": \"f\", \"g\": \"g\", \"sig\": \"s\", \"bsig\": \"b\", \"up\": \"up\"}}";
        List<double[]> rounded = RuleTesting.run(RuleTesting.compile(json.formatted("reference")), s, 6);
        assertValues(rounded.get(0), 1.0, 1.01, 2.68);
        assertValues(rounded.get(1), 0.33, 0.34, 0.89);
        // g is f·3 from the unrounded f, then rounded: not 0.99, 1.02, 2.67
        assertValues(rounded.get(2), 1.0, 1.01, 2.68);
        // a signal is never rounded: the rounded f over 7
        assertValues(rounded.get(3), 0.047142857142857146, 0.04857142857142858, 0.12714285714285714);
        // a boolean feature stays 0/1
        assertValues(rounded.get(4), 0, 0.333, 0.333);
        assertValues(rounded.get(5), 0, 1, 1);

        List<double[]> none = RuleTesting.run(RuleTesting.compile(json.formatted("none")), s, 6);
        assertValues(none.get(0), 1.005, 1.01, 2.675);
        assertValues(none.get(1), 0.33499999999999996, 0.33666666666666667, 0.8916666666666666);
        assertValues(none.get(2), 1.005, 1.01, 2.675);
    }

    @Test
    void aRequestMayTurnRoundingOff() {
        String json = "{\"name\": \"t\", \"rounding\": \"reference\", \"features\": {\"f\": \"c / 3\"},"
                + " \"patterns\": {\"all\": \"true\"}, \"columns\": {\"f\": \"f\"}}";
        ScannerDocument doc = ScannerDocument.parse(json, (k, p, m) -> {
            throw new AssertionError(m);
        }).orElseThrow();
        ScanKernel off = doc.compile(Map.of(), false, (k, p, m) -> {
            throw new AssertionError(m);
        }).orElseThrow();
        assertValues(RuleTesting.run(off, closes(1.005), 1).get(0), 0.33499999999999996);
    }

    @Test
    void paramsAreConstantsAndARequestMayOverrideThem() {
        String json = "{\"name\": \"t\", \"params\": {\"k\": 2, \"n\": 2}, \"patterns\": {\"all\": \"true\"},"
                + " \"columns\": {\"a\": \"c * $k\", \"b\": \"sum(c, $n)\"}}";
        List<double[]> byDefault = RuleTesting.run(RuleTesting.compile(json), S, 2);
        assertValues(byDefault.get(0), 20, 24, 22, 30, 28);
        assertValues(byDefault.get(1), NaN, 22, 23, 26, 29);
        List<double[]> overridden = RuleTesting.run(RuleTesting.compile(json, Map.of("k", 0.5, "n", 3.0)), S, 2);
        assertValues(overridden.get(0), 5, 6, 5.5, 7.5, 7);
        assertValues(overridden.get(1), NaN, NaN, 33, 38, 40);
    }

    @Test
    void aHitIsABarWhereTheGateHoldsAndAnyPatternDoes() {
        ScanKernel k = RuleTesting.compile("{\"name\": \"t\", \"gate\": \"c >= 11\", \"patterns\": {"
                + "\"up\": \"c > shift(c, 1)\", \"big\": \"c >= 14\", \"never\": \"false\"}, \"columns\": {\"close\": \"c\"}}");
        List<double[]> flags = new ArrayList<>();
        List<Integer> days = new ArrayList<>();
        k.newEvaluator().scan(S, S.epochDays()[0], S.epochDays()[4], (t, day, row) -> {
            days.add(day - S.epochDays()[0]);
            flags.add(row);
        });
        // bar 0 (10) fails the gate; bar 2 (11) is neither up nor big
        assertThat(days).containsExactly(1, 3, 4);
        assertValues(flags.get(0), 1, 0, 0, 12);
        assertValues(flags.get(1), 1, 1, 0, 15);
        assertValues(flags.get(2), 0, 1, 0, 14);
    }

    @Test
    void indicatorsOfTheFirstReportedBarUseTheHistoryBeforeIt() {
        BarSeries s = closes(10, 12, 11, 15, 14, 13, 16, 18);
        ScanKernel k = RuleTesting.compile("{\"name\": \"t\", \"patterns\": {\"all\": \"true\"}, \"columns\": {"
                + "\"a\": \"shift(c, 2)\", \"b\": \"highest(c, 4)\", \"d\": \"sum(c, 3)\", \"e\": \"sma(c, 2)\","
                + " \"f\": \"ema(c, 3)\", \"g\": \"lowest(shift(c, 1), 3)\"}}");
        List<double[]> rows = new ArrayList<>();
        k.newEvaluator().scan(s, s.epochDays()[5], s.epochDays()[7], (t, day, row) -> rows.add(row));
        assertThat(rows).hasSize(3);
        // bar 5 (13): two bars earlier 15; highest of 11 15 14 13; 15+14+13; (14+13)/2; ema from bar 0
        assertValues(rows.get(0), 1, 15, 15, 42, 13.5, 13.25, 11);
        assertValues(rows.get(2), 1, 13, 18, 47, 17, 16.3125, 13);
    }
}
