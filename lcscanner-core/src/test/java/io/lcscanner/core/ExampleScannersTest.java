package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.engine.OutputColumn;
import io.lcscanner.core.engine.RollingMean;
import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.source.BarSeries;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example scanners of {@code examples/scanners/} on the synthetic market, 2023–2025, against the
 * same setups computed here with plain loops over each series: the same hits, flags and column values,
 * bit for bit. (sma is the spec's pandas rolling mean, {@link RollingMean}, itself checked against pandas'
 * values in RollingMeanTest; everything else is written out below.)
 */
class ExampleScannersTest {
    private static final LocalDate FROM = LocalDate.of(2023, 1, 1), TO = LocalDate.of(2025, 12, 31);
    private static final double NaN = Double.NaN;
    private static List<BarSeries> market;

    @BeforeAll
    static void generate() throws Exception {
        market = SyntheticSeries.market();
    }

    private static ScannerDefinition example(String name) throws Exception {
        return ScannerDefinition.parse(Files.readString(Golden.root().resolve("examples/scanners/" + name + ".json")));
    }

    /** One setup computed by hand: given a ticker's loaded series, its rows at the bars of [from, to]. */
    private interface ByHand {
        void scan(BarSeries s, int first, List<KernelHits.Row> out);
    }

    private static void compare(String name, List<String> columns, int minHitsPerPattern, ByHand byHand) throws Exception {
        ScannerDefinition d = example(name);
        assertThat(d.name()).isEqualTo(name);
        ScanKernel kernel = d.kernel(Map.of());
        assertThat(kernel.columns()).extracting(OutputColumn::name).containsExactlyElementsOf(columns);
        List<KernelHits.Row> compiled = KernelHits.rows(kernel, market, FROM, TO, d.lookbackDays());

        int load = (int) FROM.minusDays(d.lookbackDays()).toEpochDay(), to = (int) TO.toEpochDay();
        List<KernelHits.Row> expected = new ArrayList<>();
        for (BarSeries whole : market) {
            BarSeries s = whole.slice(load, to);
            int first = s.lowerBound((int) FROM.toEpochDay());
            if (first < s.size()) {
                byHand.scan(s, first, expected);
            }
        }
        expected.sort(Comparator.comparingInt(KernelHits.Row::day).thenComparing(KernelHits.Row::ticker));

        int patterns = d.patterns().size();
        for (int p = 0; p < patterns; p++) {
            int flagged = p;
            assertThat(expected.stream().filter(r -> r.values()[flagged] == 1).count())
                    .as("hits of %s.%s on the synthetic market", name, d.patterns().get(p))
                    .isGreaterThanOrEqualTo(minHitsPerPattern);
        }
        LcDocumentSyntheticTest.assertSameRows(kernel, compiled, expected);
    }

    @Test
    void gapAndGo() throws Exception {
        compare("gap_and_go", List.of("gap_and_go", "gap_fade", "gap_pct", "rvol", "close_range", "open_price",
                "close_price", "dollar_volume"), 100, (s, first, out) -> {
            double[] o = s.open(), h = s.high(), l = s.low(), c = s.close(), v = s.volume(), cUa = s.closeUa();
            double[] mean20 = new double[s.size()];
            RollingMean.mean(v, s.size(), 20, mean20);
            for (int i = first; i < s.size(); i++) {
                double pdc = i >= 1 ? c[i - 1] : NaN;
                double gap = div(o[i], pdc) - 1;
                double rvol = div(v[i], i >= 1 ? mean20[i - 1] : NaN);
                double dollarVolume = c[i] * v[i];
                double closeRange = div(c[i] - l[i], h[i] - l[i]);
                boolean gate = cUa[i] >= 5 && dollarVolume >= 20_000_000;
                boolean gapped = gap >= 0.08 && rvol >= 3;
                boolean go = gapped && c[i] > o[i] && closeRange >= 0.7;
                boolean fade = gapped && c[i] < o[i];
                if (gate && (go || fade)) {
                    out.add(row(s, i, go, fade, gap, rvol, closeRange, o[i], c[i], dollarVolume));
                }
            }
        });
    }

