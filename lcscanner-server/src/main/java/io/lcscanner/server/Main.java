package io.lcscanner.server;

import io.lcscanner.server.cli.ScanCommand;
import io.lcscanner.server.cli.ScannersCommand;
import io.lcscanner.server.cli.ServeCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Properties;

/** Command-line entry point: {@code scan} runs one scan, {@code serve} starts the HTTP server. */
public final class Main {
    /** How the usage lines name the program unless a launcher says otherwise. */
    public static final String DEFAULT_PROGRAM = "java -jar lcscanner-server.jar";

    static String help() {
        return """
            lcscanner — scans the US stock market for trading setups: LC (large-cap parabolic frontside)
            and any scanner written as a document (docs/spec/scanner-rules.md).

            Usage: %s <command> [options]

            Commands:
              scan       run one scan and print the hits (scan --help for options)
              scanners   list the scanners; 'scanners validate FILE' checks a scanner document
              serve      start the REST/WebSocket/SSE server (serve --help for options)
              help       this text (also -h, --help); --version (-V) prints the version
            """.formatted(program());
    }

    /** The program as the user started it: {@code bin/lcscanner} sets {@code LCSCANNER_COMMAND}, else {@code java -jar …}. */
    public static String program() {
        String launcher = System.getenv("LCSCANNER_COMMAND");
        return launcher == null || launcher.isBlank() ? DEFAULT_PROGRAM : launcher;
    }

    /** {@code lcscanner 0.1.0}: the build's version. */
    static String version() {
        Properties p = new Properties();
        try (InputStream in = Main.class.getClassLoader().getResourceAsStream("lcscanner-server.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // the version line then says unknown
        }
        return "lcscanner " + p.getProperty("version", "(version unknown)");
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.console() != null));
    }

    /** Runs a command; returns the exit status (0 ok, 1 failure, 2 bad arguments). */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
        if (args.length == 0) {
            err.print(help());
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        // each command parses its own options with picocli; choosing the command by hand keeps a one-shot scan
        // from building (by reflection) the option models of serve and scanners too: start-up time is the CLI's cost
        switch (args[0]) {
            case "scan":
                return new ScanCommand(out, err, terminal).run(rest);
            case "scanners":
                return new ScannersCommand(out, err, System.getenv()).run(rest);
            case "serve":
                return new ServeCommand(out, err, System.getenv()).run(rest);
            case "help":
            case "--help":
            case "-h":
                out.print(help());
                return 0;
            case "--version":
            case "-V":
                out.println(version());
                return 0;
            default:
                err.println("error: unknown command \"" + args[0] + "\"; the commands are scan, scanners, serve (and help)");
                return 2;
        }
    }
}
