package io.lcscanner.server.cli;

import io.lcscanner.core.source.BarSource;
import io.lcscanner.server.UsageException;
import io.lcscanner.server.http.ScanServer;
import io.lcscanner.server.http.ServerConfig;
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
        try {
            if (Arrays.asList(args).contains("--help")) {
                out.print(ServeOptions.help());
                return 0;
            }
            config = ServeOptions.from(env, args);
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
