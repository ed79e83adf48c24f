package io.lcscanner.core;

/**
 * A snapshot of a running scan. {@code percent} never goes backwards within one scan.
 *
 * @param phase            what the scan is doing
 * @param percent          0–100 over the whole scan
 * @param message          one line for people
 * @param currentTicker    the ticker last worked on, or {@code null}
 * @param processedTickers tickers finished so far
 * @param totalTickers     tickers to scan ({@code 0} while loading)
 * @param hitsSoFar        hits found so far
 */
public record ScanProgress(Phase phase, double percent, String message, String currentTicker,
                           int processedTickers, int totalTickers, int hitsSoFar) {

    /** The phases of a scan, in order. */
    public enum Phase {
        /** Opening the source. */
        LOADING,
        /** Scanning the tickers. */
        COMPUTING,
        /** The premarket stage (spec §7). */
        INTRADAY,
        /** Finished. */
        DONE
    }
}
