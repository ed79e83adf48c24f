package io.lcscanner.core;

/**
 * Receives progress of a scan. Calls are throttled by the scanner (a few dozen per second at most,
 * never per bar), come from one thread at a time, and must return quickly.
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = progress -> { };

    void onProgress(ScanProgress progress);
}
