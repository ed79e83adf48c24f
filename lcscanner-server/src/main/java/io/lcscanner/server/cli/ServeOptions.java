package io.lcscanner.server.cli;

import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.Problems;
import io.lcscanner.server.UsageException;
import io.lcscanner.server.http.ClientLimits;
import io.lcscanner.server.db.Database;
import io.lcscanner.server.http.CrossSite;
import io.lcscanner.server.http.ServerConfig;
import io.lcscanner.server.scan.ScannerLibrary;
import io.lcscanner.server.http.SourceConfig;
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
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

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
                    "SCANNER_HEARTBEAT_SECONDS (with a database: a dead instance's scans run elsewhere after it, 60).", "",
                    "Exit status: 0 after a clean shutdown, 2 bad configuration, 1 failure to start."})
    static final class Options {
        @Option(names = "--host", paramLabel = "H", description = "bind address [SCANNER_HOST, default 127.0.0.1]")
        @CliArgs.Env("SCANNER_HOST")
        String host;
        @Option(names = "--port", paramLabel = "N", description = "port, 0 for any free one [SCANNER_PORT, default 8000]")
        @CliArgs.Env("SCANNER_PORT")
        String port;
        @Option(names = "--workers", paramLabel = "N", description = "scan worker threads [SCANNER_WORKERS, default: all cores]")
        @CliArgs.Env("SCANNER_WORKERS")
        String workers;
        @Option(names = "--results-dir", paramLabel = "DIR", description = "stored scans [SCANNER_RESULTS_DIR, default scan_results]")
        @CliArgs.Env("SCANNER_RESULTS_DIR")
        String resultsDir;
        @Option(names = "--scanners-dir", paramLabel = "DIR", description = "user scanner documents, <name>.json "
                + "[SCANNER_SCANNERS_DIR, default scanners]")
        @CliArgs.Env("SCANNER_SCANNERS_DIR")
        String scannersDir;
        @Option(names = "--data-source", paramLabel = "S", description = "synthetic|csv|polygon [SCANNER_DATA_SOURCE, default "
                + "polygon when POLYGON_API_KEY is set, else synthetic]")
        @CliArgs.Env("SCANNER_DATA_SOURCE")
        String dataSource;
        @Option(names = "--csv", paramLabel = "FILE", description = "bars CSV for the csv source [SCANNER_CSV_PATH]")
        @CliArgs.Env("SCANNER_CSV_PATH")
        String csv;
        @Option(names = "--seed", paramLabel = "N", description = "synthetic market seed (default 42)")
        String seed;
        @Option(names = "--tickers", paramLabel = "N", description = "synthetic market size (default 3000)")
        String tickers;
        @Option(names = "--max-concurrent-scans", paramLabel = "N", description = "scans running at once "
                + "[MAX_CONCURRENT_SCANS, default 3]")
        @CliArgs.Env("MAX_CONCURRENT_SCANS")
        String maxConcurrentScans;
        @Option(names = "--max-queued-scans", paramLabel = "N", description = "scans waiting beyond those; more get 429 "
                + "[MAX_QUEUED_SCANS, default 100]")
        @CliArgs.Env("MAX_QUEUED_SCANS")
        String maxQueuedScans;
        @Option(names = "--scan-timeout-minutes", paramLabel = "M", description = "a longer scan fails with a timeout "
                + "[SCAN_TIMEOUT_MINUTES, default 60]")
        @CliArgs.Env("SCAN_TIMEOUT_MINUTES")
        String scanTimeoutMinutes;
        @Option(names = "--max-streams", paramLabel = "N", description = "progress streams (SSE, WebSocket) open at once; "
                + "more get 429 [SCANNER_MAX_STREAMS, default 1000]")
        @CliArgs.Env("SCANNER_MAX_STREAMS")
        String maxStreams;
        @Option(names = "--max-streams-per-client", paramLabel = "N", description = "progress streams open at once from "
                + "one remote address; more get 429 [SCANNER_MAX_STREAMS_PER_CLIENT, default 20]")
        @CliArgs.Env("SCANNER_MAX_STREAMS_PER_CLIENT")
        String maxStreamsPerClient;
        @Option(names = "--bars-max-years", paramLabel = "N", description = "longest span /api/bars loads, lookback "
                + "included [SCANNER_BARS_MAX_YEARS, default 5]")
        @CliArgs.Env("SCANNER_BARS_MAX_YEARS")
        String barsMaxYears;
        @Option(names = "--max-scanners", paramLabel = "N", description = "scanner documents stored; more get 409 "
                + "[SCANNER_MAX_SCANNERS, default 500]")
        @CliArgs.Env("SCANNER_MAX_SCANNERS")
        String maxScanners;
        @Option(names = "--max-scan-cost", paramLabel = "N", description = "refuse scanner documents estimated to cost "
                + "more operations per bar [SCANNER_MAX_SCAN_COST, default 100000]")
        @CliArgs.Env("SCANNER_MAX_SCAN_COST")
        String maxScanCost;
        @Option(names = "--max-hits", paramLabel = "N", description = "a scan past this many hits stops, failed "
                + "[SCANNER_MAX_HITS, default 1000000]")
        @CliArgs.Env("SCANNER_MAX_HITS")
        String maxHits;
        @Option(names = "--max-columns", paramLabel = "N", description = "a scanner with more output columns is refused "
                + "[SCANNER_MAX_COLUMNS, default 64]")
        @CliArgs.Env("SCANNER_MAX_COLUMNS")
        String maxColumns;
        @Option(names = "--max-scans-per-client", paramLabel = "N", description = "scans one client runs at once "
                + "[SCANNER_MAX_SCANS_PER_CLIENT, default max-concurrent-scans - 1, at least 1]")
        @CliArgs.Env("SCANNER_MAX_SCANS_PER_CLIENT")
        String maxScansPerClient;
        @Option(names = "--max-queued-per-client", paramLabel = "N", description = "scans one client has waiting "
                + "[SCANNER_MAX_QUEUED_PER_CLIENT, default half of max-queued-scans]")
        @CliArgs.Env("SCANNER_MAX_QUEUED_PER_CLIENT")
        String maxQueuedPerClient;
        @Option(names = "--max-stored-scans", paramLabel = "N", description = "beyond this, the oldest finished scans are "
                + "deleted; 0: no limit [SCANNER_MAX_STORED_SCANS, default 500]")
        @CliArgs.Env("SCANNER_MAX_STORED_SCANS")
        String maxStoredScans;
        @Option(names = "--max-scan-age-days", paramLabel = "D", description = "finished scans older than this are "
                + "deleted; 0: no limit [SCANNER_MAX_SCAN_AGE_DAYS, default 0]")
        @CliArgs.Env("SCANNER_MAX_SCAN_AGE_DAYS")
        String maxScanAgeDays;
        @Option(names = "--log-dir", paramLabel = "DIR", description = "log files [SCANNER_LOG_DIR, default logs]")
        @CliArgs.Env("SCANNER_LOG_DIR")
        String logDir;
        @Option(names = "--log-level", paramLabel = "L", description = "trace|debug|info|warn|error [SCANNER_LOG_LEVEL, default info]")
        @CliArgs.Env("SCANNER_LOG_LEVEL")
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
        CliArgs a = CliArgs.parse(new Options(), args, env);
        String key = blankToNull(env.get("POLYGON_API_KEY"));
        String host = a.string("--host", "127.0.0.1");
        if (host.isBlank()) {
            throw new UsageException(a.origin("--host"), "must not be empty");
        }
        int port = (int) a.longValue("--port", 8000, 0, 65_535);
        int workers = (int) a.longValue("--workers", Runtime.getRuntime().availableProcessors(), 1, 1024);
        Path results = Path.of(a.string("--results-dir", "scan_results"));
        Path scanners = a.has("--scanners-dir") ? Path.of(a.string("--scanners-dir", null)) : ScannerLibrary.DEFAULT_DIR;
        String csv = a.string("--csv", null);
        String defaultKind = a.given("--csv") ? SourceConfig.CSV : key != null ? POLYGON : SourceConfig.SYNTHETIC;
        String kind = a.string("--data-source", defaultKind).toLowerCase(Locale.ROOT);
        if (!Set.of(SourceConfig.SYNTHETIC, SourceConfig.CSV, POLYGON).contains(kind)) {
            throw new UsageException(a.origin("--data-source"), "must be one of synthetic|csv|polygon, got "
                    + Problems.quote(kind));
        }
        if (kind.equals(SourceConfig.CSV) && csv == null) {
            throw new UsageException(a.origin("--data-source"), "csv needs a file: --csv FILE or SCANNER_CSV_PATH");
        }
        if (kind.equals(POLYGON) && key == null) {
            throw new UsageException("POLYGON_API_KEY", "is required for the polygon data source");
        }
        long seed = a.longValue("--seed", SyntheticMarket.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        int tickers = (int) a.longValue("--tickers", SyntheticMarket.DEFAULT_TICKERS, 1, 200_000);
        // Polygon settings come from the environment (POLYGON_BASE_URL, SCANNER_CACHE_DIR, …), like the scan command's
        SourceConfig source = new SourceConfig(kind, csv == null ? null : Path.of(csv), seed, tickers,
                kind.equals(POLYGON) ? new SourceConfig.Polygon(env, null, false, null, null) : null);
        int maxConcurrent = (int) a.longValue("--max-concurrent-scans", 3, 1, 64);
        int maxQueued = (int) a.longValue("--max-queued-scans", 100, 0, 10_000);
        double minutes = a.number("--scan-timeout-minutes", 60);
        if (!(minutes > 0) || minutes > 7 * 24 * 60) {
            throw new UsageException(a.origin("--scan-timeout-minutes"),
                    "must be more than 0 and at most a week (10080), got " + minutes);
        }
        Duration timeout = Duration.ofMillis(Math.round(minutes * 60_000));
        long maxScanCost = a.longValue("--max-scan-cost", ScannerLibrary.DEFAULT_MAX_SCAN_COST, 1, Long.MAX_VALUE);
        long ageDays = a.longValue("--max-scan-age-days", 0, 0, 36_500);
        ScanLimits limits = new ScanLimits((int) a.longValue("--max-hits", ScanLimits.DEFAULT_MAX_HITS, 1, 100_000_000),
                (int) a.longValue("--max-columns", ScanLimits.DEFAULT_MAX_COLUMNS, 1, 10_000),
                (int) a.longValue("--max-scans-per-client", ScanLimits.defaultScansPerClient(maxConcurrent), 1, 64),
                (int) a.longValue("--max-queued-per-client", ScanLimits.defaultQueuedPerClient(maxQueued), 0, 10_000),
                (int) a.longValue("--max-stored-scans", ScanLimits.DEFAULT_MAX_STORED_SCANS, 0, 1_000_000),
                ageDays == 0 ? null : Duration.ofDays(ageDays));
        String token = blankToNull(env.get("SCANNER_API_TOKEN"));
        Path logDir = Path.of(a.string("--log-dir", "logs"));
        String level = a.string("--log-level", "INFO").toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new UsageException(a.origin("--log-level"),
                    "must be one of trace|debug|info|warn|error, got " + Problems.quote(level));
        }
        Set<String> allowedHosts = CrossSite.allowedHosts(blankToNull(env.get("SCANNER_ALLOWED_HOSTS")), host);
        ClientLimits d = ClientLimits.DEFAULT;
        ClientLimits clients = new ClientLimits((int) a.longValue("--max-streams", d.maxStreams(), 1, 100_000),
                (int) a.longValue("--max-streams-per-client", d.maxStreamsPerClient(), 1, 100_000),
                (int) a.longValue("--bars-max-years", d.barsMaxYears(), 1, 50),
                (int) a.longValue("--max-scanners", d.maxScanners(), 0, 100_000));
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
        return new ServerConfig(host, port, workers, results, scanners, source, key, maxConcurrent, maxQueued, timeout, token,
                logDir, level, allowedHosts, maxScanCost, clients, limits, database, instanceId, heartbeat);
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
