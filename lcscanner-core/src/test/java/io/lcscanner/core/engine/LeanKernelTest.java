package io.lcscanner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The scan's lean kernel gives the features a scan reads bit for bit as the full kernel, and the
 * patterns and score read nothing else.
 */
class LeanKernelTest {

    @Test
    void leanKernelMatchesTheFullOneWherePatternsAndScoreLook() throws Exception {
        SyntheticMarket market = new SyntheticMarket(7, 150);
        BarSource.Window w = market.open(LocalDate.of(2022, 1, 1), LocalDate.of(2025, 12, 31), t -> true,
                BarSource.LoadListener.NONE);
        Set<Feature> scanned = EnumSet.noneOf(Feature.class);
        scanned.addAll(Arrays.asList(FeatureKernel.SCAN_FEATURES));
        int hits = 0;
        for (boolean rounding : new boolean[] {true, false}) {
            Features full = new Features(16), lean = new Features(16);
            for (int t = 0; t < w.tickerCount(); t++) {
                BarSeries s = w.series(t);
                FeatureKernel.compute(s, rounding, full);
                lean.size(s.size());
                // poison every column the lean kernel may leave alone: reading one would change a result
                for (Feature f : Feature.ALL) {
                    Arrays.fill(lean.column(f), f.ordinal() % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY);
                }
                FeatureKernel.computeForScan(s, rounding, lean);
                int n = s.size();
                for (Feature f : FeatureKernel.SCAN_FEATURES) {
                    // Arrays.equals on double[] compares bits (doubleToLongBits): NaN equals NaN, 0.0 not -0.0
                    if (!Arrays.equals(lean.column(f), 0, n, full.column(f), 0, n)) {
                        assertThat(Arrays.copyOf(lean.column(f), n)).as("%s %s", s.ticker(), f.specName())
                                .containsExactly(Arrays.copyOf(full.column(f), n));
                    }
                }
                String[] fullResults = new String[n], leanResults = new String[n];
                for (int i = 0; i < n; i++) {
                    boolean d3 = Patterns.d3Extended1(full, i), d2 = Patterns.d2Extended(full, i), d21 = Patterns.d2Extended1(full, i);
                    fullResults[i] = d3 + " " + d2 + " " + d21 + " " + Patterns.parabolicScore(full, i);
                    leanResults[i] = Patterns.d3Extended1(lean, i) + " " + Patterns.d2Extended(lean, i) + " "
                            + Patterns.d2Extended1(lean, i) + " " + Patterns.parabolicScore(lean, i);
                    hits += d3 || d2 || d21 ? 1 : 0;
                }
                assertThat(leanResults).as(s.ticker() + " flags and score per bar").containsExactly(fullResults);
            }
        }
        assertThat(hits).as("the sample must contain hits for the comparison to mean something").isPositive();
    }
}
