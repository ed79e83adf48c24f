package io.lcscanner.server.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.HitSchema;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.server.ApiException;
import io.lcscanner.server.Json;
import io.lcscanner.server.Problems;
import io.lcscanner.server.scan.DataCoverage;
import io.lcscanner.server.scan.ScanManager;
import io.lcscanner.server.scan.ScanRecord;
import io.lcscanner.server.scan.ScanStore;
import io.lcscanner.server.scan.ScannerLibrary;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * The REST endpoints under {@code /api}. Each runs on a worker thread (reading files is fine) and
 * either answers or throws an {@link ApiException}. Responses are sent asynchronously: a client that
 * does not read never holds a worker.
 */
final class ApiHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    private final ScanManager manager;
    private final ScanStore store;
    private final ScannerLibrary scanners;
    private final BarSource source;
    private final String version;
    private final String instance;
    private final String sourceKind;
    private final Duration bodyTimeout;
    private final long startMillis = System.currentTimeMillis();

    /** {@code POST /api/scan/execute}'s answer. */
    record Started(boolean success, String scanId, String message, String status) {
    }

    /** Hits per page when the request does not say, and at most. */
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;

    /**
     * {@code GET /api/scan/results/{scan_id}}: a page of the stored hits, numbers exactly as written, and their
     * columns (from the scan's schema: what the dashboard's table and a client's parser go by). {@code total_found}
     * counts the hits that pass the filters; {@code next_offset} is {@code null} on the last page.
     */
    record Results(boolean success, String scanId, String scanner, List<ScanRecord.Column> columns, List<JsonNode> results,
                   long totalFound, Double executionTime, String message, long offset, int limit, Long nextOffset,
                   @JsonInclude(JsonInclude.Include.NON_NULL) String instance,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {
    }

    /** {@code GET /api/scan/results/{scan_id}/summary}. */
    record Summary(boolean success, String scanId, String scanner, JsonNode summary) {
    }

    /** {@code GET /api/scan/list}. */
    record ScanList(boolean success, List<ScanRecord.Progress> scans, int total, int activeScans, int queuedScans) {
    }

    /** {@code POST /api/scan/{scan_id}/cancel}. */
    record Cancelled(boolean success, String scanId, String status, String message) {
    }

    /** {@code DELETE /api/scan/{scan_id}}. */
    record Deleted(boolean success, String scanId, String message) {
    }

    /** {@code GET /api/scan/universe}; the tickers only when asked for. */
    record Universe(boolean success, String dataSource, int totalTickers, String firstSession, String lastSession,
                    boolean intraday, @JsonInclude(JsonInclude.Include.NON_NULL) List<String> tickers) {
    }

    /** {@code GET /api/health}. */
    record Health(String status, String version, double uptimeSeconds, String dataSource, int activeScans,
                  int queuedScans, int maxConcurrentScans, String instance, String store) {
    }

    ApiHandler(ScanManager manager, ScanStore store, ScannerLibrary scanners, BarSource source, String version,
               Duration bodyTimeout, String instance) {
        this.instance = instance;
        this.bodyTimeout = bodyTimeout;
        this.manager = manager;
        this.store = store;
        this.scanners = scanners;
        this.source = source;
        this.version = version;
        String d = source.description();
        String kind = d.contains(":") ? d.substring(0, d.indexOf(':')) : d;
        this.sourceKind = kind.matches("[a-z][a-z0-9_-]{0,30}") ? kind : "custom";
    }

    /** {@code POST /api/scan/execute}: the body is read without holding a thread, then handled on a worker. */
    void execute(HttpServerExchange ex) {
        requireJson(ex);
        RequestBody.read(ex, bodyTimeout, this::execute);
    }

    private void execute(HttpServerExchange ex, byte[] bytes) throws IOException {
        JsonNode body = parseJson(bytes);
        ScanRequestJson.Parsed p = ScanRequestJson.parse(body, source.intraday().isPresent(), scanners);
        scanners.requireAffordable(p.request().scanner(), p.request().params(), "scanner");
        boolean premarket = p.request().intraday() && p.request().scanner().premarket() && source.intraday().isPresent();
        if (p.request().requirePmLiquidity() && !premarket) {
            throw ApiException.badRequest("require_pm_liquidity", "require_pm_liquidity needs intraday data, which "
                    + "this data source does not have");
        }
        int columns = HitSchema.of(p.request().scanner(), premarket, p.request().outcomes()).columns().size() - 2;
        int maxColumns = manager.limits().maxColumns();
        if (columns > maxColumns) {
            throw ApiException.badRequest("scanner", "scanner " + p.request().scanner().name() + " gives " + columns
                    + " columns per hit (patterns, columns, premarket fields and outcomes), more than the " + maxColumns
                    + " this server allows (SCANNER_MAX_COLUMNS)");
        }
        ScanRecord r = manager.submit(p.request(), p.normalised(), premarket, coverage(p.request()), client(ex));
        ScanRecord.Status status = r.status();
        Responses.json(ex, 200, new Started(true, r.id(), status == ScanRecord.Status.QUEUED
                ? "Scan queued: " + manager.activeCount() + " scans are running" : "Scan started", status.json()));
    }

    /**
     * The request checked against the data's sessions and tickers (400 when it cannot find anything); the
     * warnings it gives. A source that cannot tell (its universe unreadable now) is left to the scan.
     */
    private List<String> coverage(ScanRequest request) {
        BarSource.Universe u;
        try { // Polygon's costs requests: its window is checked against the calendar only
            u = sourceKind.equals(SourceConfig.POLYGON) ? null : source.universe();
        } catch (IOException | RuntimeException e) {
            log.warn("reading the universe of {} failed; the scan's window is not checked: {}", source.description(),
                    e.toString());
            return List.of();
        }
        try {
            return DataCoverage.check(u, sourceKind, !sourceKind.equals(SourceConfig.POLYGON), request, "include_tickers");
        } catch (DataCoverage.NothingToScanException e) {
            throw ApiException.badRequest(e.field() == DataCoverage.Field.WINDOW ? "start_date"
                    : "filters.include_tickers", e.getMessage());
        }
    }

    /**
     * Who submits a scan, for the fair share of slots: the remote address, or behind a trusted proxy the one it
     * forwarded for (one token may be shared by everyone, so it does not tell clients apart).
     */
    static String client(HttpServerExchange ex) {
        var address = Routes.client(ex);
        return address == null ? "unknown" : address.getHostAddress();
    }

    /** {@code GET /api/scan/progress/{scan_id}}. */
    void progress(HttpServerExchange ex) {
        Responses.json(ex, 200, scan(ex).progressJson());
    }

    /**
     * {@code GET /api/scan/results/{scan_id}[?sort=date|score|<column>][&order=asc|desc][&filter=<column>:<value>]
     * [&pattern=<flag>][&offset=N][&limit=N]}: {@code date} is the stored order (date, then ticker); {@code score} is
     * LC's {@code parabolic_score}, highest first (400 for a scanner without one); a column's name sorts by it:
     * numbers and flags highest first, text A to Z unless {@code order} says otherwise, missing values last. Ties
     * keep the stored order. Filters (all must hold) keep the hits whose text column (ticker, a tier) or flag equals
     * the value; {@code pattern=p} is {@code filter=p:1}. One page at a time: the store sorts and filters.
     */
    void results(HttpServerExchange ex) throws IOException {
        ScanRecord r = finishedScan(ex);
        List<ScanRecord.Column> columns = r.columns();
        String sort = query(ex, "sort", "date");
        ScanRecord.Column by = sortColumn(sort, columns, r.scanner());
        String order = query(ex, "order", by == null || !by.kind().equals("text") ? "desc" : "asc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiException.badRequest("order", "order must be asc or desc, got " + Problems.quote(order));
        }
        if (by == null && ex.getQueryParameters().containsKey("order")) {
            throw ApiException.badRequest("order", "order applies to a sort by a column; the date order is the stored one");
        }
        long offset = number(ex, "offset", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(ex, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        List<ScanStore.Filter> filters = filters(ex, columns);
        ScanStore.ResultPage page = store.readPage(r.id(), columns,
                        new ScanStore.ResultQuery(by, order.equals("desc"), filters, offset, limit))
                .orElseThrow(() -> new ApiException(404, "results_missing", "the results of scan " + r.id() + " are missing"));
        long next = offset + page.rows().size();
        Responses.json(ex, 200, new Results(true, r.id(), r.scanner(), columns, page.rows(), page.totalFound(),
                r.executionTime(), "Found " + page.totalFound() + (page.totalFound() == 1 ? " hit" : " hits"), offset, limit,
                next < page.totalFound() ? next : null, r.instance(), r.warnings()));
    }

    /** {@code filter=<column>:<value>} (repeatable) and {@code pattern=<flag>}: text columns and flags only. */
    private static List<ScanStore.Filter> filters(HttpServerExchange ex, List<ScanRecord.Column> columns) {
        List<ScanStore.Filter> out = new ArrayList<>();
        for (String p : ex.getQueryParameters().getOrDefault("pattern", new ArrayDeque<>())) {
            ScanRecord.Column c = column(columns, p);
            if (c == null || !c.group().equals("pattern")) {
                throw ApiException.badRequest("pattern", "pattern must name one of the scan's patterns, got " + Problems.quote(p));
            }
            out.add(new ScanStore.Filter(c, "1"));
        }
        for (String f : ex.getQueryParameters().getOrDefault("filter", new ArrayDeque<>())) {
            int colon = f.indexOf(':');
            ScanRecord.Column c = colon < 0 ? null : column(columns, f.substring(0, colon));
            if (c == null || !(c.kind().equals("text") || c.kind().equals("flag"))) {
                throw ApiException.badRequest("filter", "filter must be <column>:<value> with a text or flag column "
                        + "(ticker, a tier, a pattern), got " + Problems.quote(f));
            }
            String value = f.substring(colon + 1);
            if (c.kind().equals("flag") && !value.equals("0") && !value.equals("1")) {
                throw ApiException.badRequest("filter", "a flag column is filtered by 0 or 1, got " + Problems.quote(f));
            }
            out.add(new ScanStore.Filter(c, value));
        }
        return out;
    }

    private static ScanRecord.Column column(List<ScanRecord.Column> columns, String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    /** A whole-number query parameter in [min, max]. */
    private static long number(HttpServerExchange ex, String name, long min, long max, long fallback) {
        String v = query(ex, name, null);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name, name + " must be a whole number from " + min
                + (max == Long.MAX_VALUE ? " up" : " to " + max) + ", got " + Problems.quote(v));
    }

    private static ScanRecord.Column sortColumn(String sort, List<ScanRecord.Column> columns, String scanner) {
        if (sort.equals("date")) {
            return null;
        }
        String name = sort.equals("score") ? "parabolic_score" : sort;
        for (ScanRecord.Column c : columns) {
            if (c.name().equals(name) && !c.name().equals("date")) {
                return c;
            }
        }
        throw ApiException.badRequest("sort", sort.equals("score")
                ? "sort=score orders by LC's parabolic_score, which scanner " + scanner + " does not have; sort by one of "
                + "its columns (sort=<name>) or by date"
                : "sort must be date, score or a column of the hits, got " + Problems.quote(sort));
    }

    /**
     * {@code GET /api/scan/results/{scan_id}/summary}: how the hits played out, for a scan that asked for
     * outcomes.
     */
    void summary(HttpServerExchange ex) throws IOException {
        ScanRecord r = finishedScan(ex);
        if (!r.outcomes()) {
            throw new ApiException(404, "no_summary", "scan " + r.id() + " ran without outcomes, so it has no summary "
                    + "(start one with \"outcomes\": true)");
        }
        JsonNode summary = store.readSummary(r.id()).orElseThrow(() -> new ApiException(404, "results_missing",
                "the summary of scan " + r.id() + " is missing"));
        Responses.json(ex, 200, new Summary(true, r.id(), r.scanner(), summary));
    }

    /** {@code GET /api/scan/results/{scan_id}/export?format=csv|json}: the stored file as a download. */
    void export(HttpServerExchange ex) throws IOException {
        ScanRecord r = finishedScan(ex);
        String format = query(ex, "format", "csv");
        ScanStore.ExportFormat f = switch (format) {
            case "csv" -> ScanStore.ExportFormat.CSV;
            case "json" -> ScanStore.ExportFormat.JSON;
            default -> throw ApiException.badRequest("format", "format must be csv or json, got " + Problems.quote(format));
        };
        ScanStore.Export body = store.openExport(r.id(), f).orElseThrow(() -> new ApiException(404, "results_missing",
                "the results of scan " + r.id() + " are missing"));
        ex.setStatusCode(200);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, f.contentType());
        // the file name carries the scanner's (a name is [a-z][a-z0-9_]*: nothing to escape)
        ex.getResponseHeaders().put(Headers.CONTENT_DISPOSITION,
                "attachment; filename=\"" + r.id() + "_" + r.scanner() + "_results." + f.extension() + "\"");
        if (body.length() >= 0) {
            ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length());
        }
        // written as the client reads it, never blocking a worker, in constant memory; a client that stops reading
        // is cut off by the idle time-out
        Delivery.stream(ex, body.body(), () -> IoUtils.safeClose(body));
    }

    /** {@code GET /api/scan/list}: newest first. */
    void list(HttpServerExchange ex) {
        List<ScanRecord> all = manager.list();
        Responses.json(ex, 200, new ScanList(true, all.stream().map(ScanRecord::progressJson).toList(), all.size(),
                manager.activeCount(), manager.queuedCount()));
    }

    /** {@code POST /api/scan/{scan_id}/cancel}. */
    void cancel(HttpServerExchange ex) {
        ScanRecord r = scan(ex);
        if (!manager.cancel(r)) {
            throw new ApiException(409, "scan_finished", "scan " + r.id() + " is already " + r.status().json());
        }
        ScanRecord.Status status = r.status();
        Responses.json(ex, 200, new Cancelled(true, r.id(), status.json(),
                status.isFinal() ? "Scan cancelled" : "Cancellation requested"));
    }

    /** {@code DELETE /api/scan/{scan_id}}. */
    void delete(HttpServerExchange ex) throws IOException {
        ScanRecord r = scan(ex);
        manager.delete(r);
        Responses.json(ex, 200, new Deleted(true, r.id(), "Scan deleted"));
    }

    /** {@code GET /api/scan/universe[?tickers=true]}. */
    void universe(HttpServerExchange ex) throws IOException {
        String withTickers = query(ex, "tickers", "false");
        if (!withTickers.equals("true") && !withTickers.equals("false")) {
            throw ApiException.badRequest("tickers", "tickers must be true or false");
        }
        BarSource.Universe u;
        try { // Polygon's costs requests: its window is checked against the calendar only
            u = sourceKind.equals(SourceConfig.POLYGON) ? null : source.universe();
        } catch (IOException | RuntimeException e) {
            log.error("reading the universe of {} failed", source.description(), e);
            throw new ApiException(503, "source_unavailable", "the data source could not be read; see the server log");
        }
        Responses.json(ex, 200, new Universe(true, Problems.withoutPaths(u.description()), u.tickers().size(),
                u.firstSession() == null ? null : u.firstSession().toString(),
                u.lastSession() == null ? null : u.lastSession().toString(), source.intraday().isPresent(),
                withTickers.equals("true") ? u.tickers() : null));
    }

    /**
     * {@code GET /api/health}: no token needed, no I/O. Open to anyone, so it names the kind of source only
     * (a CSV source's description holds its path).
     */
    void health(HttpServerExchange ex) {
        Responses.json(ex, 200, new Health("ok", version, (System.currentTimeMillis() - startMillis) / 1000.0, sourceKind,
                manager.activeCount(), manager.queuedCount(), manager.maxConcurrent(), instance, store.kind()));
    }

    /** The scan named by the path, or 404 (also for ids of the wrong format: nothing touches the disk). */
    ScanRecord scan(HttpServerExchange ex) {
        String id = pathParam(ex, "scan_id");
        return manager.get(id).orElseThrow(() -> new ApiException(404, "scan_not_found",
                "no scan " + (ScanStore.validId(id) ? id : "with that id")));
    }

    private ScanRecord finishedScan(HttpServerExchange ex) {
        ScanRecord r = scan(ex);
        ScanRecord.Status s = r.status();
        if (!s.isFinal()) {
            throw new ApiException(409, "scan_not_finished", "scan " + r.id() + " is " + s.json() + "; results come when it completes");
        }
        if (s != ScanRecord.Status.COMPLETED) {
            throw new ApiException(409, "no_results", "scan " + r.id() + " is " + s.json() + " and has no results");
        }
        return r;
    }

    static String pathParam(HttpServerExchange ex, String name) {
        PathTemplateMatch m = ex.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
        return m == null ? null : m.getParameters().get(name);
    }

    static String query(HttpServerExchange ex, String name, String fallback) {
        Deque<String> v = ex.getQueryParameters().get(name);
        return v == null || v.isEmpty() ? fallback : v.getFirst();
    }

    /**
     * A JSON body must say so: a web page can send text/plain or a form to any site without asking, but
     * not application/json.
     */
    static void requireJson(HttpServerExchange ex) {
        String type = ex.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        String mime = type == null ? "" : type.split(";", 2)[0].trim();
        if (!mime.equalsIgnoreCase("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "send the body as application/json "
                    + "(Content-Type: application/json)");
        }
    }

    /** The body as one JSON value. */
    static JsonNode parseJson(byte[] body) {
        if (body.length == 0) {
            throw new ApiException(400, "malformed_json", "the request body is empty; send a JSON object");
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new ApiException(400, "malformed_json", Problems.json(e));
        } catch (IOException e) {
            throw new ApiException(400, "malformed_json", "the body is not valid JSON");
        }
    }
}
