package io.lcscanner.server;

/**
 * Counters a data source may keep, read by {@code /metrics} at each scrape. The Polygon source feeds
 * them through an adapter; sources without such counters use {@link #NONE}, which reports zeros.
 */
interface SourceCounters {
    SourceCounters NONE = new SourceCounters() {
    };

    default long polygonRequests() {
        return 0;
    }

    default long polygonRetries() {
        return 0;
    }

    default long polygonErrors() {
        return 0;
    }

    default long cacheHits() {
        return 0;
    }

    default long cacheMisses() {
        return 0;
    }
}
