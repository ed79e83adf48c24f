package io.lcscanner.core.engine;

import static io.lcscanner.core.engine.Feature.*;

/**
 * The three LC patterns of spec §3 and the parabolic score of §4, evaluated at one bar of computed
 * {@link Features}: with {@link FeatureKernel}, the tests' hand-written reference implementation of LC. Comparisons with a missing value ({@code NaN}) are false, as the spec requires.
 */
public final class Patterns {
    public static final double MIN_VOLUME = 10_000_000;
    public static final double MIN_DOLLAR_VOLUME = 500_000_000;
    public static final double MIN_PRICE = 5;

    /** Lower edges of the as-traded close brackets: [5,15) [15,25) [25,50) [50,90) [90,∞). */
    private static final double[] BRACKETS = {5, 15, 25, 50, 90};
    private static final double[] D3_A = {0.30, 0.20, 0.10, 0.07, 0.05};
    private static final double[] D3_B = {2.5, 2, 1.5, 1, 0.75};
    private static final double[] D2_A = {0.50, 0.30, 0.20, 0.15, 0.10};
    private static final double[] D2_1_A = {1.00, 0.50, 0.30, 0.20, 0.15};
    private static final double[] D2_B = {2.5, 2, 1.5, 1, 0.75};

    private Patterns() {
    }

    /** Index of c_ua's price bracket, or −1 below the first (or missing). */
    public static int bracket(double closeUa) {
        for (int b = BRACKETS.length - 1; b >= 0; b--) {
            if (closeUa >= BRACKETS[b]) {
                return b;
            }
        }
        return -1;
    }

    private static boolean trend(Features f, int i) {
        return f.get(H, i) >= f.get(HIGHEST_HIGH_20, i)
                && f.get(EMA9, i) >= f.get(EMA20, i)
                && f.get(EMA20, i) >= f.get(EMA50, i);
    }

    public static boolean d3Extended1(Features f, int i) {
        int b = bracket(f.get(C_UA, i));
        if (b < 0) {
            return false;
        }
        double highChgAtr = f.get(HIGH_CHG_ATR, i), highChgAtr1 = f.get(HIGH_CHG_ATR1, i);
        return f.get(H, i) >= f.get(H1, i) && f.get(H1, i) >= f.get(H2, i)
                && f.get(L, i) >= f.get(L1, i) && f.get(L1, i) >= f.get(L2, i)
                && f.get(HIGH_PCT_CHG1, i) >= D3_A[b] && f.get(HIGH_PCT_CHG, i) >= D3_A[b]
                && f.get(H_DIST_TO_LOWEST_LOW_20_PCT, i) >= D3_B[b]
                && highChgAtr1 >= 0.7 && f.get(C1, i) >= f.get(O1, i)
                && f.get(DIST_H_9EMA_ATR1, i) >= 1.5 && f.get(DIST_H_20EMA_ATR1, i) >= 2
                && highChgAtr >= 1 && f.get(C, i) >= f.get(O, i)
                && f.get(DIST_H_9EMA_ATR, i) >= 1.5 && f.get(DIST_H_20EMA_ATR, i) >= 2
                && f.get(V_UA, i) >= MIN_VOLUME && f.get(DOL_V, i) >= MIN_DOLLAR_VOLUME
                && f.get(V_UA1, i) >= MIN_VOLUME && f.get(DOL_V1, i) >= 100_000_000
                && f.get(C_UA, i) >= MIN_PRICE
                && (highChgAtr >= 1 || highChgAtr1 >= 1)
                && f.get(H_DIST_TO_HIGHEST_HIGH_20_2_ATR, i) >= 2.5
                && trend(f, i);
    }

    public static boolean d2Extended(Features f, int i) {
        return d2(f, i, D2_A) && f.get(DIST_L_9EMA_ATR, i) >= 1;
    }

    public static boolean d2Extended1(Features f, int i) {
        return d2(f, i, D2_1_A);
    }