    @Test
    void backsideFade() throws Exception {
        compare("backside_fade", List.of("first_red_day", "prior_low_break", "peak_extension5", "run_pct",
                "dist_9ema_atr", "atr", "close_price", "volume"), 100, (s, first, out) -> {
            int n = s.size();
            double[] o = s.open(), h = s.high(), l = s.low(), c = s.close(), cUa = s.closeUa(), vUa = s.volumeUa();
            double[] trueRange = new double[n], mean14 = new double[n], extension = new double[n];
            double[] ema9 = ema(c, 9), ema20 = ema(c, 20);
            for (int i = 0; i < n; i++) {
                trueRange[i] = i == 0 ? h[i] - l[i]
                        : Math.max(Math.max(h[i] - l[i], Math.abs(h[i] - c[i - 1])), Math.abs(l[i] - c[i - 1]));
            }
            RollingMean.mean(trueRange, n, 14, mean14);
            double[] atr = new double[n];
            for (int i = 0; i < n; i++) {
                atr[i] = i >= 1 ? mean14[i - 1] : NaN;
                extension[i] = div(h[i] - ema20[i], atr[i]);
            }
            for (int i = first; i < n; i++) {
                double peakExtension5 = i >= 1 ? highest(extension, i - 1, 5) : NaN;
                double runPct = div(highest(h, i, 10), lowest(l, i, 30)) - 1;
                boolean wasParabolic = peakExtension5 >= 4 && runPct >= 1;
                boolean redLowerHigh = c[i] < o[i] && i >= 1 && h[i] < h[i - 1];
                boolean firstRed = wasParabolic && redLowerHigh && c[i] < ema9[i];
                boolean lowBreak = wasParabolic && redLowerHigh && c[i] < l[i - 1];
                if (cUa[i] >= 5 && vUa[i] >= 2_000_000 && (firstRed || lowBreak)) {
                    out.add(row(s, i, firstRed, lowBreak, peakExtension5, runPct, div(c[i] - ema9[i], atr[i]), atr[i],
                            c[i], vUa[i]));
                }
            }
        });
    }

    @Test
    void quietBaseBreakout() throws Exception {
        compare("quiet_base_breakout", List.of("base_breakout", "strong_close_breakout", "base_depth", "breakout_pct",
                "rvol", "base_high", "close_price"), 30, (s, first, out) -> {
            int n = s.size();
            double[] h = s.high(), l = s.low(), c = s.close(), v = s.volume(), cUa = s.closeUa(), vUa = s.volumeUa();
            double[] mean50 = new double[n], mean10 = new double[n];
            RollingMean.mean(v, n, 50, mean50);
            RollingMean.mean(v, n, 10, mean10);
            double[] ema50 = ema(c, 50);
            for (int i = first; i < n; i++) {
                double baseHigh = i >= 1 ? highest(h, i - 1, 20) : NaN;
                double baseLow = i >= 1 ? lowest(l, i - 1, 20) : NaN;
                double baseDepth = div(baseHigh, baseLow) - 1;
                double avgVolume50 = i >= 1 ? mean50[i - 1] : NaN;
                double baseVolume = div(i >= 1 ? mean10[i - 1] : NaN, avgVolume50);
                double rvol = div(v[i], avgVolume50);
                boolean quietBase = baseDepth <= 0.12 && baseVolume <= 1 && baseLow > ema50[i];
                boolean breakout = quietBase && c[i] > baseHigh && rvol >= 1.5;
                boolean strongClose = breakout && div(c[i] - l[i], h[i] - l[i]) >= 0.8;
                if (cUa[i] >= 5 && vUa[i] >= 500_000 && breakout) {
                    out.add(row(s, i, breakout, strongClose, baseDepth, div(c[i], baseHigh) - 1, rvol, baseHigh, c[i]));
                }
            }
        });
    }

