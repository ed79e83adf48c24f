package io.lcscanner.server.http;

import io.lcscanner.core.source.BarSource;
import io.lcscanner.server.scan.ScanMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The server's metrics in a Micrometer registry, scraped as Prometheus text 0.0.4: scans, HTTP requests,
 * the data source's counters, and the JVM (memory, GC, threads, classes, CPU, descriptors). Labels are
 * bounded (final status; HTTP method, route template and status), never per ticker or per scan id, so the
 * series count stays small.
 */
public final class Metrics implements ScanMetrics, AutoCloseable {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String[] FINAL_STATUSES = {"completed", "failed", "cancelled", "interrupted"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Timer scanSeconds;
    private final DistributionSummary barsPerSecond;
    private final Timer httpSeconds;
    private volatile IntSupplier active = () -> 0;
    private volatile IntSupplier queued = () -> 0;
    private volatile BarSource source;

    public Metrics(String version) {
        long start = System.nanoTime();
        Gauge.builder("lcscanner.info", () -> 1).description("Build information.").tag("version", version)
                .register(registry);
        TimeGauge.builder("lcscanner.uptime", () -> System.nanoTime() - start, TimeUnit.NANOSECONDS)
                .description("Seconds since the server started.").register(registry);
        for (String status : FINAL_STATUSES) {
            scans(status);
        }
        Gauge.builder("lcscanner.scans.active", () -> active.getAsInt()).description("Scans running now.").register(registry);
        Gauge.builder("lcscanner.scans.queued", () -> queued.getAsInt()).description("Scans waiting for a slot.")
                .register(registry);
        scanSeconds = Timer.builder("lcscanner.scan.duration").description("Wall time of completed scans.")
                .serviceLevelObjectives(seconds(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600)).register(registry);
        barsPerSecond = DistributionSummary.builder("lcscanner.scan.bars.per.second")
                .description("Compute speed of completed scans.")
                .serviceLevelObjectives(1e4, 1e5, 1e6, 5e6, 1e7, 2.5e7, 5e7, 1e8).register(registry);
        httpSeconds = Timer.builder("lcscanner.http.request.duration").description("Time to complete an HTTP request.")
                .serviceLevelObjectives(seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)).register(registry);
        sourceCounter("lcscanner.polygon.requests", "Requests sent to Polygon.", BarSource.Counters::requests);
        sourceCounter("lcscanner.polygon.retries", "Polygon requests retried.", BarSource.Counters::retries);
        sourceCounter("lcscanner.polygon.errors", "Polygon requests that failed for good.", BarSource.Counters::errors);
        sourceCounter("lcscanner.cache.hits", "Bar cache hits.", BarSource.Counters::cacheHits);
        sourceCounter("lcscanner.cache.misses", "Bar cache misses.", BarSource.Counters::cacheMisses);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    @Override
    public void gauges(IntSupplier activeScans, IntSupplier queuedScans) {
        this.active = activeScans;
        this.queued = queuedScans;
    }

    /** The source whose {@link BarSource#counters()} are reported (the Polygon metric names are kept for any source). */
    void source(BarSource barSource) {
        this.source = barSource;
    }

    @Override
    public void scanFinished(String status, double seconds, double barsPerSec) {
        scans(status).increment();
        if (status.equals("completed")) {
            scanSeconds.record(Duration.ofNanos(Math.round(seconds * 1e9)));
            if (barsPerSec > 0) {
                barsPerSecond.record(barsPerSec);
            }
        }
    }

    void httpRequest(String method, String route, int status, double seconds) {
        Counter.builder("lcscanner.http.requests").description("HTTP requests by method, route template and status.")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status)).register(registry)
                .increment();
        httpSeconds.record(Duration.ofNanos(Math.round(seconds * 1e9)));
    }

    /** Everything in Prometheus text format 0.0.4. */
    String render() {
        return registry.scrape(CONTENT_TYPE);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private Counter scans(String status) {
        return Counter.builder("lcscanner.scans").description("Scans that ended, by final status.").tag("status", status)
                .register(registry);
    }

    private void sourceCounter(String name, String help, ToDoubleFunction<BarSource.Counters> value) {
        FunctionCounter.builder(name, this, m -> {
            BarSource s = m.source;
            return s == null ? 0 : value.applyAsDouble(s.counters());
        }).description(help).register(registry);
    }

    private static Duration[] seconds(double... bounds) {
        Duration[] d = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            d[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
        }
        return d;
    }
}
