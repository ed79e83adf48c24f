package io.lcscanner.core.engine;

import static io.lcscanner.core.engine.Feature.*;

import io.lcscanner.core.source.BarSeries;
import java.util.Arrays;

/**
 * Spec §2 written by hand over one ticker's series: plain loops over {@code double[]} columns, O(n) per
 * feature (rolling max/min with a monotonic deque). It was the production kernel before scanners became
 * documents; the tests keep it, with {@link Patterns}, as an implementation of LC independent of the rule
 * engine and lc.json.
 */
public final class FeatureKernel {
    private static final int[] WINDOWS = {5, 20, 50, 100, 250};
    private static final Feature[] HIGHEST = {HIGHEST_HIGH_5, HIGHEST_HIGH_20, HIGHEST_HIGH_50, HIGHEST_HIGH_100, HIGHEST_HIGH_250};
    private static final Feature[] LOWEST = {LOWEST_LOW_5, LOWEST_LOW_20, LOWEST_LOW_50, LOWEST_LOW_100, LOWEST_LOW_250};
    private static final int[] EMA_SPANS = {9, 20, 50, 200};
    private static final Feature[][] EMA_COLUMNS = {
            {EMA9, DIST_H_9EMA_ATR, DIST_L_9EMA_ATR, DIST_H_9EMA_ATR1, DIST_H_9EMA_ATR2, DIST_H_9EMA_ATR3, DIST_H_9EMA_ATR4},
            {EMA20, DIST_H_20EMA_ATR, DIST_L_20EMA_ATR, DIST_H_20EMA_ATR1, DIST_H_20EMA_ATR2, DIST_H_20EMA_ATR3, DIST_H_20EMA_ATR4},
            {EMA50, DIST_H_50EMA_ATR, DIST_L_50EMA_ATR, DIST_H_50EMA_ATR1, DIST_H_50EMA_ATR2, DIST_H_50EMA_ATR3, DIST_H_50EMA_ATR4},
            {EMA200, DIST_H_200EMA_ATR, DIST_L_200EMA_ATR, DIST_H_200EMA_ATR1, DIST_H_200EMA_ATR2, DIST_H_200EMA_ATR3, DIST_H_200EMA_ATR4},
    };
    /** A scan needs the windows 5 and 20 only: the first two of {@link #WINDOWS}. */
    private static final int SCAN_WINDOWS = 2;
    /** Every feature the patterns, the score and a hit's record read (spec §3, §4, §6). */
    public static final Feature[] SCAN_FEATURES = {
            O, H, L, C, C_UA, V_UA, ATR, H1, C1, O1, L1, H2, C2, O2, L2, H3, C3,
            DOL_V, DOL_V1, DOL_V_CUM5_1, CLOSE_RANGE, RANGE1, RANGE2, GAP_PCT, GAP_ATR1, GAP_ATR2,
            HIGH_PCT_CHG, HIGH_PCT_CHG1, HIGH_CHG_ATR, HIGH_CHG_ATR1, HIGH_CHG_ATR2, RVOL1,
            EMA9, DIST_H_9EMA_ATR, DIST_L_9EMA_ATR, DIST_H_9EMA_ATR1, EMA20, DIST_H_20EMA_ATR, DIST_H_20EMA_ATR1,
            EMA50, EMA200, HIGHEST_HIGH_20, H_DIST_TO_HIGHEST_HIGH_20_1_ATR, H_DIST_TO_HIGHEST_HIGH_20_2_ATR,
            HIGHEST_HIGH_5_DIST_TO_LOWEST_LOW_20_PCT_1, H_DIST_TO_LOWEST_LOW_20_PCT, V_UA1,
    };
    public static final int ATR_PERIOD = 14;
    public static final int RVOL_PERIOD = 5;

    private FeatureKernel() {
    }

    /** "Round to 2 decimals" of the spec: half to even on x·100, as numpy does. */
    public static double round2(double x) {
        return Math.rint(x * 100.0) / 100.0;
    }

    /** A value as the kernel holds it: rounded with reference rounding (spec §1), else as given. */
    public static double asRounded(double x, boolean referenceRounding) {
        return referenceRounding ? round2(x) : x;
    }

