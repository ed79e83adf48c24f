package io.lcscanner.core;

import static io.lcscanner.core.engine.Feature.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.engine.FeatureKernel;
import io.lcscanner.core.engine.EngineAccess;
import io.lcscanner.core.engine.Features;
import io.lcscanner.core.engine.OutputColumn;
import io.lcscanner.core.engine.Patterns;
import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.source.BarSeries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compiled lc.json against the tests' hand-written implementation of LC (FeatureKernel.computeForScan
 * + Patterns, the production kernel before scanners became documents) on the synthetic market: the same hits, flags, score, tier and
 * every value bit for bit, with and without rounding, with the request filters lowered (the patterns'
 * own gates still hold) and raised.
 */
class LcDocumentSyntheticTest {
    private static final LocalDate FROM = LocalDate.of(2023, 1, 1), TO = LocalDate.of(2025, 12, 31);
    private static final int LOOKBACK = 400;
    private static List<BarSeries> market;

    @BeforeAll
    static void generate() throws Exception {
        market = SyntheticSeries.market();
    }

    @ParameterizedTest(name = "rounding {0}, min_volume {1}, min_dollar_volume {2}, min_price {3}")
    @CsvSource({
            "true, 10000000, 500000000, 5",
            "false, 10000000, 500000000, 5",
            "true, 0, 0, 0",
            "true, 40000000, 2000000000, 50",
            "false, 25000000, 800000000, 20"})
    void compiledLcEqualsTheHandWrittenKernel(boolean rounding, double minVolume, double minDollarVolume, double minPrice) {
        ScanKernel kernel = ScannerDefinition.lc().kernel(Map.of("min_volume", minVolume,
                "min_dollar_volume", minDollarVolume, "min_price", minPrice), rounding);
        List<KernelHits.Row> compiled = KernelHits.rows(kernel, market, FROM, TO, LOOKBACK);
        List<KernelHits.Row> handWritten = handWritten(rounding, minVolume, minDollarVolume, minPrice);

        assertThat(handWritten).as("the synthetic market must have LC hits for this to mean anything").hasSizeGreaterThan(20);
        assertSameRows(kernel, compiled, handWritten);
        // the evaluator without laziness or skipping finds exactly the same
        assertSameRows(kernel, KernelHits.rows(EngineAccess.eagerEvaluator(kernel), market, FROM, TO, LOOKBACK), compiled);
    }

    static void assertSameRows(ScanKernel kernel, List<KernelHits.Row> actual, List<KernelHits.Row> expected) {
        List<OutputColumn> columns = kernel.columns();
        assertThat(actual).hasSameSizeAs(expected);
        for (int k = 0; k < expected.size(); k++) {
            KernelHits.Row a = actual.get(k), e = expected.get(k);
            String where = e.ticker() + " " + LocalDate.ofEpochDay(e.day());
            assertThat(a.ticker() + " " + LocalDate.ofEpochDay(a.day())).isEqualTo(where);
            for (int c = 0; c < columns.size(); c++) {
                assertThat(Double.doubleToLongBits(a.values()[c])).as("%s %s: %s vs %s", where, columns.get(c).name(),
                        a.values()[c], e.values()[c]).isEqualTo(Double.doubleToLongBits(e.values()[c]));
            }
        }
    }

    /** The hand-written path, bar by bar: request filters and the patterns' own gates, whichever is higher. */
    private static List<KernelHits.Row> handWritten(boolean rounding, double minVolume, double minDollarVolume,
                                                    double minPrice) {
        double volumeGate = Math.max(minVolume, Patterns.MIN_VOLUME);
        double dollarGate = Math.max(minDollarVolume, Patterns.MIN_DOLLAR_VOLUME);
        double priceGate = Math.max(minPrice, Patterns.MIN_PRICE);
        int load = (int) FROM.minusDays(LOOKBACK).toEpochDay(), from = (int) FROM.toEpochDay(), to = (int) TO.toEpochDay();
        List<String> tiers = List.of("A+", "A", "B", "C", "D");
        Features f = new Features(1024);
        List<KernelHits.Row> rows = new ArrayList<>();
        for (BarSeries whole : market) {
            BarSeries s = whole.slice(load, to);
            if (s.size() == 0) {
                continue;
            }
            FeatureKernel.computeForScan(s, rounding, f);
            for (int i = s.lowerBound(from); i < s.size(); i++) {
                if (!(f.get(V_UA, i) >= volumeGate && f.get(DOL_V, i) >= dollarGate && f.get(C_UA, i) >= priceGate)) {
                    continue;
                }
                boolean d3 = Patterns.d3Extended1(f, i), d2 = Patterns.d2Extended(f, i), d21 = Patterns.d2Extended1(f, i);
                if (!(d3 || d2 || d21)) {
                    continue;
                }
                double score = Patterns.parabolicScore(f, i);
                double[] row = {d3 ? 1 : 0, d2 ? 1 : 0, d21 ? 1 : 0, score, tiers.indexOf(Patterns.tier(score)),
                        f.get(GAP_PCT, i), f.get(V_UA, i), f.get(DOL_V, i), f.get(O, i), f.get(H, i), f.get(L, i),
                        f.get(C, i), f.get(C_UA, i), f.get(EMA9, i), f.get(EMA20, i), f.get(EMA50, i), f.get(EMA200, i),
                        f.get(ATR, i), f.get(HIGH_CHG_ATR, i), f.get(DIST_H_9EMA_ATR, i), f.get(DIST_H_20EMA_ATR, i),
                        f.get(CLOSE_RANGE, i)};
                rows.add(new KernelHits.Row(s.ticker(), s.epochDays()[i], row));
            }
        }
        rows.sort(java.util.Comparator.comparingInt(KernelHits.Row::day).thenComparing(KernelHits.Row::ticker));
        return rows;
    }
}
