package io.lcscanner.core;

import java.util.List;

/**
 * The outcome of a finished scan.
 *
 * @param schema   the columns of every hit (scanner, patterns, values, premarket fields when that stage ran)
 * @param hits     ordered by date, then ticker
 * @param stats    what was scanned and how long it took
 * @param warnings problems that did not stop the scan (a missing session, a failed enrichment…)
 */
public record ScanResult(HitSchema schema, List<Hit> hits, ScanStats stats, List<String> warnings) {
    /**
     * Copies the lists.
     *
     * @param schema   the columns of every hit
     * @param hits     ordered by date, then ticker
     * @param stats    what was scanned and how long it took
     * @param warnings problems that did not stop the scan
     */
    public ScanResult {
        java.util.Objects.requireNonNull(schema, "schema");
        hits = List.copyOf(hits);
        warnings = List.copyOf(warnings);
    }

    /**
     * How the hits played out, overall, per pattern and per tier: present when the request asked for
     * {@link ScanRequest#outcomes() outcomes}.
     *
     * @return the outcome summary when the request asked for outcomes
     */
    public java.util.Optional<OutcomeSummary> summary() {
        return schema.hasOutcomes() ? java.util.Optional.of(OutcomeSummary.of(schema, hits)) : java.util.Optional.empty();
    }
}
