package io.lcscanner.core;

import java.time.LocalDate;

/**
 * One LC setup: a ticker on a day where at least one pattern holds. Fields follow spec §6 in order;
 * values are the (rounded, unless rounding is off) features. A missing value is {@code NaN}.
 *
 * @param premarket the spec §7 enrichment, or {@code null} when it did not run or failed for this hit
 */
public record Hit(String ticker, LocalDate date,
                  boolean lcFrontsideD3Extended1, boolean lcFrontsideD2Extended, boolean lcFrontsideD2Extended1,
                  double parabolicScore, String parabolicTier, double gapPct, double volume, double dollarVolume,
                  double openPrice, double highPrice, double lowPrice, double closePrice, double closeUa,
                  double ema9, double ema20, double ema50, double ema200, double atr,
                  double highChgAtr, double distH9emaAtr, double distH20emaAtr, double closeRange,
                  Premarket premarket) {

    /** Names of the three patterns, as in the output columns. */
    public static final String D3_EXTENDED_1 = "lc_frontside_d3_extended_1";
    public static final String D2_EXTENDED = "lc_frontside_d2_extended";
    public static final String D2_EXTENDED_1 = "lc_frontside_d2_extended_1";

    /** This hit with the premarket fields set. */
    public Hit withPremarket(Premarket pm) {
        return new Hit(ticker, date, lcFrontsideD3Extended1, lcFrontsideD2Extended, lcFrontsideD2Extended1,
                parabolicScore, parabolicTier, gapPct, volume, dollarVolume, openPrice, highPrice, lowPrice,
                closePrice, closeUa, ema9, ema20, ema50, ema200, atr, highChgAtr, distH9emaAtr, distH20emaAtr,
                closeRange, pm);
    }

    /**
     * Spec §7 premarket liquidity of a hit. Next-day fields are {@code NaN} when D+1 has no premarket
     * bars or lies in the future.
     */
    public record Premarket(double avg5dPmDolVol, boolean validPmLiq, double pmhNextDay, double openNextDay,
                            double pmDolVolNextDay) {
    }
}
