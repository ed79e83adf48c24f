package io.lcscanner.server.scan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcscanner.core.HitSchema;
import io.lcscanner.core.ScanProgress;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanStats;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.server.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The state of one scan as the API shows it and the store persists it. Mutated by the scan manager
 * and the scan's progress listener, read by request threads: every access is synchronized.
 */
public final class ScanRecord {

    /** Lifecycle of a scan; the last four are final. */
    public enum Status {
        QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED, INTERRUPTED;

        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isFinal() {
            return this != QUEUED && this != RUNNING;
        }

        static Status parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    private final String id;
    private final Instant createdAt;
    private final String scanner;
    private final boolean outcomes;
    private final ObjectNode requestJson;
    private final LocalDate startDate;
    private final LocalDate endDate;
    private final boolean premarket;
    private final String dataSource;
    /** The server instance that runs (or ran) the scan ({@code SCANNER_INSTANCE_ID}); {@code null} in scans stored before. */
    private final String instance;
    /** {@code null} for scans loaded from disk: they never run again. */
    private final ScanRequest request;

    private Status status;
    private double percent;
    private String message;
    private String currentTicker;
    private int totalTickers;
    private int processedTickers;
    private int resultsFound;
    private Instant startedAt;
    private Instant completedAt;
    private String error;
    private ObjectNode stats;
    /** What makes the hits less meaningful without stopping the scan: checks before it, then the scan's own. */
    private final List<String> warnings = new ArrayList<>();
    /** The hits' columns, known once the scan completed; {@code null} before, and for scans stored without them. */
    private List<Column> columns;
    private boolean timedOut;
    private boolean shutdown;
    /** When the stored metadata was written (a crashed scan's last sign of life); {@code null} if never. */
    private Instant updatedAt;
    /** When a running scan's progress was last stored. */
    private long progressStoredNanos;
    /** Serialises writes of this scan's metadata, so the last write on disk holds the latest state. */
    final Object diskLock = new Object();
    /** Guarded by {@link #diskLock}: the scan was deleted, nothing more is written. */
    boolean deleted;
    /** Guarded by {@link #diskLock}: the final state is on disk, so no earlier state may be written over it. */
    boolean finalStored;

    ScanRecord(String id, Instant createdAt, ScanRequest request, ObjectNode requestJson, boolean premarket,
               String dataSource, String instance) {
        this.id = id;
        this.createdAt = createdAt;
        this.scanner = request.scanner().name();
        this.outcomes = request.outcomes();
        this.request = request;
        this.requestJson = requestJson;
        this.startDate = request.from();
        this.endDate = request.to();
        this.premarket = premarket;
        this.dataSource = dataSource;
        this.instance = instance;
        this.status = Status.QUEUED;
        this.message = "Queued";
    }

    private ScanRecord(JsonNode m) {
        this.id = m.path("scan_id").asText();
        this.createdAt = instant(m.path("created_at"));
        this.request = null;
        this.requestJson = m.path("request").isObject() ? (ObjectNode) m.get("request").deepCopy() : Json.object();
        // scans stored before there were other scanners and outcomes were LC's, without
        this.scanner = m.path("scanner").asText("lc");
        this.outcomes = requestJson.path("outcomes").asBoolean(false);
        this.columns = m.path("columns").isArray() ? Json.MAPPER.convertValue(m.get("columns"), COLUMNS) : null;
        this.startDate = date(m.path("start_date"));
        this.endDate = date(m.path("end_date"));
        this.premarket = m.path("premarket").asBoolean(false);
        this.dataSource = m.path("data_source").asText("");
        this.instance = m.path("instance").isTextual() ? m.get("instance").asText() : null;
        this.status = Status.parse(m.path("status").asText());
        this.percent = m.path("progress_percent").asDouble(0);
        this.message = m.path("message").asText("");
        this.currentTicker = m.path("current_ticker").isTextual() ? m.get("current_ticker").asText() : null;
        this.totalTickers = m.path("total_tickers").asInt(0);
        this.processedTickers = m.path("processed_tickers").asInt(0);
        this.resultsFound = m.path("results_found").asInt(0);
        this.startedAt = instant(m.path("started_at"));
        this.completedAt = instant(m.path("completed_at"));
        this.error = m.path("error").isTextual() ? m.get("error").asText() : null;
        this.stats = m.path("stats").isObject() ? (ObjectNode) m.get("stats").deepCopy() : null;
        m.path("warnings").forEach(w -> warnings.add(w.asText()));
        this.updatedAt = instant(m.path("updated_at"));
    }

