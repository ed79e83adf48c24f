package io.lcscanner.server.scan;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.Hit;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.HitSchema;
import io.lcscanner.core.OutcomeSummary;
import io.lcscanner.server.Json;
import io.lcscanner.server.OutcomeSummaryJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans in PostgreSQL (the tables of {@code db/migration/V1__scans.sql}), shared by every instance on the database.
 * Each hit is a row holding its JSON object and CSV line exactly as {@link HitFormat} prints them, so exports are
 * the file store's bytes; pages are sorted and filtered by SQL over each hit's keys, and exports read a batch of
 * rows at a time (no connection is held between batches, so a slow client holds none).
 */
public final class PostgresScanStore implements ScanStore {
    private static final Logger log = LoggerFactory.getLogger(PostgresScanStore.class);
    /** Hits per INSERT batch and per export read. */
    static final int BATCH = 500;

    private final DataSource db;
    private final String description;

    /** @param description where the database is, without credentials (for logs) */
    public PostgresScanStore(DataSource db, String description) {
        this.db = db;
        this.description = description;
    }

    @Override
    public String kind() {
        return "postgresql";
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean exists(String id) throws IOException {
        check(id);
        return sql(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT EXISTS (SELECT 1 FROM scans WHERE scan_id = ?) OR EXISTS (SELECT 1 FROM scan_scanners WHERE scan_id = ?)")) {
                s.setString(1, id);
                s.setString(2, id);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getBoolean(1);
                }
            }
        });
    }

    @Override
    public void saveScanner(String id, String json) throws IOException {
        check(id);
        sql(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO scan_scanners (scan_id, document) VALUES (?, ?)"
                    + " ON CONFLICT (scan_id) DO UPDATE SET document = EXCLUDED.document")) {
                s.setString(1, id);
                s.setString(2, json);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<String> readScanner(String id) throws IOException {
        check(id);
        return textOf(id, "SELECT document FROM scan_scanners WHERE scan_id = ?");
    }

    @Override
    public void saveMetadata(ScanRecord r) throws IOException {
        synchronized (r.diskLock) {
            if (r.deleted || r.finalStored) {
                return; // a late write must not bring a deleted scan back, nor put an earlier state over the final one
            }
            upsert(r.metadataJson(Instant.now()), false);
        }
    }

    @Override
    public void saveFinalMetadata(ScanRecord r, ScanRecord finalState) throws IOException {
        synchronized (r.diskLock) {
            if (r.deleted) {
                return;
            }
            upsert(finalState.metadataJson(Instant.now()), true);
            r.finalStored = true;
        }
    }

    /** Writes a scan's state and the columns copied from it; a state that is not final never replaces a final one. */
    private void upsert(ScanRecord.Metadata m, boolean isFinal) throws IOException {
        ScanRecord.Progress p = m.progress();
        String state = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(m);
        sql(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO scans (scan_id, created_at, scanner, request, status,"
                    + " progress_percent, processed_tickers, total_tickers, results_found, started_at, completed_at, timings,"
                    + " error, instance, final, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (scan_id) DO UPDATE SET status = EXCLUDED.status, progress_percent = EXCLUDED.progress_percent,"
                    + " processed_tickers = EXCLUDED.processed_tickers, total_tickers = EXCLUDED.total_tickers,"
                    + " results_found = EXCLUDED.results_found, started_at = EXCLUDED.started_at,"
                    + " completed_at = EXCLUDED.completed_at, timings = EXCLUDED.timings, error = EXCLUDED.error,"
                    + " instance = EXCLUDED.instance, final = EXCLUDED.final, state = EXCLUDED.state,"
                    + " updated_at = EXCLUDED.updated_at" + (isFinal ? "" : " WHERE NOT scans.final"))) {
                int i = 0;
                s.setString(++i, p.scanId());
                s.setTimestamp(++i, timestamp(p.createdAt()));
                s.setString(++i, p.scanner());
                s.setString(++i, Json.MAPPER.writeValueAsString(p.request()));
                s.setString(++i, p.status());
                s.setDouble(++i, p.progressPercent());
                s.setInt(++i, p.processedTickers());
                s.setInt(++i, p.totalTickers());
                s.setInt(++i, p.resultsFound());
                s.setTimestamp(++i, timestamp(p.startedAt()));
                s.setTimestamp(++i, timestamp(p.completedAt()));
                s.setString(++i, m.stats() == null ? null : Json.MAPPER.writeValueAsString(m.stats()));
                s.setString(++i, p.error());
                s.setString(++i, p.instance());
                s.setBoolean(++i, isFinal);
                s.setString(++i, state);
                s.setTimestamp(++i, timestamp(m.updatedAt()));
                return s.executeUpdate();
            }
        });
    }

    @Override
    public List<ScanRecord> loadAll() throws IOException {
        List<ScanRecord> out = new ArrayList<>();
        sql(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT scan_id, state FROM scans ORDER BY created_at, scan_id");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    try {
                        ScanRecord record = ScanRecord.fromMetadata(Json.MAPPER.readTree(r.getString(2)));
                        if (!record.id().equals(r.getString(1))) {
                            throw new IllegalArgumentException("scan_id " + record.id() + " does not match its row");
                        }
                        out.add(record);
                    } catch (IOException | IllegalArgumentException e) {
                        log.warn("skipping unreadable scan {}: {}", r.getString(1), e.getMessage());
                    }
                }
            }
            return null;
        });
        return out;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Optional<ScanRecord> load(String id) throws IOException {
        check(id);
        Optional<String> state = textOf(id, "SELECT state FROM scans WHERE scan_id = ?");
        if (state.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ScanRecord.fromMetadata(Json.MAPPER.readTree(state.get())));
        } catch (IOException | IllegalArgumentException e) {
            log.warn("scan {} is not readable: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void requestCancel(String id) throws IOException {
        check(id);
        sql(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE scans SET cancel_requested = true WHERE scan_id = ? AND NOT final")) {
                s.setString(1, id);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public boolean cancelRequested(String id) throws IOException {
        check(id);
        return sql(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT cancel_requested FROM scans WHERE scan_id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() && r.getBoolean(1);
                }
            }
        });
    }

    @Override
    public ResultsWriter writeResults(String id, HitSchema schema) {
        check(id);
        return new DbResultsWriter(id, schema);
    }

    /**
     * Keeps the hits (the scan holds them anyway) and stores them on finish in one transaction with the scan's
     * results row: a scan has all its hits or none, and a retry after a failure starts that transaction again.
     */
    private final class DbResultsWriter implements ResultsWriter {
        private final String id;
        private final HitSchema schema;
        private final List<ScanRecord.Column> columns;
        private List<Hit> hits = new ArrayList<>();

        DbResultsWriter(String id, HitSchema schema) {
            this.id = id;
            this.schema = schema;
            this.columns = ScanRecord.Column.of(schema);
        }

        @Override
        public void append(Hit hit) {
            hits.add(hit);
        }

        @Override
        public void finish(OutcomeSummary summary) throws IOException {
            String header = csvLines(List.of()).stripTrailing();
            String summaryJson = summary == null ? null : Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(OutcomeSummaryJson.of(summary));
            double[][] ranks = labelRanks(columns);
            inTransaction(c -> {
                deleteResults(c, id);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO scan_hits (scan_id, row_no, ticker, hit_json,"
                        + " hit_csv, sort_keys) VALUES (?, ?, ?, ?, ?, ?)")) {
                    for (int row = 0; row < hits.size(); row++) {
                        Hit h = hits.get(row);
                        List<Hit> one = List.of(h);
                        String csv = csvLines(one);
                        StringBuilder json = new StringBuilder();
                        HitFormat.writeJson(schema, one, json);
                        s.setString(1, id);
                        s.setInt(2, row);
                        s.setString(3, h.ticker());
                        // "[\n  " + the object + "\n]\n": the object alone, as the export joins them
                        s.setString(4, json.substring(4, json.length() - 3));
                        s.setString(5, csv.substring(csv.indexOf('\n') + 1, csv.length() - 1));
                        s.setArray(6, c.createArrayOf("float8", sortKeys(h, columns, ranks)));
                        s.addBatch();
                        if (row % BATCH == BATCH - 1) {
                            s.executeBatch();
                        }
                    }
                    s.executeBatch();
                }
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO scan_results (scan_id, hit_count, csv_header, summary) VALUES (?, ?, ?, ?)")) {
                    s.setString(1, id);
                    s.setInt(2, hits.size());
                    s.setString(3, header);
                    s.setString(4, summaryJson);
                    s.executeUpdate();
                }
                return null;
            });
        }

        private String csvLines(List<Hit> some) {
            StringBuilder sb = new StringBuilder();
            HitFormat.writeCsv(schema, some, sb);
            return sb.toString();
        }

        @Override
        public void close() {
            hits = List.of();
        }
    }

    /**
     * Each column's sort key of a hit, from the third column on (ticker and date are the row's own): a flag 0/1, a
     * number, a text column's label ranked A to Z; {@code null} when missing.
     */
    private static Double[] sortKeys(Hit h, List<ScanRecord.Column> columns, double[][] ranks) {
        List<Object> values = h.values();
        Double[] keys = new Double[ranks.length];
        for (int i = 0; i < keys.length; i++) {
            Object v = values.get(i + 2);
            keys[i] = v == null ? null : ranks[i] != null ? ranks[i][columns.get(i + 2).labels().indexOf((String) v)]
                    : ((Number) v).doubleValue();
        }
        return keys;
    }

    /** For each text column (from the third), the rank A to Z of each label index; {@code null} for other columns. */
    private static double[][] labelRanks(List<ScanRecord.Column> columns) {
        double[][] ranks = new double[columns.size() - 2][];
        for (int i = 2; i < columns.size(); i++) {
            List<String> labels = columns.get(i).labels();
            if (columns.get(i).kind().equals("text") && labels != null) {
                List<String> sorted = labels.stream().sorted(Comparator.naturalOrder()).toList();
                ranks[i - 2] = new double[labels.size()];
                for (int l = 0; l < labels.size(); l++) {
                    ranks[i - 2][l] = sorted.indexOf(labels.get(l));
                }
            }
        }
        return ranks;
    }

    @Override
    public Optional<ResultPage> readPage(String id, List<ScanRecord.Column> columns, ResultQuery q) throws IOException {
        check(id);
        StringBuilder where = new StringBuilder(" WHERE scan_id = ?");
        List<Object> args = new ArrayList<>(List.of(id));
        for (Filter f : q.filters()) {
            int c = position(columns, f.column().name());
            if (c == 0) {
                where.append(" AND ticker = ?");
                args.add(f.value());
            } else if (c == 1) {
                throw new IllegalArgumentException("hits cannot be filtered by date");
            } else {
                ScanRecord.Column col = columns.get(c);
                double want;
                if (col.kind().equals("text")) {
                    int label = col.labels() == null ? -1 : col.labels().indexOf(f.value());
                    want = label < 0 ? Double.NaN : labelRanks(columns)[c - 2][label];
                } else {
                    want = f.value().equals("1") ? 1 : f.value().equals("0") ? 0 : Double.NaN;
                }
                if (Double.isNaN(want)) {
                    where.append(" AND false");
                } else {
                    where.append(" AND sort_keys[").append(c - 1).append("] = ?");
                    args.add(want);
                }
            }
        }
        String order = " ORDER BY row_no";
        if (q.sortBy() != null) {
            int c = position(columns, q.sortBy().name());
            String dir = q.descending() ? " DESC" : " ASC";
            if (c == 0) {
                order = " ORDER BY ticker COLLATE \"C\"" + dir + ", row_no";
            } else if (c > 1) {
                order = " ORDER BY sort_keys[" + (c - 1) + "]" + dir + " NULLS LAST, row_no";
            }
        }
        String filtered = where.toString();
        String ordered = order;
        return sql(c -> {
            long total;
            try (PreparedStatement s = c.prepareStatement("SELECT hit_count FROM scan_results WHERE scan_id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<ResultPage>empty();
                    }
                    total = r.getLong(1);
                }
            }
            if (!q.filters().isEmpty()) {
                try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM scan_hits" + filtered)) {
                    bind(s, args);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        total = r.getLong(1);
                    }
                }
            }
            List<JsonNode> rows = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT hit_json FROM scan_hits" + filtered + ordered + " OFFSET ? LIMIT ?")) {
                bind(s, args);
                s.setLong(args.size() + 1, q.offset());
                s.setInt(args.size() + 2, q.limit());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        byte[] bytes = r.getString(1).getBytes(StandardCharsets.UTF_8);
                        rows.add(HitPages.parse(bytes, 0, bytes.length));
                    }
                } catch (IOException e) {
                    throw new SQLException("a stored hit is not JSON: " + e.getMessage(), e);
                }
            }
            return Optional.of(new ResultPage(total, rows));
        });
    }

    @Override
    public Optional<JsonNode> readSummary(String id) throws IOException {
        check(id);
        Optional<String> text = textOf(id, "SELECT summary FROM scan_results WHERE scan_id = ?");
        return text.isEmpty() ? Optional.empty() : Optional.of(Json.MAPPER.readTree(text.get()));
    }

    @Override
    public Optional<Export> openExport(String id, ExportFormat format) throws IOException {
        check(id);
        String column = format == ExportFormat.CSV ? "hit_csv" : "hit_json";
        return sql(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT r.hit_count, r.csv_header,"
                    + " (SELECT coalesce(sum(octet_length(h." + column + ")), 0) FROM scan_hits h WHERE h.scan_id = r.scan_id)"
                    + " FROM scan_results r WHERE r.scan_id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<Export>empty();
                    }
                    int n = r.getInt(1);
                    long rowBytes = r.getLong(3);
                    byte[] head;
                    long length;
                    if (format == ExportFormat.CSV) {
                        head = (r.getString(2) + "\n").getBytes(StandardCharsets.UTF_8);
                        length = head.length + rowBytes + n; // each line and its '\n'
                    } else {
                        head = "[".getBytes(StandardCharsets.UTF_8);
                        length = n == 0 ? 3 : 1 + rowBytes + 3 + 4L * (n - 1) + 3; // "[", "\n  " then ",\n  ", "\n]\n"
                    }
                    return Optional.of(new Export(new RowsChannel(id, format, column, n, head), length));
                }
            }
        });
    }

    /**
     * An export's bytes: the head, then the rows read {@link #BATCH} at a time by row number, then the tail, exactly
     * as {@link HitFormat} writes the whole. A scan deleted meanwhile ends the export with an error.
     */
    private final class RowsChannel implements ReadableByteChannel {
        private final String id;
        private final ExportFormat format;
        private final String column;
        private final int rows;
        private ByteBuffer buffer;
        private int nextRow;
        private boolean tailDone;
        private boolean open = true;

        RowsChannel(String id, ExportFormat format, String column, int rows, byte[] head) {
            this.id = id;
            this.format = format;
            this.column = column;
            this.rows = rows;
            this.buffer = ByteBuffer.wrap(head);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!open) {
                throw new ClosedChannelException();
            }
            while (!buffer.hasRemaining()) {
                if (!refill()) {
                    return -1;
                }
            }
            int n = Math.min(dst.remaining(), buffer.remaining());
            ByteBuffer slice = buffer.slice();
            slice.limit(n);
            dst.put(slice);
            buffer.position(buffer.position() + n);
            return n;
        }

        private boolean refill() throws IOException {
            if (nextRow >= rows) {
                if (tailDone) {
                    return false;
                }
                tailDone = true;
                String tail = format == ExportFormat.CSV ? "" : rows == 0 ? "]\n" : "\n]\n";
                buffer = ByteBuffer.wrap(tail.getBytes(StandardCharsets.UTF_8));
                return true;
            }
            int from = nextRow;
            int to = Math.min(rows, from + BATCH);
            StringBuilder sb = new StringBuilder();
            int got = sql(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM scan_hits WHERE scan_id = ?"
                        + " AND row_no >= ? AND row_no < ? ORDER BY row_no")) {
                    s.setString(1, id);
                    s.setInt(2, from);
                    s.setInt(3, to);
                    int count = 0;
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            int row = from + count++;
                            if (format == ExportFormat.CSV) {
                                sb.append(r.getString(1)).append('\n');
                            } else {
                                sb.append(row == 0 ? "\n  " : ",\n  ").append(r.getString(1));
                            }
                        }
                    }
                    return count;
                }
            });
            if (got != to - from) {
                throw new IOException("scan " + id + " was deleted during the export");
            }
            nextRow = to;
            buffer = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    @Override
    public void delete(ScanRecord r) throws IOException {
        synchronized (r.diskLock) {
            r.deleted = true;
            deleteAll(r.id());
        }
    }

    @Override
    public void deleteQuietly(String id) {
        try {
            deleteAll(id);
        } catch (IOException e) {
            log.warn("removing what refused scan {} left failed: {}", id, e.getMessage());
        }
    }

    private void deleteAll(String id) throws IOException {
        check(id);
        inTransaction(c -> {
            deleteResults(c, id);
            for (String table : List.of("scan_scanners", "scans")) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE scan_id = ?")) {
                    s.setString(1, id);
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    private static void deleteResults(Connection c, String id) throws SQLException {
        for (String table : List.of("scan_hits", "scan_results")) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE scan_id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
        }
    }

    private static void bind(PreparedStatement s, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Double d) {
                s.setDouble(i + 1, d);
            } else {
                s.setString(i + 1, (String) a);
            }
        }
    }

    private static int position(List<ScanRecord.Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }

    private static void check(String id) {
        if (!ScanStore.validId(id)) {
            throw new IllegalArgumentException("invalid scan id");
        }
    }

    private static Timestamp timestamp(String instant) {
        return instant == null ? null : Timestamp.from(Instant.parse(instant));
    }

    /** The one text column {@code query} selects for the scan {@code id}; empty without a row or with SQL NULL. */
    private Optional<String> textOf(String id, String query) throws IOException {
        return sql(c -> {
            try (PreparedStatement s = c.prepareStatement(query)) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    /** One unit of work on a pooled connection. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    /** Runs {@code work} on a pooled connection; a database failure is an IOException saying what failed, no more. */
    private <T> T sql(Work<T> work) throws IOException {
        try (Connection c = db.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IOException("the database failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} as one transaction on a pooled connection: committed if it returns, rolled back if it throws
     * (a database failure then an IOException as in {@link #sql}); the connection goes back to the pool in the
     * auto-commit mode it came with.
     */
    private <T> T inTransaction(Work<T> work) throws IOException {
        return sql(c -> {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        });
    }
}
