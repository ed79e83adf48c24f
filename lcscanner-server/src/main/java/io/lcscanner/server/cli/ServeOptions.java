package io.lcscanner.server.cli;

import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.Problems;
import io.lcscanner.server.UsageException;
import io.lcscanner.server.http.ClientLimits;
import io.lcscanner.server.db.Database;
import io.lcscanner.server.http.CrossSite;
import io.lcscanner.server.http.ServerConfig;
import io.lcscanner.server.http.SourceConfig;
import io.lcscanner.server.http.TrustedProxies;
import io.lcscanner.server.scan.ScannerLibrary;
import io.lcscanner.server.scan.ScanLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s options: from the environment and then the command line (flags win), into a
 * {@link ServerConfig}. An invalid value fails with a {@link UsageException} naming the variable or flag that
 * carried it.
 */
public final class ServeOptions {
    static final String POLYGON = "polygon";

    private ServeOptions() {
    }

    /**
     * The options of {@code serve}, each declared once with the environment variable it overrides;
     * picocli parses them and writes the help from them.
     */
    @Command(name = "serve", customSynopsis = "java -jar lcscanner-server.jar serve [options]", sortOptions = false,
            description = {"", "Starts the REST/WebSocket/SSE server (API docs at /docs, spec at "
            + "/openapi.json). Each option overrides the environment variable in brackets.", ""},
            footer = {"", "Environment only: SCANNER_API_TOKEN (every request then needs \"Authorization: Bearer",
                    "<token>\" but /api/health, the dashboard and the API docs), POLYGON_API_KEY,",
                    "SCANNER_ALLOWED_HOSTS (host names served, default localhost,127.0.0.1,[::1] plus the",
                    "bind address; * for any), SCANNER_DATABASE_URL / _USER / _PASSWORD (PostgreSQL instead of",
                    "files, shared by several instances), SCANNER_INSTANCE_ID (default host name:port),",
                    "SCANNER_HEARTBEAT_SECONDS (with a database: a dead instance's scans run elsewhere after it, 60),",
                    "SCANNER_TRUSTED_PROXIES (addresses and CIDR blocks of reverse proxies whose X-Forwarded-For",
                    "names the client, for the per-client shares; default none).", "",
                    "Exit status: 0 after a clean shutdown, 2 bad configuration, 1 failure to start."})
    static final class Options {
        @Option(names = "--host", paramLabel = "H", descriptionKey = "SCANNER_HOST", defaultValue = "127.0.0.1",
                description = "bind address [SCANNER_HOST, default ${DEFAULT-VALUE}]")
        String host;
        @Option(names = "--port", paramLabel = "N", descriptionKey = "SCANNER_PORT", defaultValue = "8000",
                converter = CliArgs.WholeNumber.class, description = "port, 0 for any free one [SCANNER_PORT, default ${DEFAULT-VALUE}]")
        long port;
        @Option(names = "--workers", paramLabel = "N", descriptionKey = "SCANNER_WORKERS", converter = CliArgs.WholeNumber.class,
                description = "scan worker threads [SCANNER_WORKERS, default: all cores]")
        Long workers;
        @Option(names = "--results-dir", paramLabel = "DIR", descriptionKey = "SCANNER_RESULTS_DIR", defaultValue = "scan_results",
                description = "stored scans [SCANNER_RESULTS_DIR, default ${DEFAULT-VALUE}]")
        Path resultsDir;
        @Option(names = "--scanners-dir", paramLabel = "DIR", descriptionKey = "SCANNER_SCANNERS_DIR",
                description = "user scanner documents, <name>.json [SCANNER_SCANNERS_DIR, default scanners]")
        Path scannersDir;
        @Option(names = "--data-source", paramLabel = "S", descriptionKey = "SCANNER_DATA_SOURCE",
                converter = CliArgs.DataSource.class, description = "synthetic|csv|polygon [SCANNER_DATA_SOURCE, default "
                + "polygon when POLYGON_API_KEY is set, else synthetic]")
        String dataSource;
        @Option(names = "--csv", paramLabel = "FILE", descriptionKey = "SCANNER_CSV_PATH",
                description = "bars CSV for the csv source [SCANNER_CSV_PATH]")
        Path csv;
        @Option(names = "--seed", paramLabel = "N", defaultValue = "" + SyntheticMarket.DEFAULT_SEED,
                converter = CliArgs.WholeNumber.class, description = "synthetic market seed (default ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--tickers", paramLabel = "N", defaultValue = "" + SyntheticMarket.DEFAULT_TICKERS,
                converter = CliArgs.WholeNumber.class, description = "synthetic market size (default ${DEFAULT-VALUE})")
        long tickers;
        @Option(names = "--max-concurrent-scans", paramLabel = "N", descriptionKey = "MAX_CONCURRENT_SCANS", defaultValue = "3",
                converter = CliArgs.WholeNumber.class, description = "scans running at once "
                + "[MAX_CONCURRENT_SCANS, default ${DEFAULT-VALUE}]")
        long maxConcurrentScans;
        @Option(names = "--max-queued-scans", paramLabel = "N", descriptionKey = "MAX_QUEUED_SCANS", defaultValue = "100",
                converter = CliArgs.WholeNumber.class, description = "scans waiting beyond those; more get 429 "
                + "[MAX_QUEUED_SCANS, default ${DEFAULT-VALUE}]")
        long maxQueuedScans;
        @Option(names = "--scan-timeout-minutes", paramLabel = "M", descriptionKey = "SCAN_TIMEOUT_MINUTES", defaultValue = "60",
                converter = CliArgs.Decimal.class, description = "a longer scan fails with a timeout "
                + "[SCAN_TIMEOUT_MINUTES, default ${DEFAULT-VALUE}]")
        double scanTimeoutMinutes;
        @Option(names = "--max-streams", paramLabel = "N", descriptionKey = "SCANNER_MAX_STREAMS",
                converter = CliArgs.WholeNumber.class, description = "progress streams (SSE, WebSocket) open at once; "
                + "more get 429 [SCANNER_MAX_STREAMS, default 1000]")
        Long maxStreams;
        @Option(names = "--max-streams-per-client", paramLabel = "N", descriptionKey = "SCANNER_MAX_STREAMS_PER_CLIENT",
                converter = CliArgs.WholeNumber.class, description = "progress streams open at once from "
                + "one remote address; more get 429 [SCANNER_MAX_STREAMS_PER_CLIENT, default 20]")
        Long maxStreamsPerClient;
        @Option(names = "--bars-max-years", paramLabel = "N", descriptionKey = "SCANNER_BARS_MAX_YEARS",
                converter = CliArgs.WholeNumber.class, description = "longest span /api/bars loads, lookback "
                + "included [SCANNER_BARS_MAX_YEARS, default 5]")
        Long barsMaxYears;
        @Option(names = "--max-scanners", paramLabel = "N", descriptionKey = "SCANNER_MAX_SCANNERS",
                converter = CliArgs.WholeNumber.class, description = "scanner documents stored; more get 409 "
                + "[SCANNER_MAX_SCANNERS, default 500]")
        Long maxScanners;
        @Option(names = "--max-scan-cost", paramLabel = "N", descriptionKey = "SCANNER_MAX_SCAN_COST",
                defaultValue = "" + ScannerLibrary.DEFAULT_MAX_SCAN_COST, converter = CliArgs.WholeNumber.class,
                description = "refuse scanner documents estimated to cost more operations per bar "
                + "[SCANNER_MAX_SCAN_COST, default ${DEFAULT-VALUE}]")
        long maxScanCost;
        @Option(names = "--max-hits", paramLabel = "N", descriptionKey = "SCANNER_MAX_HITS",
                defaultValue = "" + ScanLimits.DEFAULT_MAX_HITS, converter = CliArgs.WholeNumber.class,
                description = "a scan past this many hits stops, failed [SCANNER_MAX_HITS, default ${DEFAULT-VALUE}]")
        long maxHits;
        @Option(names = "--max-columns", paramLabel = "N", descriptionKey = "SCANNER_MAX_COLUMNS",
                defaultValue = "" + ScanLimits.DEFAULT_MAX_COLUMNS, converter = CliArgs.WholeNumber.class,
                description = "a scanner with more output columns is refused [SCANNER_MAX_COLUMNS, default ${DEFAULT-VALUE}]")
        long maxColumns;
        @Option(names = "--max-scans-per-client", paramLabel = "N", descriptionKey = "SCANNER_MAX_SCANS_PER_CLIENT",
                converter = CliArgs.WholeNumber.class, description = "scans one client runs at once "
                + "[SCANNER_MAX_SCANS_PER_CLIENT, default max-concurrent-scans - 1, at least 1]")
        Long maxScansPerClient;
        @Option(names = "--max-queued-per-client", paramLabel = "N", descriptionKey = "SCANNER_MAX_QUEUED_PER_CLIENT",
                converter = CliArgs.WholeNumber.class, description = "scans one client has waiting "
                + "[SCANNER_MAX_QUEUED_PER_CLIENT, default half of max-queued-scans]")
        Long maxQueuedPerClient;
        @Option(names = "--max-stored-scans", paramLabel = "N", descriptionKey = "SCANNER_MAX_STORED_SCANS",
                defaultValue = "" + ScanLimits.DEFAULT_MAX_STORED_SCANS, converter = CliArgs.WholeNumber.class,
                description = "beyond this, the oldest finished scans are deleted; 0: no limit "
                + "[SCANNER_MAX_STORED_SCANS, default ${DEFAULT-VALUE}]")
        long maxStoredScans;
        @Option(names = "--max-scan-age-days", paramLabel = "D", descriptionKey = "SCANNER_MAX_SCAN_AGE_DAYS", defaultValue = "0",
                converter = CliArgs.WholeNumber.class, description = "finished scans older than this are deleted; "
                + "0: no limit [SCANNER_MAX_SCAN_AGE_DAYS, default ${DEFAULT-VALUE}]")
        long maxScanAgeDays;
        @Option(names = "--log-dir", paramLabel = "DIR", descriptionKey = "SCANNER_LOG_DIR", defaultValue = "logs",
                description = "log files [SCANNER_LOG_DIR, default ${DEFAULT-VALUE}]")
        Path logDir;
        @Option(names = "--log-level", paramLabel = "L", descriptionKey = "SCANNER_LOG_LEVEL", defaultValue = "info",
                converter = CliArgs.LogLevel.class, description = "trace|debug|info|warn|error "
                + "[SCANNER_LOG_LEVEL, default ${DEFAULT-VALUE}]")
        String logLevel;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
        boolean help;
    }