    /** The conditions the two d2 patterns share; {@code a} is the pattern's high_pct_chg bracket. */
    private static boolean d2(Features f, int i, double[] a) {
        int b = bracket(f.get(C_UA, i));
        if (b < 0) {
            return false;
        }
        return f.get(H, i) >= f.get(H1, i) && f.get(L, i) >= f.get(L1, i)
                && f.get(HIGH_PCT_CHG, i) >= a[b]
                && f.get(HIGHEST_HIGH_5_DIST_TO_LOWEST_LOW_20_PCT_1, i) >= D2_B[b]
                && f.get(HIGH_CHG_ATR, i) >= 1.5 && f.get(C, i) >= f.get(O, i)
                && f.get(DIST_H_9EMA_ATR, i) >= 2 && f.get(DIST_H_20EMA_ATR, i) >= 3
                && f.get(V_UA, i) >= MIN_VOLUME && f.get(DOL_V, i) >= MIN_DOLLAR_VOLUME
                && f.get(C_UA, i) >= MIN_PRICE
                && f.get(H_DIST_TO_HIGHEST_HIGH_20_1_ATR, i) >= 1
                && f.get(DOL_V_CUM5_1, i) >= MIN_DOLLAR_VOLUME
                && trend(f, i);
    }

    /** Spec §4: the parabolic score, 0–100. */
    public static double parabolicScore(Features f, int i) {
        double highChgAtr1 = f.get(HIGH_CHG_ATR1, i);
        double scoreAtr = highChgAtr1 >= 3 ? 20 : highChgAtr1 >= 2 ? 18 : highChgAtr1 >= 1 ? 15 : highChgAtr1 >= 0.5 ? 12 : 0;

        double d = f.get(DIST_H_9EMA_ATR1, i);
        double e = d > 0 ? d : 0;
        double scoreEma = e >= 4 ? 30 : e >= 3 ? 25 : e >= 2 ? 20 : e >= 1 ? 15 : 0;

        double gapAtr1 = f.get(GAP_ATR1, i), gapAtr2 = f.get(GAP_ATR2, i);
        boolean up1 = f.get(C1, i) > f.get(C2, i) && f.get(C1, i) > f.get(O1, i) && f.get(H1, i) > f.get(H2, i);
        boolean up2 = f.get(C2, i) > f.get(C3, i) && f.get(C2, i) > f.get(O2, i) && f.get(H2, i) > f.get(H3, i);
        int streak = (up1 ? 1 : 0) + (up2 ? 1 : 0);
        boolean expand = f.get(RANGE1, i) > f.get(RANGE2, i) && f.get(HIGH_CHG_ATR2, i) >= 0.5;
        boolean gap = gapAtr1 >= 0.3;
        double scoreBurst;
        if (streak == 2 && expand && gap) {
            scoreBurst = 20;
        } else if (streak == 2 && expand) {
            scoreBurst = 17.5;
        } else if (streak == 2) {
            scoreBurst = 15;
        } else if (streak == 1 && expand && gap) {
            scoreBurst = 12.5;
        } else {
            scoreBurst = 10;
        }

        double rvol1 = f.get(RVOL1, i);
        double scoreVol = rvol1 >= 2 ? 10 : rvol1 >= 1.5 ? 8 : rvol1 >= 1 ? 5 : rvol1 >= 0.5 ? 2 : 0;

        double scoreGap = gapAtr1 >= 0.5 ? 15 : gapAtr1 >= 0.3 ? 10 : gapAtr1 >= 0.1 ? 5 : 0;
        if (gapAtr1 >= 0.3 && gapAtr2 >= 0.3) {
            scoreGap += 5;
        }
        return Math.min(100, scoreAtr + scoreEma + scoreBurst + scoreVol + scoreGap);
    }

    /** Spec §4: A+ ≥ 90, A ≥ 75, B ≥ 60, C ≥ 40, else D. */
    public static String tier(double score) {
        return score >= 90 ? "A+" : score >= 75 ? "A" : score >= 60 ? "B" : score >= 40 ? "C" : "D";
    }
}
