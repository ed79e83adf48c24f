package io.lcscanner.server.cli;

import io.lcscanner.core.source.BarSource;
import io.lcscanner.server.Main;
import io.lcscanner.server.UsageException;
import io.lcscanner.server.http.ScanServer;
import io.lcscanner.server.http.ServerConfig;
import io.lcscanner.server.http.SourceConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: runs the HTTP server until the process is stopped (SIGTERM/SIGINT shut it down gracefully). */
public final class ServeCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public ServeCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    public int run(String[] args) {
        ServerConfig config;
        BarSource source;
        String csvOrigin;
        try {
            if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
                out.print(ServeOptions.help(TerminalWidth.of(env, System.console() != null)));
                return 0;
            }
            config = ServeOptions.from(env, args);
            csvOrigin = ServeOptions.csvOrigin(env, args);
            source = openSource(config, csvOrigin);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run '" + Main.program() + " serve --help' for the options.");
            return 2;
        }
        String unusable = checkData(source, config.source().kind());
        if (unusable != null) { // refused now, not at the first scan (and not healthy meanwhile)
            err.println("error: " + (config.source().kind().equals(SourceConfig.CSV) ? csvOrigin + ": " : "") + unusable);
            return 1;
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
        return openSource(config, "SCANNER_CSV_PATH");
    }

    /** {@code csvOrigin} is what set the CSV file: {@code --csv} or {@code SCANNER_CSV_PATH}. */
    static BarSource openSource(ServerConfig config, String csvOrigin) {
        return config.source().open(csvOrigin);
    }

    /**
     * Reads and checks the configured data (a CSV file is read whole and kept for the scans); Polygon is left to the
     * first scan, which fetches only what it needs.
     *
     * @return why the data cannot be used (file, line, column and reason for a CSV), or {@code null}
     */
    static String checkData(BarSource source, String kind) {
        if (kind.equals(SourceConfig.POLYGON)) {
            return null;
        }
        try {
            BarSource.Universe u = source.universe();
            return u.lastSession() == null ? "the data has no bars" : null;
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? "the data could not be read" : e.getMessage();
        }
    }
}