    /** The generated help. */
    static String help(int width) {
        return CliArgs.usage(new Options(), width);
    }

    /** Parses {@code env} (e.g. {@code System.getenv()}) and the {@code serve} arguments. */
    public static ServerConfig from(Map<String, String> env, String[] args) {
        Options o = new Options();
        CliArgs a = CliArgs.parse(o, args, env);
        String key = blankToNull(env.get("POLYGON_API_KEY"));
        if (o.host.isBlank()) {
            throw new UsageException(a.origin("--host"), "must not be empty");
        }
        int port = a.within("--port", o.port, 0, 65_535);
        int workers = o.workers == null ? Runtime.getRuntime().availableProcessors() : a.within("--workers", o.workers, 1, 1024);
        Path scanners = o.scannersDir != null ? o.scannersDir : ScannerLibrary.DEFAULT_DIR;
        String kind = o.dataSource != null ? o.dataSource
                : a.given("--csv") ? SourceConfig.CSV : key != null ? POLYGON : SourceConfig.SYNTHETIC;
        if (kind.equals(SourceConfig.CSV) && o.csv == null) {
            throw new UsageException(a.origin("--data-source"), "csv needs a file: --csv FILE or SCANNER_CSV_PATH");
        }
        if (kind.equals(POLYGON) && key == null) {
            throw new UsageException("POLYGON_API_KEY", "is required for the polygon data source");
        }
        int tickers = a.within("--tickers", o.tickers, 1, 200_000);
        // Polygon settings come from the environment (POLYGON_BASE_URL, SCANNER_CACHE_DIR, …), like the scan command's
        SourceConfig source = new SourceConfig(kind, o.csv, o.seed, tickers,
                kind.equals(POLYGON) ? new SourceConfig.Polygon(env, null, false, null, null) : null);
        int maxConcurrent = a.within("--max-concurrent-scans", o.maxConcurrentScans, 1, 64);
        int maxQueued = a.within("--max-queued-scans", o.maxQueuedScans, 0, 10_000);
        double minutes = o.scanTimeoutMinutes;
        if (!(minutes > 0) || minutes > 7 * 24 * 60) {
            throw new UsageException(a.origin("--scan-timeout-minutes"),
                    "must be more than 0 and at most a week (10080), got " + minutes);
        }
        Duration timeout = Duration.ofMillis(Math.round(minutes * 60_000));
        long maxScanCost = a.withinLong("--max-scan-cost", o.maxScanCost, 1, Long.MAX_VALUE);
        long ageDays = a.withinLong("--max-scan-age-days", o.maxScanAgeDays, 0, 36_500);
        ScanLimits limits = new ScanLimits(a.within("--max-hits", o.maxHits, 1, 100_000_000),
                a.within("--max-columns", o.maxColumns, 1, 10_000),
                o.maxScansPerClient == null ? ScanLimits.defaultScansPerClient(maxConcurrent)
                        : a.within("--max-scans-per-client", o.maxScansPerClient, 1, 64),
                o.maxQueuedPerClient == null ? ScanLimits.defaultQueuedPerClient(maxQueued)
                        : a.within("--max-queued-per-client", o.maxQueuedPerClient, 0, 10_000),
                a.within("--max-stored-scans", o.maxStoredScans, 0, 1_000_000),
                ageDays == 0 ? null : Duration.ofDays(ageDays));
        String token = blankToNull(env.get("SCANNER_API_TOKEN"));
        String level = o.logLevel.toUpperCase(Locale.ROOT);
        Set<String> allowedHosts = CrossSite.allowedHosts(blankToNull(env.get("SCANNER_ALLOWED_HOSTS")), o.host);
        ClientLimits d = ClientLimits.DEFAULT;
        ClientLimits clients = new ClientLimits(
                o.maxStreams == null ? d.maxStreams() : a.within("--max-streams", o.maxStreams, 1, 100_000),
                o.maxStreamsPerClient == null ? d.maxStreamsPerClient()
                        : a.within("--max-streams-per-client", o.maxStreamsPerClient, 1, 100_000),
                o.barsMaxYears == null ? d.barsMaxYears() : a.within("--bars-max-years", o.barsMaxYears, 1, 50),
                o.maxScanners == null ? d.maxScanners() : a.within("--max-scanners", o.maxScanners, 0, 100_000));
        Database.Config database;
        try {
            database = Database.Config.fromEnvironment(env).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new UsageException("SCANNER_DATABASE_URL", e.getMessage().substring(e.getMessage().indexOf(':') + 2));
        }
        String instanceId = blankToNull(env.get("SCANNER_INSTANCE_ID"));
        if (instanceId == null) {
            instanceId = hostName() + ":" + port;
        } else if (!instanceId.matches("[A-Za-z0-9._:@-]{1,100}")) {
            throw new UsageException("SCANNER_INSTANCE_ID", "must be 1 to 100 letters, digits or . _ : @ -, got "
                    + Problems.quote(instanceId));
        }
        Duration heartbeat = Duration.ofSeconds(60);
        String beat = blankToNull(env.get("SCANNER_HEARTBEAT_SECONDS"));
        if (beat != null) {
            try {
                heartbeat = Duration.ofSeconds(Long.parseLong(beat));
            } catch (NumberFormatException e) {
                throw new UsageException("SCANNER_HEARTBEAT_SECONDS", "must be a whole number of seconds, got " + Problems.quote(beat));
            }
            if (heartbeat.getSeconds() < 4 || heartbeat.getSeconds() > 3600) {
                throw new UsageException("SCANNER_HEARTBEAT_SECONDS", "must be from 4 to 3600, got " + beat);
            }
        }
        TrustedProxies trustedProxies;
        try {
            trustedProxies = TrustedProxies.parse(env.get("SCANNER_TRUSTED_PROXIES"));
        } catch (IllegalArgumentException e) {
            throw new UsageException("SCANNER_TRUSTED_PROXIES", e.getMessage());
        }
        return new ServerConfig(o.host, port, workers, o.resultsDir, scanners, source, key, maxConcurrent, maxQueued, timeout,
                token, o.logDir, level, allowedHosts, maxScanCost, clients, limits, database, instanceId, heartbeat,
                trustedProxies);
    }

    /** What names the CSV file in messages: {@code --csv} when the flag was given, else its variable. */
    static String csvOrigin(Map<String, String> env, String[] args) {
        return CliArgs.parse(new Options(), args, env).origin("--csv");
    }

    /** This machine's name (a container's is its id), for the default instance id. */
    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
