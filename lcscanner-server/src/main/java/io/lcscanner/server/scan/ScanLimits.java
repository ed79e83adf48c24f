package io.lcscanner.server.scan;

import java.time.Duration;

/**
 * What bounds scans beyond the slots and the queue: their size, one client's share, and how long they are kept.
 *
 * @param maxHits           a scan stops, failed, past this many hits ({@code SCANNER_MAX_HITS})
 * @param maxColumns        a scanner with more output columns (patterns, columns, premarket fields, outcomes) is
 *                          refused ({@code SCANNER_MAX_COLUMNS})
 * @param maxScansPerClient scans one client (remote address) may have running at once ({@code SCANNER_MAX_SCANS_PER_CLIENT})
 * @param maxQueuedPerClient scans one client may have waiting ({@code SCANNER_MAX_QUEUED_PER_CLIENT})
 * @param maxStoredScans    beyond this many stored scans the oldest finished ones are deleted
 *                          ({@code SCANNER_MAX_STORED_SCANS}); 0 for no limit
 * @param maxScanAge        finished scans older than this are deleted ({@code SCANNER_MAX_SCAN_AGE_DAYS});
 *                          {@code null} for no limit
 */
public record ScanLimits(int maxHits, int maxColumns, int maxScansPerClient, int maxQueuedPerClient, int maxStoredScans,
                         Duration maxScanAge) {
    public static final int DEFAULT_MAX_HITS = 1_000_000;
    public static final int DEFAULT_MAX_COLUMNS = 64;
    public static final int DEFAULT_MAX_STORED_SCANS = 500;

    public ScanLimits {
        if (maxHits < 1 || maxColumns < 1 || maxScansPerClient < 1 || maxQueuedPerClient < 0 || maxStoredScans < 0) {
            throw new IllegalArgumentException("scan limits must be positive");
        }
    }

    /**
     * The defaults for a server running {@code maxConcurrent} scans at once and queueing {@code maxQueued}: one client
     * may hold all slots but one, and half the queue.
     */
    public static ScanLimits defaults(int maxConcurrent, int maxQueued) {
        return new ScanLimits(DEFAULT_MAX_HITS, DEFAULT_MAX_COLUMNS, defaultScansPerClient(maxConcurrent),
                defaultQueuedPerClient(maxQueued), DEFAULT_MAX_STORED_SCANS, null);
    }

    public static int defaultScansPerClient(int maxConcurrent) {
        return Math.max(1, maxConcurrent - 1);
    }

    public static int defaultQueuedPerClient(int maxQueued) {
        return Math.max(Math.min(1, maxQueued), maxQueued / 2);
    }
}