    /** {@code dol_v}: close × volume (spec §2), the one definition the kernel and the scan's gate share. */
    public static double dollarVolume(double close, double volume) {
        return close * volume;
    }

    /** x/y, missing when the divisor is zero (spec §8: no infinities pass a test). */
    public static double div(double x, double y) {
        double r = x / y;
        return Double.isInfinite(r) ? Double.NaN : r;
    }

    /**
     * Fills {@code out} with every feature of {@code s}. With {@code referenceRounding}, inputs are rounded
     * on load and every feature after computing (spec §1).
     */
    public static void compute(BarSeries s, boolean referenceRounding, Features out) {
        compute(s, referenceRounding, out, true);
    }

    /**
     * The features a scan reads ({@link #SCAN_FEATURES}, bit for bit as {@link #compute} gives them) and
     * what they are built from; the other columns of {@code out} are left as they were. Skips the long
     * rolling windows, the distances of the slow EMAs and the rounding of unread columns.
     */
    public static void computeForScan(BarSeries s, boolean referenceRounding, Features out) {
        compute(s, referenceRounding, out, false);
    }

    private static void compute(BarSeries s, boolean referenceRounding, Features out, boolean all) {
        int n = s.size();
        out.size(n);
        double[] o = out.column(O), h = out.column(H), l = out.column(L), c = out.column(C), v = out.column(V);
        copyInput(s.open(), o, n, referenceRounding);
        copyInput(s.high(), h, n, referenceRounding);
        copyInput(s.low(), l, n, referenceRounding);
        copyInput(s.close(), c, n, referenceRounding);
        copyInput(s.volume(), v, n, referenceRounding);
        copyInput(s.openUa(), out.column(O_UA), n, referenceRounding);
        copyInput(s.highUa(), out.column(H_UA), n, referenceRounding);
        copyInput(s.lowUa(), out.column(L_UA), n, referenceRounding);
        copyInput(s.closeUa(), out.column(C_UA), n, referenceRounding);
        double[] vUa = out.column(V_UA);
        copyInput(s.volumeUa(), vUa, n, referenceRounding);

        double[] pdc = shift(c, 1, out.column(PDC), n);
        double[] trueRange = out.column(TRUE_RANGE);
        for (int i = 0; i < n; i++) {
            double range = h[i] - l[i];
            trueRange[i] = i == 0 ? range : Math.max(range, Math.max(Math.abs(h[i] - pdc[i]), Math.abs(l[i] - pdc[i])));
        }
        // atr: the rolling mean (pandas' running sum) of the 14 true ranges ending at the previous bar
        double[] atr = out.column(ATR);
        RollingMean.mean(trueRange, n, ATR_PERIOD, atr);
        shiftInPlace(atr, 1, n);
        double[] h1 = shift(h, 1, out.column(H1), n), h2 = shift(h, 2, out.column(H2), n), h3 = shift(h, 3, out.column(H3), n);
        double[] c1 = shift(c, 1, out.column(C1), n), c2 = shift(c, 2, out.column(C2), n), c3 = shift(c, 3, out.column(C3), n);
        double[] o1 = shift(o, 1, out.column(O1), n), o2 = shift(o, 2, out.column(O2), n);
        shift(o, 3, out.column(O3), n);
        shift(l, 1, out.column(L1), n);
        shift(l, 2, out.column(L2), n);
        shift(l, 3, out.column(L3), n);
        shift(v, 1, out.column(V1), n);
        shift(v, 2, out.column(V2), n);
        shift(v, 3, out.column(V3), n);

        double[] dolV = out.column(DOL_V);
        for (int i = 0; i < n; i++) {
            dolV[i] = dollarVolume(c[i], v[i]);
        }
        double[] d1 = shift(dolV, 1, out.column(DOL_V1), n), d2 = shift(dolV, 2, out.column(DOL_V2), n),
                d3 = shift(dolV, 3, out.column(DOL_V3), n), d4 = shift(dolV, 4, out.column(DOL_V4), n),
                d5 = shift(dolV, 5, out.column(DOL_V5), n);
        double[] cum5 = out.column(DOL_V_CUM5_1);
        for (int i = 0; i < n; i++) {
            cum5[i] = d1[i] + d2[i] + d3[i] + d4[i] + d5[i];
        }

        double[] range = out.column(RANGE), closeRange = out.column(CLOSE_RANGE);
        for (int i = 0; i < n; i++) {
            range[i] = h[i] - l[i];
            closeRange[i] = div(c[i] - l[i], h[i] - l[i]);
        }
        double[] range1 = shift(range, 1, out.column(RANGE1), n);
        shift(range, 2, out.column(RANGE2), n);

        double[] gapPct = out.column(GAP_PCT), gapAtr = out.column(GAP_ATR), gapAtr1 = out.column(GAP_ATR1),
                gapAtr2 = out.column(GAP_ATR2), gapPdhAtr = out.column(GAP_PDH_ATR), pctChg = out.column(PCT_CHG),
                highPctChg = out.column(HIGH_PCT_CHG), highChg = out.column(HIGH_CHG), highChgAtr = out.column(HIGH_CHG_ATR),
                highChgAtr1 = out.column(HIGH_CHG_ATR1), highChgAtr2 = out.column(HIGH_CHG_ATR2);
        for (int i = 0; i < n; i++) {
            double a = atr[i];
            gapPct[i] = div(o[i], pdc[i]) - 1;
            gapAtr[i] = div(o[i] - pdc[i], a);
            gapAtr1[i] = div(o1[i] - c2[i], a);
            gapAtr2[i] = div(o2[i] - c3[i], a);
            gapPdhAtr[i] = div(o[i] - h1[i], a);
            pctChg[i] = div(c[i], c1[i]) - 1;
            highPctChg[i] = div(h[i], c1[i]) - 1;
            highChg[i] = h[i] - o[i];
            highChgAtr[i] = div(h[i] - o[i], a);
            highChgAtr1[i] = div(h1[i] - o1[i], a);
            highChgAtr2[i] = div(h2[i] - o2[i], a);
        }
        shift(highPctChg, 1, out.column(HIGH_PCT_CHG1), n);

        double[] rvol = out.column(RVOL);
        RollingMean.mean(v, n, RVOL_PERIOD, rvol); // the 5-bar mean volume, then v over it
        for (int i = 0; i < n; i++) {
            rvol[i] = div(v[i], rvol[i]);
        }
        shift(rvol, 1, out.column(RVOL1), n);

        for (int e = 0; e < EMA_SPANS.length; e++) {
            // a scan reads the distances of ema9 and ema20 (shifted by one at most), only the level of the others
            int distanceShifts = all ? 4 : EMA_SPANS[e] <= 20 ? 1 : -1;
            emaColumns(EMA_SPANS[e], EMA_COLUMNS[e], out, h, l, c, atr, n, distanceShifts);
        }

        for (int w = 0; w < (all ? WINDOWS.length : SCAN_WINDOWS); w++) {
            rollingMax(h, WINDOWS[w], out.column(HIGHEST[w]), n);
            rollingMin(l, WINDOWS[w], out.column(LOWEST[w]), n);
        }
        double[] hh20 = out.column(HIGHEST_HIGH_20), ll20 = out.column(LOWEST_LOW_20);
        double[] hh20s1 = shift(hh20, 1, out.column(HIGHEST_HIGH_20_1), n);
        double[] hh20s2 = shift(hh20, 2, out.column(HIGHEST_HIGH_20_2), n);
        double[] hh5s1 = shift(out.column(HIGHEST_HIGH_5), 1, out.column(HIGHEST_HIGH_5_1), n);
        double[] ll20s1 = shift(ll20, 1, out.column(LOWEST_LOW_20_1), n);
        double[] hDist1 = out.column(H_DIST_TO_HIGHEST_HIGH_20_1_ATR), hDist2 = out.column(H_DIST_TO_HIGHEST_HIGH_20_2_ATR),
                hh5Dist = out.column(HIGHEST_HIGH_5_DIST_TO_LOWEST_LOW_20_PCT_1), hLlDist = out.column(H_DIST_TO_LOWEST_LOW_20_PCT);
        for (int i = 0; i < n; i++) {
            hDist1[i] = div(h[i] - hh20s1[i], atr[i]);
            hDist2[i] = div(h[i] - hh20s2[i], atr[i]);
            hh5Dist[i] = div(hh5s1[i], ll20s1[i]) - 1;
            hLlDist[i] = div(h[i], ll20[i]) - 1;
        }
        shift(vUa, 1, out.column(V_UA1), n);

        if (referenceRounding) {
            for (Feature f : all ? Feature.ALL : SCAN_FEATURES) {
                roundInPlace(out.column(f), n);
            }
        }
    }

