package io.lcscanner.bench;

import static io.lcscanner.core.engine.Feature.*;

import io.lcscanner.core.engine.FeatureKernel;
import io.lcscanner.core.engine.Features;
import io.lcscanner.core.engine.Patterns;
import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.source.BarSeries;

/**
 * The hand-written LC path as the scanner's per-ticker scan runs it: a liquidity pre-pass over the
 * report window, then {@link FeatureKernel#computeForScan} and the patterns, score and tier of
 * {@link Patterns} at each bar passing the gates. Hits come out as the compiled LC kernel's rows
 * (flags, score, tier index, the §6 numbers), so the two are compared doing the same work.
 */
final class HandWrittenLc implements ScanKernel.Evaluator {
    private static final String[] TIERS = {"A+", "A", "B", "C", "D"};
    private final boolean rounding;
    private final Features features = new Features(512);

    HandWrittenLc(boolean rounding) {
        this.rounding = rounding;
    }

    @Override
    public int scan(BarSeries s, int fromDay, int toDay, ScanKernel.HitSink sink) {
        int first = s.lowerBound(fromDay), end = s.lowerBound(toDay + 1);
        if (first >= end || !anyBarPassesGates(s, first, end)) {
            return s.size();
        }
        FeatureKernel.computeForScan(s, rounding, features);
        Features f = features;
        for (int i = first; i < end; i++) {
            if (!passesGates(f.get(V_UA, i), f.get(C_UA, i), f.get(DOL_V, i))) {
                continue;
            }
            boolean d3 = Patterns.d3Extended1(f, i);
            boolean d2 = Patterns.d2Extended(f, i);
            boolean d21 = Patterns.d2Extended1(f, i);
            if (d3 || d2 || d21) {
                sink.hit(s.ticker(), s.epochDays()[i], row(f, i, d3, d2, d21));
            }
        }
        return s.size();
    }

    /** The row of the compiled LC kernel: three flags, then lc.json's columns. */
    static double[] row(Features f, int i, boolean d3, boolean d2, boolean d21) {
        double score = Patterns.parabolicScore(f, i);
        return new double[] {d3 ? 1 : 0, d2 ? 1 : 0, d21 ? 1 : 0, score, tierIndex(Patterns.tier(score)),
                f.get(GAP_PCT, i), f.get(V_UA, i), f.get(DOL_V, i), f.get(O, i), f.get(H, i), f.get(L, i), f.get(C, i),
                f.get(C_UA, i), f.get(EMA9, i), f.get(EMA20, i), f.get(EMA50, i), f.get(EMA200, i), f.get(ATR, i),
                f.get(HIGH_CHG_ATR, i), f.get(DIST_H_9EMA_ATR, i), f.get(DIST_H_20EMA_ATR, i), f.get(CLOSE_RANGE, i)};
    }

    private static int tierIndex(String tier) {
        for (int t = 0; t < TIERS.length; t++) {
            if (TIERS[t].equals(tier)) {
                return t;
            }
        }
        throw new IllegalStateException(tier);
    }

    private boolean anyBarPassesGates(BarSeries s, int first, int end) {
        double[] c = s.close(), v = s.volume(), cUa = s.closeUa(), vUa = s.volumeUa();
        for (int i = first; i < end; i++) {
            double volumeUa = FeatureKernel.asRounded(vUa[i], rounding);
            double closeUa = FeatureKernel.asRounded(cUa[i], rounding);
            double dollarVolume = FeatureKernel.asRounded(FeatureKernel.dollarVolume(
                    FeatureKernel.asRounded(c[i], rounding), FeatureKernel.asRounded(v[i], rounding)), rounding);
            if (passesGates(volumeUa, closeUa, dollarVolume)) {
                return true;
            }
        }
        return false;
    }

    private static boolean passesGates(double volumeUa, double closeUa, double dollarVolume) {
        return volumeUa >= Patterns.MIN_VOLUME && closeUa >= Patterns.MIN_PRICE && dollarVolume >= Patterns.MIN_DOLLAR_VOLUME;
    }
}
