package io.lcscanner.server;

import io.lcscanner.core.synthetic.SyntheticMarket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything {@code serve} needs, from the environment and then the command line (flags win).
 * Built by {@link #from}; an invalid value fails with a {@link UsageException} naming the variable or
 * flag that carried it.
 *
 * @param scanTimeout a Duration (not minutes) so tests can use milliseconds
 * @param apiToken    {@code null} when requests need no token
 */
record ServerConfig(String host, int port, int workers, Path resultsDir, SourceConfig source, String polygonApiKey,
                    int maxConcurrentScans, int maxQueuedScans, Duration scanTimeout, String apiToken,
                    Path logDir, String logLevel, Set<String> allowedHosts) {

    static final String POLYGON = "polygon";
    static final Set<String> VALUE_OPTIONS = Set.of("--host", "--port", "--workers", "--results-dir", "--data-source",
            "--csv", "--seed", "--tickers", "--max-concurrent-scans", "--max-queued-scans", "--scan-timeout-minutes",
            "--log-dir", "--log-level");
    static final Set<String> FLAGS = Set.of("--help");
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    ServerConfig {
        if (apiToken != null && apiToken.isBlank()) {
            apiToken = null;
        }
        allowedHosts = Set.copyOf(allowedHosts);
    }

    /** Parses {@code env} (e.g. {@code System.getenv()}) and the {@code serve} arguments. */
    static ServerConfig from(Map<String, String> env, String[] args) {
        CliArgs a = CliArgs.parse(args, VALUE_OPTIONS, FLAGS);
        Settings s = new Settings(env, a);
        String key = blankToNull(env.get("POLYGON_API_KEY"));
        String host = s.string("--host", "SCANNER_HOST", "127.0.0.1");
        if (host.isBlank()) {
            throw new UsageException(s.origin("--host", "SCANNER_HOST"), "must not be empty");
        }
        int port = (int) s.whole("--port", "SCANNER_PORT", 8000, 0, 65_535);
        int workers = (int) s.whole("--workers", "SCANNER_WORKERS", Runtime.getRuntime().availableProcessors(), 1, 1024);
        Path results = Path.of(s.string("--results-dir", "SCANNER_RESULTS_DIR", "scan_results"));
        String csv = s.string("--csv", "SCANNER_CSV_PATH", null);
        String defaultKind = a.has("--csv") ? SourceConfig.CSV : key != null ? POLYGON : SourceConfig.SYNTHETIC;
        String kind = s.string("--data-source", "SCANNER_DATA_SOURCE", defaultKind).toLowerCase(Locale.ROOT);
        if (!Set.of(SourceConfig.SYNTHETIC, SourceConfig.CSV, POLYGON).contains(kind)) {
            throw new UsageException(s.origin("--data-source", "SCANNER_DATA_SOURCE"),
                    "must be one of synthetic|csv|polygon, got \"" + kind + "\"");
        }
        if (kind.equals(SourceConfig.CSV) && csv == null) {
            throw new UsageException("SCANNER_CSV_PATH", "is required for the csv data source (or --csv FILE)");
        }
        if (kind.equals(POLYGON) && key == null) {
            throw new UsageException("POLYGON_API_KEY", "is required for the polygon data source");
        }
        long seed = s.whole("--seed", null, SyntheticMarket.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        int tickers = (int) s.whole("--tickers", null, SyntheticMarket.DEFAULT_TICKERS, 1, 200_000);
        // Polygon settings come from the environment (POLYGON_BASE_URL, SCANNER_CACHE_DIR, …), like the scan command's
        SourceConfig source = new SourceConfig(kind, csv == null ? null : Path.of(csv), seed, tickers,
                kind.equals(POLYGON) ? new SourceConfig.Polygon(env, null, false, null, null) : null);
        int maxConcurrent = (int) s.whole("--max-concurrent-scans", "MAX_CONCURRENT_SCANS", 3, 1, 64);
        int maxQueued = (int) s.whole("--max-queued-scans", "MAX_QUEUED_SCANS", 100, 0, 10_000);
        double minutes = s.number("--scan-timeout-minutes", "SCAN_TIMEOUT_MINUTES", 60);
        if (!(minutes > 0) || minutes > 7 * 24 * 60) {
            throw new UsageException(s.origin("--scan-timeout-minutes", "SCAN_TIMEOUT_MINUTES"),
                    "must be more than 0 and at most a week (10080), got " + minutes);
        }
        Duration timeout = Duration.ofMillis(Math.round(minutes * 60_000));
        String token = blankToNull(env.get("SCANNER_API_TOKEN"));
        Path logDir = Path.of(s.string("--log-dir", "SCANNER_LOG_DIR", "logs"));
        String level = s.string("--log-level", "SCANNER_LOG_LEVEL", "INFO").toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(level)) {
            throw new UsageException(s.origin("--log-level", "SCANNER_LOG_LEVEL"),
                    "must be one of trace|debug|info|warn|error, got \"" + level + "\"");
        }
        Set<String> allowedHosts = CrossSite.allowedHosts(blankToNull(env.get("SCANNER_ALLOWED_HOSTS")), host);
        return new ServerConfig(host, port, workers, results, source, key, maxConcurrent, maxQueued, timeout, token,
                logDir, level, allowedHosts);
    }

    /** Whether {@code --help} was asked for (checked before the rest is validated). */
    static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help")) {
                return true;
            }
        }
        return false;
    }

    /** A copy with another port (tests bind port 0). */
    ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, workers, resultsDir, source, polygonApiKey, maxConcurrentScans,
                maxQueuedScans, scanTimeout, apiToken, logDir, logLevel, allowedHosts);
    }

    /** Never shows the key or the token: this text goes to logs. */
    @Override
    public String toString() {
        return "host=" + host + " port=" + port + " workers=" + workers + " results_dir=" + resultsDir
                + " data_source=" + source.kind() + (source.csv() != null ? " csv=" + source.csv() : "")
                + " max_concurrent_scans=" + maxConcurrentScans + " max_queued_scans=" + maxQueuedScans
                + " scan_timeout=" + scanTimeout + " auth=" + (apiToken != null ? "token" : "none")
                + " polygon_key=" + (polygonApiKey != null ? "set" : "unset") + " log_dir=" + logDir
                + " log_level=" + logLevel + " allowed_hosts=" + String.join(",", new java.util.TreeSet<>(allowedHosts));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Looks a setting up on the command line, then in the environment. */
    private static final class Settings {
        private final Map<String, String> env;
        private final CliArgs args;

        Settings(Map<String, String> env, CliArgs args) {
            this.env = env;
            this.args = args;
        }

        String origin(String option, String variable) {
            return args.has(option) || variable == null ? option : variable;
        }

        String string(String option, String variable, String fallback) {
            if (args.has(option)) {
                return args.string(option, fallback);
            }
            String v = variable == null ? null : blankToNull(env.get(variable));
            return v != null ? v : fallback;
        }

        long whole(String option, String variable, long fallback, long min, long max) {
            String v = string(option, variable, null);
            if (v == null) {
                return fallback;
            }
            long x;
            try {
                x = Long.parseLong(v.trim().replace("_", ""));
            } catch (NumberFormatException e) {
                throw new UsageException(origin(option, variable), "not a whole number: \"" + v + "\"");
            }
            if (x < min || x > max) {
                throw new UsageException(origin(option, variable), "must be between " + min + " and " + max + ", got " + x);
            }
            return x;
        }

        double number(String option, String variable, double fallback) {
            String v = string(option, variable, null);
            if (v == null) {
                return fallback;
            }
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new UsageException(origin(option, variable), "not a number: \"" + v + "\"");
            }
        }
    }
}
