package io.lcscanner.core;

import static io.lcscanner.core.engine.Feature.*;

import io.lcscanner.core.engine.FeatureKernel;
import io.lcscanner.core.engine.Features;
import io.lcscanner.core.engine.Patterns;
import io.lcscanner.core.source.BarSeries;
import java.time.LocalDate;
import java.util.List;

/**
 * Scans one ticker: a cheap pass over the report window checks the liquidity gates every hit must
 * pass (as-traded volume, dollar volume, as-traded close — the patterns' own and the request's); only
 * a ticker with a bar passing them gets the full feature kernel. The gates are computed exactly as the
 * kernel computes those features, so skipping cannot change a hit.
 */
final class TickerScan {
    private final ScanRequest request;
    private final int fromDay, toDay, loadFromDay;
    private final double minVolume, minDollarVolume, minPrice;
    private final Features features = new Features(512);

    TickerScan(ScanRequest request) {
        this.request = request;
        this.fromDay = (int) request.from().toEpochDay();
        this.toDay = (int) request.to().toEpochDay();
        this.loadFromDay = (int) request.loadFrom().toEpochDay();
        this.minVolume = Math.max(request.minVolume(), Patterns.MIN_VOLUME);
        this.minDollarVolume = Math.max(request.minDollarVolume(), Patterns.MIN_DOLLAR_VOLUME);
        this.minPrice = Math.max(request.minPrice(), Patterns.MIN_PRICE);
    }

    /** Appends the hits of {@code series} to {@code hits}; returns the number of bars processed. */
    int scan(BarSeries series, List<Hit> hits) {
        BarSeries s = series.slice(loadFromDay, toDay);
        int first = s.lowerBound(fromDay), end = s.size();
        if (first >= end || !anyBarPassesGates(s, first, end)) {
            return s.size();
        }
        boolean rounding = request.referenceRounding();
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
                hits.add(hit(s.ticker(), s.date(i), d3, d2, d21, f, i));
            }
        }
        return s.size();
    }

    private boolean anyBarPassesGates(BarSeries s, int first, int end) {
        double[] c = s.close(), v = s.volume(), cUa = s.closeUa(), vUa = s.volumeUa();
        boolean r = request.referenceRounding();
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

    private static Hit hit(String ticker, LocalDate date, boolean d3, boolean d2, boolean d21, Features f, int i) {
        double score = Patterns.parabolicScore(f, i);
        return new Hit(ticker, date, d3, d2, d21, score, Patterns.tier(score),
                f.get(GAP_PCT, i), f.get(V_UA, i), f.get(DOL_V, i),
                f.get(O, i), f.get(H, i), f.get(L, i), f.get(C, i), f.get(C_UA, i),
                f.get(EMA9, i), f.get(EMA20, i), f.get(EMA50, i), f.get(EMA200, i), f.get(ATR, i),
                f.get(HIGH_CHG_ATR, i), f.get(DIST_H_9EMA_ATR, i), f.get(DIST_H_20EMA_ATR, i), f.get(CLOSE_RANGE, i),
                null);
    }
}
