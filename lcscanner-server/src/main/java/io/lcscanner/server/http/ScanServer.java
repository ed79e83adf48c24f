package io.lcscanner.server.http;

import com.sun.management.UnixOperatingSystemMXBean;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.server.scan.ProgressHub;
import io.lcscanner.server.scan.ScanManager;
import io.lcscanner.server.scan.FileScanStore;
import io.lcscanner.server.scan.ScanStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcscanner.server.Json;
import io.lcscanner.server.scan.PostgresScanStore;
import io.lcscanner.server.scan.ScanQueue;
import io.lcscanner.server.scan.FileScannerDocuments;
import io.lcscanner.server.scan.PostgresScannerDocuments;
import io.lcscanner.server.scan.ScannerLibrary;
import io.lcscanner.server.db.Database;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/** The running server: Undertow, the scan manager and what they share. {@link #close()} stops it gracefully. */
public final class ScanServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ScanServer.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    private final Undertow undertow;
    private final Routes.Front front;
    private final ScanManager manager;
    private final ProgressHub hub;
    private final Metrics metrics;
    private final Scanner scanner;
    private final BarLoads barLoads;
    private final int port;
    private final String host;
    /** {@code null} with the file store. */
    private final Database database;
    /** {@code null} with the file store. */
    private final ScanQueue queue;
    private boolean closed;

    private ScanServer(ServerConfig config, BarSource source, ServerLimits limits) throws IOException {
        Properties build = buildInfo();
        String version = build.getProperty("version", "unknown");
        this.metrics = new Metrics(version);
        metrics.source(source);
        // PostgreSQL when configured (shared by the instances behind one proxy), else files
        this.database = config.database() == null ? null : Database.open(config.database());
        ScanStore store = database == null ? new FileScanStore(config.resultsDir())
                : new PostgresScanStore(database.dataSource(), database.config().description());
        this.hub = new ProgressHub();
        this.scanner = Scanner.builder(source).parallelism(config.workers()).maxHits(config.scanLimits().maxHits()).build();
        this.manager = new ScanManager(scanner, store, hub, metrics, config.maxConcurrentScans(),
                config.maxQueuedScans(), config.scanTimeout(), config.polygonApiKey(), limits.storeRetries(),
                config.scanLimits(), config.instanceId());
        ScannerLibrary scanners = new ScannerLibrary(database == null
                ? (config.scannersDir() == null ? null : new FileScannerDocuments(config.scannersDir()))
                : new PostgresScannerDocuments(database.dataSource()), config.clients().maxScanners(), config.maxScanCost());
        if (database != null) { // scans queue in the database, for whichever instance has a free slot
            this.queue = new ScanQueue(database.dataSource(), config.instanceId(), config.maxConcurrentScans(),
                    config.heartbeat(), manager::runQueued);
            boolean intraday = source.intraday().isPresent();
            manager.useQueue(queue, (requestJson, document) -> {
                ObjectNode body = requestJson.deepCopy();
                body.set("scanner", Json.MAPPER.readTree(document));
                return ScanRequestJson.parse(body, intraday, scanners).request();
            });
        } else {
            this.queue = null;
        }
        manager.loadStored();
        scanners.removeLeftovers();
        ApiHandler api = new ApiHandler(manager, store, scanners, source, version, limits.bodyTimeout(), config.instanceId());
        StreamHandlers streams = new StreamHandlers(manager, hub, limits.writeTimeout().dividedBy(4),
                new StreamSlots(config.clients().maxStreams(), config.clients().maxStreamsPerClient()));
        this.barLoads = new BarLoads(source);
        DocsHandler docs = new DocsHandler(build.getProperty("swagger-ui.version"));
        this.front = Routes.build(new Routes.Handlers(api, new ScannersHandler(scanners, limits.bodyTimeout()), streams, docs, new BarsHandler(barLoads, config.clients().barsMaxYears()), new DashboardHandler(),
                Routes.metrics(metrics)), metrics, config.apiToken(), new CrossSite(config.allowedHosts()),
                config.trustedProxies());
        int maxConnections = maxConnections();
        this.undertow = Undertow.builder()
                .addHttpListener(config.port(), config.host())
                .setIoThreads(2)
                .setWorkerThreads(16)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, Routes.UNDERTOW_MAX_HEADER_BYTES)
                // decoded by the front handler, which answers a bad encoding with a JSON 400
                .setServerOption(UndertowOptions.DECODE_URL, false)
                // slow or vanished clients: headers must come quickly, a response nobody reads is cut off,
                // an idle keep-alive connection is closed (bodies have their own deadline: RequestBody)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, millis(limits.headerTimeout()))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, millis(limits.idleTimeout()))
                .setSocketOption(Options.WRITE_TIMEOUT, millis(limits.writeTimeout()))
                // past this many connections the server stops accepting (they wait in the backlog) instead of
                // running out of file descriptors, which would fail result writes and make XNIO back off
                // accepting for up to 30 s
                .setSocketOption(Options.CONNECTION_HIGH_WATER, maxConnections)
                .setSocketOption(Options.CONNECTION_LOW_WATER, Math.max(1, maxConnections * 9 / 10))
                .setHandler(front)
                .build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            barLoads.close();
            manager.shutdown(Duration.ZERO);
            scanner.close();
            if (queue != null) {
                queue.close();
            }
            if (database != null) {
                database.close();
            }
            throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": " + rootMessage(e), e);
        }
        InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
        this.port = bound.getPort();
        this.host = config.host();
        if (queue != null) {
            queue.start();
        }
        log.info("lcscanner server {} listening on {}:{} ({})", version, host, port, config);
    }

    /**
     * Starts a server on {@code source}.
     *
     * @throws IOException if the results directory cannot be read
     */
    public static ScanServer start(ServerConfig config, BarSource source) throws IOException {
        return new ScanServer(config, source, ServerLimits.DEFAULT);
    }

    static ScanServer start(ServerConfig config, BarSource source, ServerLimits limits) throws IOException {
        return new ScanServer(config, source, limits);
    }

    int port() {
        return port;
    }

    public URI baseUri() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port);
    }

    ScanManager manager() {
        return manager;
    }

    /** Requests begun and not yet completed. */
    int activeRequests() {
        return front.activeRequests();
    }

    /** Stream subscribers still attached. */
    int streamSubscribers() {
        return hub.subscriberCount();
    }

    /** Stops accepting requests, interrupts the scans (persisted), ends the streams and closes the sockets. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("shutting down");
        front.stopAccepting();
        barLoads.close(); // interrupts chart loads (a cold cache's minutes of requests) instead of waiting
        manager.shutdown(SHUTDOWN_WAIT);
        if (queue != null) {
            queue.close();
        }
        hub.endAll();
        try {
            if (!front.awaitIdle(1000)) {
                log.warn("closing with requests still in progress");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        undertow.stop();
        scanner.close();
        metrics.close();
        if (database != null) {
            database.close();
        }
        log.info("stopped");
    }

    /**
     * How many connections fit in the file descriptors left at start-up, keeping a quarter (at least 100)
     * for result files, logs and the data source's own connections; at most 10,000.
     */
    static int maxConnections() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os) {
            long free = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount();
            return (int) Math.max(16, Math.min(10_000, free - Math.max(100, free / 4)));
        }
        return 10_000;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = ScanServer.class.getClassLoader().getResourceAsStream("lcscanner-server.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