    @Test
    void rsi2Washout() throws Exception {
        compare("rsi2_washout", List.of("washout", "first_washout", "rsi2", "sma200", "trend_slope",
                "days_since_high20", "close_price"), 30, (s, first, out) -> {
            int n = s.size();
            double[] h = s.high(), c = s.close(), v = s.volume(), cUa = s.closeUa();
            double[] sma200 = new double[n];
            RollingMean.mean(c, n, 200, sma200);
            double[] rsi2 = wilderRsi2(c);
            double[] sinceHigh = new double[n];
            for (int i = 0; i < n; i++) {
                boolean atHigh = h[i] >= highest(h, i, 20);
                sinceHigh[i] = atHigh ? 0 : i == 0 ? NaN : sinceHigh[i - 1] + 1;
            }
            for (int i = first; i < n; i++) {
                double slope = i >= 20 ? div(sma200[i], sma200[i - 20]) - 1 : NaN;
                boolean trend = c[i] > sma200[i] && slope > 0;
                boolean washout = trend && rsi2[i] < 10;
                boolean firstWashout = trend && rsi2[i] < 10 && i >= 1 && rsi2[i - 1] >= 10;
                if (cUa[i] >= 5 && c[i] * v[i] >= 20_000_000 && (washout || firstWashout)) {
                    out.add(row(s, i, washout, firstWashout, rsi2[i], sma200[i], slope, sinceHigh[i], c[i]));
                }
            }
        });
    }

    /**
     * Wilder's RSI(2) written out: changes d, average gain and loss seeded with the first change, then
     * avg = ½·avg + ½·today's (α = 1/2: pandas' weights ½ and ½ sum to exactly 1); defined from the second
     * change on; 100 − 100/(1 + gain/loss). The synthetic closes have no missing values.
     */
    private static double[] wilderRsi2(double[] c) {
        double[] rsi = new double[c.length];
        double gain = NaN, loss = NaN;
        for (int i = 0; i < c.length; i++) {
            if (i == 0) {
                rsi[i] = NaN;
                continue;
            }
            double d = c[i] - c[i - 1];
            double up = d > 0 ? d : 0, down = d < 0 ? -d : 0;
            if (i == 1) {
                gain = up;
                loss = down;
            } else {
                gain = 0.5 * gain + 0.5 * up;
                loss = 0.5 * loss + 0.5 * down;
            }
            rsi[i] = i >= 2 ? 100 - 100 / (1 + gain / loss) : NaN;
        }
        return rsi;
    }

    @Test
    void examplesAreRefusedWithALowerWindowThanAllowed() throws Exception {
        assertThat(example("quiet_base_breakout").params()).containsEntry("base_days", 20.0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> example("quiet_base_breakout").kernel(Map.of("base_days", 0.0)))
                .isInstanceOf(ScannerDefinitionException.class)
                .hasMessageStartingWith("params.base_days: must be an integer between 1 and 1000");
    }

    private static KernelHits.Row row(BarSeries s, int i, boolean flag1, boolean flag2, double... columns) {
        double[] row = new double[2 + columns.length];
        row[0] = flag1 ? 1 : 0;
        row[1] = flag2 ? 1 : 0;
        System.arraycopy(columns, 0, row, 2, columns.length);
        return new KernelHits.Row(s.ticker(), s.epochDays()[i], row);
    }

    /** x / y, missing when the quotient is infinite (division by zero). */
    private static double div(double x, double y) {
        double q = x / y;
        return Double.isInfinite(q) ? NaN : q;
    }

    /** e₀ = x₀, eᵢ = (1 − α)·eᵢ₋₁ + α·xᵢ with α = 2/(span+1); the series have no missing closes. */
    private static double[] ema(double[] x, int span) {
        double alpha = 2.0 / (span + 1);
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            e[i] = i == 0 ? x[0] : (1 - alpha) * e[i - 1] + alpha * x[i];
        }
        return e;
    }

    /** The largest non-missing x among bars end−n+1 … end (as many as exist); missing if none. */
    private static double highest(double[] x, int end, int n) {
        double best = NaN;
        for (int j = Math.max(0, end - n + 1); j <= end; j++) {
            if (!Double.isNaN(x[j]) && (Double.isNaN(best) || x[j] > best)) {
                best = x[j];
            }
        }
        return best;
    }

    private static double lowest(double[] x, int end, int n) {
        double best = NaN;
        for (int j = Math.max(0, end - n + 1); j <= end; j++) {
            if (!Double.isNaN(x[j]) && (Double.isNaN(best) || x[j] < best)) {
                best = x[j];
            }
        }
        return best;
    }
}
