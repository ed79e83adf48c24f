package io.lcscanner.core;

/**
 * Receives progress of a scan. Calls are throttled by the scanner (a few dozen per second at most,
 * never per bar), come from one thread at a time, and must return quickly.
 */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores progress. */
    ProgressListener NONE = progress -> { };

    /**
     * Called as the scan advances, on the scan's own threads; must return quickly.
     *
     * @param progress where the scan is
     */
    void onProgress(ScanProgress progress);
}
