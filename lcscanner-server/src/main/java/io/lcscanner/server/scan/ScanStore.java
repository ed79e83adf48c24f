package io.lcscanner.server.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.Hit;
import io.lcscanner.core.HitSchema;
import io.lcscanner.core.OutcomeSummary;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where scans are kept: each scan's record (request, state, progress, timings, errors), the scanner document it
 * ran, and its hits, readable a page at a time and exportable in constant memory. {@link FileScanStore} (a
 * directory per scan) is the default. Implementations are thread-safe; none holds a scan's hits whole in
 * memory to answer a read. Which scans to keep (retention) is the {@link ScanManager}'s decision: it knows which
 * are running; the store only deletes.
 */
public interface ScanStore {
    /** A scan id: {@code scan_<yyyyMMdd>_<HHmmss>_<8 hex>}. Nothing is looked up for an id that does not match. */
    Pattern ID = Pattern.compile("scan_\\d{8}_\\d{6}_[0-9a-f]{8}");

    static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The kind of store, for logs and health: {@code files}, {@code postgresql}. */
    String kind();

    /** Where the scans are, for the log (never with a password). */
    String description();

    /** Whether anything is stored under {@code id} (a scan, or what a refused one left). */
    boolean exists(String id) throws IOException;

    /** Stores the scanner document a scan runs, byte for byte as given: the user may change or delete theirs later. */
    void saveScanner(String id, String json) throws IOException;

    /** The scanner document scan {@code id} runs or ran, as given; empty when none is stored. */
    Optional<String> readScanner(String id) throws IOException;

    /**
     * Stores a scan's current state. Writes of one scan are serialised, the latest state last; nothing is written
     * for a deleted scan, nor over its final state.
     */
    void saveMetadata(ScanRecord r) throws IOException;

    /** Stores {@code finalState}, a {@link ScanRecord#snapshot} of {@code r} with its final state applied, as r's. */
    void saveFinalMetadata(ScanRecord r, ScanRecord finalState) throws IOException;

    /** Every readable stored scan; unreadable ones are logged and skipped, never deleted. */
    List<ScanRecord> loadAll() throws IOException;

    /**
     * Whether other server instances use this store too (PostgreSQL): scans then run on any of them, and an
     * instance reads the others' scans, their progress and cancel requests from the store.
     */
    default boolean shared() {
        return false;
    }

    /** Scan {@code id} as stored now; empty when there is none (or it cannot be read). */
    default Optional<ScanRecord> load(String id) throws IOException {
        for (ScanRecord r : loadAll()) {
            if (r.id().equals(id)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Asks the instance running scan {@code id} to cancel it (a {@link #shared} store only). */
    default void requestCancel(String id) throws IOException {
        throw new UnsupportedOperationException("only a shared store passes cancel requests");
    }

    /** Whether another instance asked to cancel scan {@code id}. */
    default boolean cancelRequested(String id) throws IOException {
        return false;
    }

    /**
     * Begins storing scan {@code id}'s hits in {@code schema}'s columns: append them in stored order (date, then
     * ticker), then {@link ResultsWriter#finish}. Nothing is readable before finish.
     */
    ResultsWriter writeResults(String id, HitSchema schema) throws IOException;

    /**
     * One page of a completed scan's hits, filtered and sorted by the store: each hit as an object whose fields are
     * its columns in order, numbers exactly as exported ({@code -0.0} included).
     *
     * @param columns the scan's columns ({@link ScanRecord#columns()})
     * @return empty when the scan's hits are not stored (missing)
     */
    Optional<ResultPage> readPage(String id, List<ScanRecord.Column> columns, ResultQuery query) throws IOException;

    /** The outcome summary of a scan that asked for outcomes; empty when not stored. */
    Optional<JsonNode> readSummary(String id) throws IOException;

    /** A completed scan's hits as a download, read once by the caller; empty when not stored. */
    Optional<Export> openExport(String id, ExportFormat format) throws IOException;

    /** Removes a scan and everything stored with it; no state of it is written afterwards. */
    void delete(ScanRecord r) throws IOException;

    /** Removes what a refused scan left (its scanner document); a failure is only logged. */
    void deleteQuietly(String id);

    /** Takes a scan's hits while it runs and stores them on {@link #finish}. */
    interface ResultsWriter extends Closeable {
        void append(Hit hit) throws IOException;

        /**
         * Makes the appended hits (and the summary, {@code null} without outcomes) readable. After an
         * {@link IOException} it may be called again: what was stored is kept and only the rest is tried again.
         */
        void finish(OutcomeSummary summary) throws IOException;

        /** Releases what the writer holds; hits not finished are discarded. */
        @Override
        void close();
    }

    /** The export formats: the bytes of {@code HitFormat}'s CSV and JSON. */
    enum ExportFormat {
        CSV("csv", "text/csv; charset=utf-8"), JSON("json", "application/json; charset=utf-8");

        private final String extension;
        private final String contentType;

        ExportFormat(String extension, String contentType) {
            this.extension = extension;
            this.contentType = contentType;
        }

        public String extension() {
            return extension;
        }

        public String contentType() {
            return contentType;
        }
    }

    /**
     * An export being read.
     *
     * @param length its size in bytes, or -1 when not known in advance
     */
    record Export(ReadableByteChannel body, long length) implements Closeable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /**
     * Which hits, in which order.
     *
     * @param sortBy     {@code null} for the stored order (date, then ticker)
     * @param descending highest first (numbers, flags) or Z to A (text); missing values come last either way, ties
     *                   keep the stored order
     * @param filters    every one must hold
     * @param offset     hits skipped, from 0
     * @param limit      hits returned at most, from 1
     */
    record ResultQuery(ScanRecord.Column sortBy, boolean descending, List<Filter> filters, long offset, int limit) {
        public ResultQuery {
            filters = List.copyOf(filters);
            if (offset < 0 || limit < 1) {
                throw new IllegalArgumentException("offset must be at least 0 and limit at least 1");
            }
        }
    }

    /**
     * A hit passes when its {@code column} (text: ticker or a tier; or a flag) equals {@code value} (a label, a
     * ticker, or 1 / 0 for a flag).
     */
    record Filter(ScanRecord.Column column, String value) {
        public Filter {
            Objects.requireNonNull(column, "column");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A page of hits.
     *
     * @param totalFound the hits that pass the filters (all hits without filters), of which this page is a part
     * @param rows       at most the query's limit
     */
    record ResultPage(long totalFound, List<JsonNode> rows) {
        public ResultPage {
            rows = List.copyOf(rows);
        }
    }
}