    /**
     * Its own method so that C2 compiles this loop on its own, vectorised; inlined into the huge
     * {@link #compute} it stays scalar and costs ~40% of the kernel.
     */
    private static void roundInPlace(double[] col, int n) {
        for (int i = 0; i < n; i++) {
            col[i] = round2(col[i]);
        }
    }

    private static void copyInput(double[] src, double[] dst, int n, boolean round) {
        if (round) {
            for (int i = 0; i < n; i++) {
                dst[i] = round2(src[i]);
            }
        } else {
            System.arraycopy(src, 0, dst, 0, n);
        }
    }

    /** dst[i] = src[i − k], missing for the first k bars. */
    private static double[] shift(double[] src, int k, double[] dst, int n) {
        int m = Math.min(k, n);
        Arrays.fill(dst, 0, m, Double.NaN);
        if (n > k) {
            System.arraycopy(src, 0, dst, k, n - k);
        }
        return dst;
    }

    /** x[i] = x[i − k] in place, missing for the first k bars. */
    private static void shiftInPlace(double[] x, int k, int n) {
        if (n > k) {
            System.arraycopy(x, 0, x, k, n - k);
        }
        Arrays.fill(x, 0, Math.min(k, n), Double.NaN);
    }

    /**
     * ema seeded with the first close (pandas ewm(span, adjust=False)) and the distances built on it:
     * {@code distanceShifts} −1 for none, else the largest shift k of {@code dist_h_{p}ema_atr{k}} wanted.
     */
    private static void emaColumns(int span, Feature[] cols, Features out, double[] h, double[] l, double[] c,
                                   double[] atr, int n, int distanceShifts) {
        double alpha = 2.0 / (span + 1);
        double keep = 1 - alpha;
        double[] ema = out.column(cols[0]);
        double e = n > 0 ? c[0] : Double.NaN;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                e = keep * e + alpha * c[i];
            }
            ema[i] = e;
        }
        if (distanceShifts < 0) {
            return;
        }
        double[] distH = out.column(cols[1]), distL = out.column(cols[2]);
        for (int i = 0; i < n; i++) {
            distH[i] = div(h[i] - ema[i], atr[i]);
            distL[i] = div(l[i] - ema[i], atr[i]);
        }
        for (int k = 1; k <= distanceShifts; k++) {
            double[] shifted = out.column(cols[2 + k]);
            for (int i = 0; i < n; i++) {
                shifted[i] = i >= k ? div(h[i - k] - ema[i - k], atr[i]) : Double.NaN;
            }
        }
    }

    /** Max of the last w values including today, over as many as exist (monotonic deque, O(n)). */
    public static void rollingMax(double[] x, int w, double[] dst, int n) {
        int[] deque = new int[n]; // each index enters once: head and tail never wrap, no modulo
        int head = 0, tail = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            while (tail > head && x[deque[tail - 1]] <= xi) {
                tail--;
            }
            deque[tail++] = i;
            if (deque[head] <= i - w) {
                head++;
            }
            dst[i] = x[deque[head]];
        }
    }

    /** Min of the last w values including today, over as many as exist (monotonic deque, O(n)). */
    public static void rollingMin(double[] x, int w, double[] dst, int n) {
        int[] deque = new int[n];
        int head = 0, tail = 0;
        for (int i = 0; i < n; i++) {
            double xi = x[i];
            while (tail > head && x[deque[tail - 1]] >= xi) {
                tail--;
            }
            deque[tail++] = i;
            if (deque[head] <= i - w) {
                head++;
            }
            dst[i] = x[deque[head]];
        }
    }
}
