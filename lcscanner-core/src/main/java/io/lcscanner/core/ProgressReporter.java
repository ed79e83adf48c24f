package io.lcscanner.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throttles progress to the listener (at most one call per {@link #MIN_INTERVAL_NANOS}, except phase
 * changes) and keeps the percentage from going backwards. Called from the scan's coordinator thread.
 */
final class ProgressReporter {
    private static final Logger log = LoggerFactory.getLogger(ProgressReporter.class);
    static final long MIN_INTERVAL_NANOS = 50_000_000L;

    private final ProgressListener listener;
    private ScanProgress.Phase lastPhase;
    private long lastNanos;
    private double percent;
    private boolean listenerFailed;

    ProgressReporter(ProgressListener listener) {
        this.listener = listener == null ? ProgressListener.NONE : listener;
    }

    void report(ScanProgress.Phase phase, double pct, String message, String ticker, int processed, int total, int hits) {
        long now = System.nanoTime();
        boolean phaseChange = phase != lastPhase;
        if (!phaseChange && now - lastNanos < MIN_INTERVAL_NANOS) {
            return;
        }
        percent = Math.max(percent, Math.min(100, pct));
        lastPhase = phase;
        lastNanos = now;
        try {
            listener.onProgress(new ScanProgress(phase, percent, message, ticker, processed, total, hits));
        } catch (RuntimeException e) {
            if (!listenerFailed) {
                listenerFailed = true; // a broken listener must not break the scan; say so once
                log.warn("progress listener failed; further failures are ignored", e);
            }
        }
    }
}
