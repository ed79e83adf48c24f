package io.lcscanner.core;

import java.util.Map;

/**
 * Figures of one scan.
 *
 * @param dataSource  the source's description
 * @param tickers     tickers scanned (after include/exclude)
 * @param bars        bars the kernels processed
 * @param patternHits per pattern of the scanner, in its order: hits where it holds (a hit may count in several)
 * @param loadMs      opening the source and building/reading series
 * @param computeMs   features, patterns and columns only
 * @param intradayMs  premarket enrichment
 * @param totalMs     wall time of the whole scan
 */
public record ScanStats(String dataSource, int tickers, long bars, Map<String, Integer> patternHits,
                        long loadMs, long computeMs, long intradayMs, long totalMs) {

    /**
     * Copies the per-pattern counts.
     *
     * @param dataSource  the source's description
     * @param tickers     tickers scanned
     * @param bars        bars the kernels processed
     * @param patternHits hits per pattern
     * @param loadMs      loading time
     * @param computeMs   computing time
     * @param intradayMs  premarket enrichment time
     * @param totalMs     wall time
     */
    public ScanStats {
        patternHits = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(patternHits));
    }

    /**
     * Bars per second of the compute phase ({@code 0} when too fast to measure).
     *
     * @return the throughput
     */
    public double barsPerSecond() {
        return computeMs <= 0 ? 0 : bars * 1000.0 / computeMs;
    }
}
