package io.lcscanner.server;

import io.lcscanner.core.source.BarSource;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: runs the HTTP server until the process is stopped (SIGTERM/SIGINT shut it down gracefully). */
final class ServeCommand {
    static final String HELP = """
            Usage: java -jar lcscanner-server.jar serve [options]

            Starts the REST/WebSocket/SSE server (API docs at /docs, spec at /openapi.json).
            Each option overrides the environment variable in brackets.

              --host H                   bind address [SCANNER_HOST, default 127.0.0.1]
              --port N                   port, 0 for any free one [SCANNER_PORT, default 8000]
              --workers N                scan worker threads [SCANNER_WORKERS, default: all cores]
              --results-dir DIR          stored scans [SCANNER_RESULTS_DIR, default scan_results]
              --data-source S            synthetic|csv|polygon [SCANNER_DATA_SOURCE, default polygon
                                         when POLYGON_API_KEY is set, else synthetic]
              --csv FILE                 bars CSV for the csv source [SCANNER_CSV_PATH]
              --seed N                   synthetic market seed (default 42)
              --tickers N                synthetic market size (default 3000)
              --max-concurrent-scans N   scans running at once [MAX_CONCURRENT_SCANS, default 3]
              --max-queued-scans N       scans waiting beyond those; more get 429 [MAX_QUEUED_SCANS, default 100]
              --scan-timeout-minutes M   a longer scan fails with a timeout [SCAN_TIMEOUT_MINUTES, default 60]
              --log-dir DIR              log files [SCANNER_LOG_DIR, default logs]
              --log-level L              trace|debug|info|warn|error [SCANNER_LOG_LEVEL, default info]
              --help                     this text

            Environment only: SCANNER_API_TOKEN (requests to /api/*, /ws/* and /metrics then need
            "Authorization: Bearer <token>"; /api/health never does), POLYGON_API_KEY,
            SCANNER_ALLOWED_HOSTS (host names served, default localhost,127.0.0.1,[::1] plus the
            bind address; * for any).

            Exit status: 0 after a clean shutdown, 2 bad configuration, 1 failure to start.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ServeCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    int run(String[] args) {
        if (ServerConfig.wantsHelp(args)) {
            out.print(HELP);
            return 0;
        }
        ServerConfig config;
        BarSource source;
        try {
            config = ServerConfig.from(env, args);
            source = openSource(config);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run 'serve --help' for the options.");
            return 2;
        }
        Logging.configureServer(config.logDir(), config.logLevel());
        ScanServer server;
        try {
            server = ScanServer.start(config, source);
        } catch (IOException | RuntimeException e) {
            err.println("error: the server did not start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "lcscanner-shutdown"));
        err.println("lcscanner: serving " + source.description() + " on " + server.baseUri()
                + " (docs " + server.baseUri() + "/docs); stop with Ctrl-C or SIGTERM");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        return 0;
    }

    /** The configured source; an unusable one stops start-up with a message naming the setting. */
    static BarSource openSource(ServerConfig config) {
        return config.source().open("SCANNER_CSV_PATH");
    }
}