    /**
     * Rebuilds a record from its stored metadata.
     *
     * @throws IllegalArgumentException if the metadata is not a scan's
     */
    static ScanRecord fromMetadata(JsonNode metadata) {
        try {
            ScanRecord r = new ScanRecord(metadata);
            if (r.createdAt == null || r.id.isEmpty()) {
                throw new IllegalArgumentException("scan_id or created_at missing");
            }
            return r;
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("not a scan's metadata: " + e.getMessage(), e);
        }
    }

    public String id() {
        return id;
    }

    /** The instance that runs or ran the scan; {@code null} for scans stored before instances were recorded. */
    public String instance() {
        return instance;
    }

    Instant createdAt() {
        return createdAt;
    }

    /** When it ended (a finished scan), else when it was created: the age retention goes by. */
    synchronized Instant endedAt() {
        return completedAt != null ? completedAt : createdAt;
    }

    /** The name of the scanner the scan ran. */
    public String scanner() {
        return scanner;
    }

    /** Whether the request asked for the forward outcomes (and so the summary). */
    public boolean outcomes() {
        return outcomes;
    }

    /**
     * The columns of the scan's hits, as its results have them; for a completed scan stored before columns were,
     * LC's (the only scanner then) with its premarket fields if that stage ran.
     */
    public synchronized List<Column> columns() {
        if (columns == null && status == Status.COMPLETED) {
            return Column.of(HitSchema.of(ScannerDefinition.lc(), premarket, false));
        }
        return columns;
    }

    ScanRequest request() {
        return request;
    }

    public boolean premarket() {
        return premarket;
    }

    public synchronized Status status() {
        return status;
    }

    synchronized void markRunning(Instant now) {
        require(Status.QUEUED, "start");
        status = Status.RUNNING;
        startedAt = now;
        message = "Starting";
    }

    synchronized void progress(ScanProgress p) {
        if (status != Status.RUNNING) {
            return;
        }
        percent = p.percent();
        message = p.message();
        if (p.currentTicker() != null) {
            currentTicker = p.currentTicker();
        }
        totalTickers = p.totalTickers();
        processedTickers = p.processedTickers();
        resultsFound = p.hitsSoFar();
    }

    /** A note on a running scan's progress (e.g. its results are being stored again). */
    synchronized void note(String why) {
        if (status == Status.RUNNING) {
            message = why;
        }
    }

    /** What makes the hits less meaningful: the checks' before the scan, then the scan's own. */
    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** Adds warnings found before the scan ran (before the record is shared). */
    synchronized void warn(List<String> found) {
        warnings.addAll(found);
    }

    synchronized void complete(Instant now, int hits, ScanStats s, HitSchema schema, List<String> scanWarnings) {
        require(Status.RUNNING, "complete");
        warnings.addAll(scanWarnings);
        columns = Column.of(schema);
        status = Status.COMPLETED;
        completedAt = now;
        percent = 100;
        resultsFound = hits;
        totalTickers = s.tickers();
        processedTickers = s.tickers();
        currentTicker = null;
        message = "Found " + hits + (hits == 1 ? " hit in " : " hits in ") + s.tickers()
                + (s.tickers() == 1 ? " ticker" : " tickers");
        stats = Json.tree(new Figures(s.dataSource(), s.tickers(), s.bars(), s.loadMs(), s.computeMs(), s.intradayMs(),
                s.totalMs(), Math.round(s.barsPerSecond())));
    }

    /**
     * Ends a scan the previous process did not finish: interrupted, with its last stored progress, at its
     * last sign of life (so its execution time leaves out the downtime).
     */
    synchronized void interruptedByCrash(String why) {
        Instant lastSeen = updatedAt != null ? updatedAt : startedAt != null ? startedAt : createdAt;
        end(Status.INTERRUPTED, lastSeen, why);
    }

    /** Whether a running scan's progress is due to be stored again ({@code interval} since the last time). */
    synchronized boolean progressStoreDue(long nowNanos, long intervalNanos) {
        if (status != Status.RUNNING || nowNanos - progressStoredNanos < intervalNanos) {
            return false;
        }
        progressStoredNanos = nowNanos;
        return true;
    }

    /** Ends the scan with a final status other than completed. */
    synchronized void end(Status finalStatus, Instant now, String why) {
        if (!finalStatus.isFinal() || finalStatus == Status.COMPLETED) {
            throw new IllegalArgumentException("a scan ends as failed, cancelled or interrupted, not " + finalStatus.json());
        }
        if (status.isFinal()) {
            throw new IllegalStateException("scan " + id + " cannot end as " + finalStatus.json() + ": it is "
                    + status.json());
        }
        status = finalStatus;
        completedAt = now;
        error = finalStatus == Status.CANCELLED ? null : why;
        message = why;
        currentTicker = null;
    }

