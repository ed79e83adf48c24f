package io.lcscanner.core;

import java.util.List;

/**
 * The outcome of a finished scan.
 *
 * @param hits     ordered by date, then ticker
 * @param stats    what was scanned and how long it took
 * @param warnings problems that did not stop the scan (a missing session, a failed enrichment…)
 */
public record ScanResult(List<Hit> hits, ScanStats stats, List<String> warnings) {
    public ScanResult {
        hits = List.copyOf(hits);
        warnings = List.copyOf(warnings);
    }
}
