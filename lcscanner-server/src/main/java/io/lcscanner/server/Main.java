package io.lcscanner.server;

import io.lcscanner.server.cli.ScanCommand;
import io.lcscanner.server.cli.ScannersCommand;
import io.lcscanner.server.cli.ServeCommand;
import java.io.PrintStream;
import java.util.Arrays;

/** Command-line entry point: {@code scan} runs one scan, {@code serve} starts the HTTP server. */
public final class Main {
    static final String HELP = """
            lcscanner — scans the US stock market for trading setups: LC (large-cap parabolic frontside)
            and any scanner written as a document (docs/spec/scanner-rules.md).

            Usage: java -jar lcscanner-server.jar <command> [options]

            Commands:
              scan       run one scan and print the hits (scan --help for options)
              scanners   list the scanners; 'scanners validate FILE' checks a scanner document
              serve      start the REST/WebSocket/SSE server (serve --help for options)
              help       this text
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.console() != null));
    }

    /** Runs a command; returns the exit status (0 ok, 1 failure, 2 bad arguments). */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
        if (args.length == 0) {
            err.print(HELP);
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
                out.print(HELP);
                return 0;
            default:
                err.println("error: unknown command \"" + args[0] + "\"");
                err.print(HELP);
                return 2;
        }
    }
}