    /* The lifecycle: queued → running → completed, and queued or running → failed, cancelled, interrupted. */
    private void require(Status from, String what) {
        if (status != from) {
            throw new IllegalStateException("scan " + id + " cannot " + what + ": it is " + status.json());
        }
    }

    synchronized void markTimedOut() {
        timedOut = true;
    }

    synchronized boolean timedOut() {
        return timedOut;
    }

    synchronized void markShutdown() {
        shutdown = true;
    }

    synchronized boolean shutdown() {
        return shutdown;
    }

    /** Seconds from start to end (or to now while running); {@code null} before it started. */
    public synchronized Double executionTime() {
        if (startedAt == null) {
            return null;
        }
        Instant end = completedAt != null ? completedAt : Instant.now();
        return Math.max(0, end.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }

    /**
     * The fields of {@code GET /api/scan/progress/{scan_id}} (and of each scan in the list), with the request as
     * it was understood (every field, defaults filled in).
     */
    public record Progress(String scanId, String scanner, String status, double progressPercent, String message,
                           String currentTicker, int totalTickers, int processedTickers, String startDate, String endDate,
                           String createdAt, String startedAt, String completedAt, Double executionTime, int resultsFound,
                           String error, List<String> warnings, JsonNode request,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String instance) {
    }

    /**
     * One column of a scan's hits (from its {@link HitSchema}): name, kind ({@code text}, {@code date},
     * {@code flag}, {@code number}), group ({@code key}, {@code pattern}, {@code value}, {@code premarket},
     * {@code outcome}) and, for a tier, its labels best first.
     */
    public record Column(String name, String kind, String group,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> labels) {
        /** The columns of a schema, in output order. */
        public static List<Column> of(HitSchema schema) {
            return schema.columns().stream().map(c -> new Column(c.name(), c.kind().name().toLowerCase(Locale.ROOT),
                    c.group().name().toLowerCase(Locale.ROOT), c.labels())).toList();
        }
    }

    private static final TypeReference<List<Column>> COLUMNS = new TypeReference<>() {
    };

    /** What the store writes: the progress, and what is needed to show the scan after a restart. */
    record Metadata(@JsonUnwrapped Progress progress, String dataSource, boolean premarket,
                    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode stats,
                    @JsonInclude(JsonInclude.Include.NON_NULL) List<Column> columns, String updatedAt) {
    }

    /** The {@code data} of a WebSocket/SSE event. */
    record EventData(String status, double progressPercent, String message, String currentTicker,
                     int processedTickers, int totalTickers, int resultsFound,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    }

    /** A completed scan's figures, stored with it. */
    record Figures(String dataSource, int tickers, long bars, long loadMs, long computeMs, long intradayMs, long totalMs,
                   long barsPerSecond) {
    }

    public synchronized Progress progressJson() {
        return new Progress(id, scanner, status.json(), Math.round(percent * 10) / 10.0, message, currentTicker,
                totalTickers, processedTickers, startDate == null ? null : startDate.toString(),
                endDate == null ? null : endDate.toString(), text(createdAt), text(startedAt), text(completedAt),
                executionTime(), resultsFound, error, List.copyOf(warnings), requestJson, instance); // never changed after construction: shared

    }

    /** The metadata as stored now, stamped with when it was written. */
    synchronized Metadata metadataJson(Instant now) {
        updatedAt = now;
        return stateJson(now.toString());
    }

    /**
     * A detached copy of the current state, to which a final state can be applied and stored before this
     * record shows it (so a client that sees a scan finished finds it finished on disk too).
     */
    synchronized ScanRecord snapshot() {
        return new ScanRecord(Json.tree(stateJson(null)));
    }

    private Metadata stateJson(String stamp) {
        return new Metadata(progressJson(), dataSource, premarket, stats == null ? null : stats.deepCopy(), columns, stamp);
    }

    synchronized EventData eventData() {
        return new EventData(status.json(), Math.round(percent * 10) / 10.0, message, currentTicker, processedTickers,
                totalTickers, resultsFound, error);
    }

    /** The event type of the current state: progress until final. */
    synchronized String eventType() {
        return switch (status) {
            case QUEUED, RUNNING -> "progress";
            case COMPLETED -> "completed";
            case FAILED -> "failed";
            case CANCELLED, INTERRUPTED -> "cancelled";
        };
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static Instant instant(JsonNode n) {
        return n.isTextual() ? Instant.parse(n.asText()) : null;
    }

    private static LocalDate date(JsonNode n) {
        return n.isTextual() ? LocalDate.parse(n.asText()) : null;
    }
}
