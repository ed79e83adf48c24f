package io.lcscanner.core;

/**
 * Figures of one scan.
 *
 * @param dataSource    the source's description
 * @param tickers       tickers scanned (after include/exclude)
 * @param bars          bars the kernels processed
 * @param d3Extended1Hits hits where {@code lc_frontside_d3_extended_1} holds (a hit may count in several)
 * @param d2ExtendedHits  hits where {@code lc_frontside_d2_extended} holds
 * @param d2Extended1Hits hits where {@code lc_frontside_d2_extended_1} holds
 * @param loadMs        opening the source and building/reading series
 * @param computeMs     features, patterns and score only
 * @param intradayMs    premarket enrichment
 * @param totalMs       wall time of the whole scan
 */
public record ScanStats(String dataSource, int tickers, long bars,
                        int d3Extended1Hits, int d2ExtendedHits, int d2Extended1Hits,
                        long loadMs, long computeMs, long intradayMs, long totalMs) {

    /** Bars per second of the compute phase ({@code 0} when too fast to measure). */
    public double barsPerSecond() {
        return computeMs <= 0 ? 0 : bars * 1000.0 / computeMs;
    }
}
