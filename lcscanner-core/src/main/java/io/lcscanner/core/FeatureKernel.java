package io.lcscanner.core;

import static io.lcscanner.core.Feature.*;

import java.util.Arrays;

/**
 * Spec §2 over one ticker's series: plain loops over {@code double[]} columns, O(n) per feature
 * (rolling max/min with a monotonic deque), no per-bar objects.
 */
final class FeatureKernel {
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
    static final int ATR_PERIOD = 14;
    static final int RVOL_PERIOD = 5;

    private FeatureKernel() {
    }

    /** "Round to 2 decimals" of the spec: half to even on x·100, as numpy does. */
    static double round2(double x) {
        return Math.rint(x * 100.0) / 100.0;
    }

    /** x/y, missing when the divisor is zero (spec §8: no infinities pass a test). */
    static double div(double x, double y) {
        double r = x / y;
        return Double.isInfinite(r) ? Double.NaN : r;
    }

    /**
     * Fills {@code out} with every feature of {@code s}. With {@code referenceRounding}, inputs are rounded
     * on load and every feature after computing (spec §1).
     */
    static void compute(BarSeries s, boolean referenceRounding, Features out) {
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
        // atr: simple mean of the 14 true ranges ending at the previous bar
        double[] atr = out.column(ATR);
        for (int i = 0; i < n; i++) {
            if (i < ATR_PERIOD) {
                atr[i] = Double.NaN;
            } else {
                double sum = 0;
                for (int k = i - ATR_PERIOD; k < i; k++) {
                    sum += trueRange[k];
                }
                atr[i] = sum / ATR_PERIOD;
            }
        }
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
            dolV[i] = c[i] * v[i];
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
        for (int i = 0; i < n; i++) {
            if (i < RVOL_PERIOD - 1) {
                rvol[i] = Double.NaN;
            } else {
                double sum = 0;
                for (int k = i - RVOL_PERIOD + 1; k <= i; k++) {
                    sum += v[k];
                }
                rvol[i] = div(v[i], sum / RVOL_PERIOD);
            }
        }
        shift(rvol, 1, out.column(RVOL1), n);

        for (int e = 0; e < EMA_SPANS.length; e++) {
            emaColumns(EMA_SPANS[e], EMA_COLUMNS[e], out, h, l, c, atr, n);
        }

        for (int w = 0; w < WINDOWS.length; w++) {
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
            for (Feature f : Feature.ALL) {
                double[] col = out.column(f);
                for (int i = 0; i < n; i++) {
                    col[i] = round2(col[i]);
                }
            }
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

    /** ema seeded with the first close (pandas ewm(span, adjust=False)) and the distances built on it. */
    private static void emaColumns(int span, Feature[] cols, Features out, double[] h, double[] l, double[] c,
                                   double[] atr, int n) {
        double alpha = 2.0 / (span + 1);
        double keep = 1 - alpha;
        double[] ema = out.column(cols[0]), distH = out.column(cols[1]), distL = out.column(cols[2]);
        double[] distH1 = out.column(cols[3]), distH2 = out.column(cols[4]), distH3 = out.column(cols[5]), distH4 = out.column(cols[6]);
        double e = n > 0 ? c[0] : Double.NaN;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                e = keep * e + alpha * c[i];
            }
            ema[i] = e;
            double a = atr[i];
            distH[i] = div(h[i] - e, a);
            distL[i] = div(l[i] - e, a);
            distH1[i] = i >= 1 ? div(h[i - 1] - ema[i - 1], a) : Double.NaN;
            distH2[i] = i >= 2 ? div(h[i - 2] - ema[i - 2], a) : Double.NaN;
            distH3[i] = i >= 3 ? div(h[i - 3] - ema[i - 3], a) : Double.NaN;
            distH4[i] = i >= 4 ? div(h[i - 4] - ema[i - 4], a) : Double.NaN;
        }
    }

    /** Max of the last w values including today, over as many as exist (monotonic deque, O(n)). */
    static void rollingMax(double[] x, int w, double[] dst, int n) {
        int[] deque = new int[Math.min(w, n) + 1];
        int head = 0, tail = 0; // circular indices into deque; size = tail - head
        for (int i = 0; i < n; i++) {
            while (tail > head && x[deque[(tail - 1) % deque.length]] <= x[i]) {
                tail--;
            }
            deque[tail++ % deque.length] = i;
            if (deque[head % deque.length] <= i - w) {
                head++;
            }
            dst[i] = x[deque[head % deque.length]];
        }
    }

    /** Min of the last w values including today, over as many as exist (monotonic deque, O(n)). */
    static void rollingMin(double[] x, int w, double[] dst, int n) {
        int[] deque = new int[Math.min(w, n) + 1];
        int head = 0, tail = 0;
        for (int i = 0; i < n; i++) {
            while (tail > head && x[deque[(tail - 1) % deque.length]] >= x[i]) {
                tail--;
            }
            deque[tail++ % deque.length] = i;
            if (deque[head % deque.length] <= i - w) {
                head++;
            }
            dst[i] = x[deque[head % deque.length]];
        }
    }
}
