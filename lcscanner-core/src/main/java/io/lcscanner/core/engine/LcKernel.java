package io.lcscanner.core.engine;

import static io.lcscanner.core.engine.Feature.*;

import io.lcscanner.core.source.BarSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * LC (spec {@code lc-scanner.md}) written by hand: the liquidity pre-pass, the lean feature kernel, the
 * three patterns of §3 and the score of §4. A cheap pass over the report window checks the gates every
 * hit must pass (as-traded volume, dollar volume, as-traded close — the patterns' own and the request's
 * filters); only a ticker with a bar passing them gets the feature kernel. The gates are computed exactly
 * as the kernel computes those features, so skipping cannot change a hit.
 */
public final class LcKernel implements ScanKernel {
    /** LC's output after ticker and date (spec §6): three flags, then the reported values. */
    public static final List<OutputColumn> COLUMNS;
    /** The tiers of spec §4, in label-index order. */
    public static final List<String> TIERS = List.of("A+", "A", "B", "C", "D");
    private static final Feature[] REPORTED = {GAP_PCT, V_UA, DOL_V, O, H, L, C, C_UA, EMA9, EMA20, EMA50, EMA200,
            ATR, HIGH_CHG_ATR, DIST_H_9EMA_ATR, DIST_H_20EMA_ATR, CLOSE_RANGE};

    static {
        List<OutputColumn> c = new ArrayList<>();
        c.add(OutputColumn.flag("lc_frontside_d3_extended_1"));
        c.add(OutputColumn.flag("lc_frontside_d2_extended"));
        c.add(OutputColumn.flag("lc_frontside_d2_extended_1"));
        c.add(OutputColumn.number("parabolic_score"));
        c.add(OutputColumn.text("parabolic_tier", TIERS));
        for (String name : List.of("gap_pct", "volume", "dollar_volume", "open_price", "high_price", "low_price",
                "close_price", "close_ua", "ema9", "ema20", "ema50", "ema200", "atr", "high_chg_atr",
                "dist_h_9ema_atr", "dist_h_20ema_atr", "close_range")) {
            c.add(OutputColumn.number(name));
        }
        COLUMNS = List.copyOf(c);
    }

    private final boolean referenceRounding;
    private final double minVolume, minDollarVolume, minPrice;

    /**
     * @param minVolume       spec §5 filters; they add to the patterns' own gates, never loosen them
     * @param referenceRounding spec §1's two roundings
     */
    public LcKernel(double minVolume, double minDollarVolume, double minPrice, boolean referenceRounding) {
        this.referenceRounding = referenceRounding;
        this.minVolume = Math.max(minVolume, Patterns.MIN_VOLUME);
        this.minDollarVolume = Math.max(minDollarVolume, Patterns.MIN_DOLLAR_VOLUME);
        this.minPrice = Math.max(minPrice, Patterns.MIN_PRICE);
    }

    @Override
    public List<OutputColumn> columns() {
        return COLUMNS;
    }

    @Override
    public Evaluator newEvaluator() {
        Features features = new Features(512);
        return (series, fromDay, toDay, sink) -> {
            int first = series.lowerBound(fromDay), end = series.lowerBound(toDay + 1);
            if (first >= end || !anyBarPassesGates(series, first, end)) {
                return series.size();
            }
            FeatureKernel.computeForScan(series, referenceRounding, features);
            Features f = features;
            for (int i = first; i < end; i++) {
                if (!passesGates(f.get(V_UA, i), f.get(C_UA, i), f.get(DOL_V, i))) {
                    continue;
                }
                boolean d3 = Patterns.d3Extended1(f, i);
                boolean d2 = Patterns.d2Extended(f, i);
                boolean d21 = Patterns.d2Extended1(f, i);
                if (d3 || d2 || d21) {
                    sink.hit(series.ticker(), series.epochDays()[i], row(d3, d2, d21, f, i));
                }
            }
            return series.size();
        };
    }

    private boolean anyBarPassesGates(BarSeries s, int first, int end) {
        double[] c = s.close(), v = s.volume(), cUa = s.closeUa(), vUa = s.volumeUa();
        boolean r = referenceRounding;
        for (int i = first; i < end; i++) {
            // inputs rounded on load, dol_v computed from them and rounded like every feature: as the kernel does
            double volumeUa = FeatureKernel.asRounded(vUa[i], r);
            double closeUa = FeatureKernel.asRounded(cUa[i], r);
            double dollarVolume = FeatureKernel.asRounded(
                    FeatureKernel.dollarVolume(FeatureKernel.asRounded(c[i], r), FeatureKernel.asRounded(v[i], r)), r);
            if (passesGates(volumeUa, closeUa, dollarVolume)) {
                return true;
            }
        }
        return false;
    }

    /** The liquidity every hit needs: the patterns' own gates and the request's filters. */
    private boolean passesGates(double volumeUa, double closeUa, double dollarVolume) {
        return volumeUa >= minVolume && closeUa >= minPrice && dollarVolume >= minDollarVolume;
    }

    private static double[] row(boolean d3, boolean d2, boolean d21, Features f, int i) {
        double[] row = new double[COLUMNS.size()];
        row[0] = d3 ? 1 : 0;
        row[1] = d2 ? 1 : 0;
        row[2] = d21 ? 1 : 0;
        double score = Patterns.parabolicScore(f, i);
        row[3] = score;
        row[4] = TIERS.indexOf(Patterns.tier(score));
        for (int k = 0; k < REPORTED.length; k++) {
            row[5 + k] = f.get(REPORTED[k], i);
        }
        return row;
    }
}
