package io.lcscanner.server.scan;

import java.util.function.IntSupplier;

/** What the scan manager reports to the server's metrics. */
public interface ScanMetrics {
    /** Where the numbers of running and queued scans are read at each scrape. */
    void gauges(IntSupplier activeScans, IntSupplier queuedScans);

    /** A scan reached a final status; duration and speed only count for completed scans. */
    void scanFinished(String status, double seconds, double barsPerSecond);
}
