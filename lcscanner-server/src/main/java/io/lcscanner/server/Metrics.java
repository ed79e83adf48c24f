package io.lcscanner.server;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Prometheus metrics in text format 0.0.4, hand-written: a few counters, gauges and histograms.
 * Labels are bounded (final status; HTTP method, route template and status), never per ticker or per
 * scan id, so the series count stays small.
 */
final class Metrics {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String[] FINAL_STATUSES = {"completed", "failed", "cancelled", "interrupted"};

    private final Map<String, LongAdder> scans = new ConcurrentHashMap<>();
    private final Histogram scanSeconds = new Histogram(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600);
    private final Histogram barsPerSecond = new Histogram(1e4, 1e5, 1e6, 5e6, 1e7, 2.5e7, 5e7, 1e8);
    private final Map<String, LongAdder> http = new ConcurrentHashMap<>();
    private final Histogram httpSeconds = new Histogram(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);
    private final long startNanos = System.nanoTime();
    private volatile IntSupplier active = () -> 0;
    private volatile IntSupplier queued = () -> 0;
    private volatile SourceCounters source = SourceCounters.NONE;

    Metrics() {
        for (String s : FINAL_STATUSES) {
            scans.put(s, new LongAdder());
        }
    }

    void gauges(IntSupplier activeScans, IntSupplier queuedScans) {
        this.active = activeScans;
        this.queued = queuedScans;
    }

    void sourceCounters(SourceCounters counters) {
        this.source = counters;
    }

    /** A scan reached a final status; duration and speed only for completed scans. */
    void scanFinished(String status, double seconds, double barsPerSec) {
        scans.computeIfAbsent(status, k -> new LongAdder()).increment();
        if (status.equals("completed")) {
            scanSeconds.observe(seconds);
            if (barsPerSec > 0) {
                barsPerSecond.observe(barsPerSec);
            }
        }
    }

    void httpRequest(String method, String route, int status, double seconds) {
        http.computeIfAbsent(method + '\u0000' + route + '\u0000' + status, k -> new LongAdder()).increment();
        httpSeconds.observe(seconds);
    }

    String render(String version) {
        StringBuilder sb = new StringBuilder(4096);
        header(sb, "lcscanner_info", "gauge", "Build information.");
        sb.append("lcscanner_info{version=\"").append(escape(version)).append("\"} 1\n");
        header(sb, "lcscanner_uptime_seconds", "gauge", "Seconds since the server started.");
        sb.append("lcscanner_uptime_seconds ").append(num((System.nanoTime() - startNanos) / 1e9)).append('\n');

        header(sb, "lcscanner_scans_total", "counter", "Scans that ended, by final status.");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(scans).entrySet()) {
            sb.append("lcscanner_scans_total{status=\"").append(escape(e.getKey())).append("\"} ")
                    .append(e.getValue().sum()).append('\n');
        }
        header(sb, "lcscanner_scans_active", "gauge", "Scans running now.");
        sb.append("lcscanner_scans_active ").append(active.getAsInt()).append('\n');
        header(sb, "lcscanner_scans_queued", "gauge", "Scans waiting for a slot.");
        sb.append("lcscanner_scans_queued ").append(queued.getAsInt()).append('\n');
        scanSeconds.render(sb, "lcscanner_scan_duration_seconds", "Wall time of completed scans.");
        barsPerSecond.render(sb, "lcscanner_scan_bars_per_second", "Compute speed of completed scans.");

        header(sb, "lcscanner_http_requests_total", "counter", "HTTP requests by method, route template and status.");
        for (Map.Entry<String, LongAdder> e : new TreeMap<>(http).entrySet()) {
            String[] k = e.getKey().split("\u0000", -1);
            sb.append("lcscanner_http_requests_total{method=\"").append(escape(k[0])).append("\",route=\"")
                    .append(escape(k[1])).append("\",status=\"").append(k[2]).append("\"} ")
                    .append(e.getValue().sum()).append('\n');
        }
        httpSeconds.render(sb, "lcscanner_http_request_duration_seconds", "Time to complete an HTTP request.");

        SourceCounters c = source;
        counter(sb, "lcscanner_polygon_requests_total", "Requests sent to Polygon.", c.polygonRequests());
        counter(sb, "lcscanner_polygon_retries_total", "Polygon requests retried.", c.polygonRetries());
        counter(sb, "lcscanner_polygon_errors_total", "Polygon requests that failed for good.", c.polygonErrors());
        counter(sb, "lcscanner_cache_hits_total", "Bar cache hits.", c.cacheHits());
        counter(sb, "lcscanner_cache_misses_total", "Bar cache misses.", c.cacheMisses());
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        header(sb, name, "counter", help);
        sb.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    /** Label values escape backslash, quote and newline (format 0.0.4). */
    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String num(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
    }

    /** A cumulative histogram with fixed upper bounds. */
    private static final class Histogram {
        private final double[] bounds;
        private final LongAdder[] buckets;
        private final LongAdder count = new LongAdder();
        private final DoubleAdder sum = new DoubleAdder();

        Histogram(double... bounds) {
            this.bounds = bounds;
            this.buckets = new LongAdder[bounds.length];
            for (int i = 0; i < bounds.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double x) {
            for (int i = 0; i < bounds.length; i++) {
                if (x <= bounds[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(x);
        }

        void render(StringBuilder sb, String name, String help) {
            header(sb, name, "histogram", help);
            long total = count.sum();
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += buckets[i].sum();
                sb.append(name).append("_bucket{le=\"").append(num(bounds[i]).toLowerCase(Locale.ROOT))
                        .append("\"} ").append(Math.min(cumulative, total)).append('\n');
            }
            sb.append(name).append("_bucket{le=\"+Inf\"} ").append(total).append('\n');
            sb.append(name).append("_sum ").append(num(sum.sum())).append('\n');
            sb.append(name).append("_count ").append(total).append('\n');
        }
    }
}
