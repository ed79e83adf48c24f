package io.lcscanner.server.cli;

import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.ScannerDefinitionException;
import io.lcscanner.server.Main;
import io.lcscanner.server.Problems;
import io.lcscanner.server.UsageException;
import io.lcscanner.server.scan.ScannerLibrary;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scanners}: lists the scanners {@code scan --scanner} can name (the built-ins, and the user documents of
 * the scanners directory when there is one); {@code scanners validate FILE} checks a document as a scan would.
 */
public final class ScannersCommand {
    /** {@code scanners}' options. */
    @Command(name = "scanners", customSynopsis = {"java -jar lcscanner-server.jar scanners [options]",
            "java -jar lcscanner-server.jar scanners validate FILE"}, sortOptions = false,
            description = {"", "Lists the scanners scan --scanner can name: the built-ins, then the documents <name>.json of "
                    + "the scanners directory. 'scanners validate FILE' checks a scanner document (docs/spec/scanner-rules.md) "
                    + "and prints every problem as key: position N: message.", ""},
            footer = {"", "Exit status: 0 success (a valid document), 2 bad arguments or an invalid document, 1 failure."})
    static final class Options {
        @Option(names = "--scanners-dir", paramLabel = "DIR", descriptionKey = "SCANNER_SCANNERS_DIR",
                description = "user scanner documents [SCANNER_SCANNERS_DIR, default scanners]")
        Path scannersDir;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
        boolean help;
    }

    /** {@code scanners validate}'s arguments. */
    @Command(name = "scanners validate", customSynopsis = "java -jar lcscanner-server.jar scanners validate FILE",
            description = {"", "Checks a scanner document as a scan would (parsed, type-checked, "
            + "compiled with its params' defaults) and prints every problem as key: position N: message.", ""},
            footer = {"", "Exit status: 0 a valid document, 2 an invalid one (or bad arguments)."})
    static final class ValidateOptions {
        @Parameters(paramLabel = "FILE", description = "the document")
        String file;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
        boolean help;
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    /** The examples of a clone of the repository, listed when present. */
    private final Path examplesDir;

    public ScannersCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this(out, err, env, ScannerLibrary.EXAMPLES_DIR);
    }

    ScannersCommand(PrintStream out, PrintStream err, Map<String, String> env, Path examplesDir) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.examplesDir = examplesDir;
    }

    public int run(String[] args) {
        boolean validate = args.length > 0 && args[0].equals("validate");
        try {
            if (validate) {
                ValidateOptions v = new ValidateOptions();
                CliArgs.parse(v, Arrays.copyOfRange(args, 1, args.length), env);
                return validate(v);
            }
            Options o = new Options();
            CliArgs.parse(o, args, env);
            return list(o);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run '" + Main.program() + " scanners" + (validate ? " validate" : "") + " --help' for the options.");
            return 2;
        } catch (IOException e) {
            err.println("error: " + Problems.describe(e));
            return 1;
        }
    }

    private int list(Options o) throws IOException {
        if (o.help) {
            out.print(CliArgs.usage(new Options(), TerminalWidth.of(env, System.console() != null)));
            return 0;
        }
        Path dir = o.scannersDir != null ? o.scannersDir : ScannerLibrary.DEFAULT_DIR;
        ScannerLibrary library = new ScannerLibrary(dir);
        List<ScannerLibrary.Entry> all = library.list();
        for (ScannerLibrary.Entry e : all) {
            describe(e.definition(), e.builtin() ? "built-in" : dir.resolve(e.name() + ".json").toString());
        }
        List<ScannerLibrary.Invalid> invalid = library.invalid();
        for (ScannerLibrary.Invalid i : invalid) {
            out.println(i.name() + "  (" + dir.resolve(i.name() + ".json") + ")  INVALID");
            out.println("  " + i.firstProblem() + " (all problems: scanners validate " + dir.resolve(i.name() + ".json") + ")");
            out.println();
        }
        int examples = 0;
        if (Files.isDirectory(examplesDir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(examplesDir, "*.json")) {
                for (Path f : sorted(files)) {
                    try {
                        describe(ScannerDefinition.parse(Files.readString(f)), "example: --scanner " + f);
                        examples++;
                    } catch (ScannerDefinitionException | IOException ignored) {
                        // an example that does not parse is the examples' test's business, not this listing's
                    }
                }
            }
        }
        int own = all.size() - ScannerDefinition.builtins().size();
        out.println(count(all.size() - own, "built-in") + ", " + own + " of yours in " + dir
                + (Files.isDirectory(dir) ? "" : " (no such folder yet: the server's PUT /api/scanners/NAME stores there, "
                + "or set --scanners-dir/SCANNER_SCANNERS_DIR)")
                + (invalid.isEmpty() ? "" : ", " + invalid.size() + " invalid")
                + (examples == 0 ? "" : ", " + count(examples, "example")));
        return 0;
    }

    private void describe(ScannerDefinition d, String where) {
        out.println(d.name() + "  (" + where + ")");
        if (!d.description().isEmpty()) {
            out.println("  " + d.description());
        }
        out.println("  params:   " + (d.params().isEmpty() ? "none" : d.params().entrySet().stream()
                .map(p -> p.getKey() + "=" + plain(p.getValue())).collect(Collectors.joining(", "))));
        out.println("  patterns: " + String.join(", ", d.patterns()));
        out.println("  columns:  " + (d.columns().isEmpty() ? "none" : String.join(", ", d.columns())));
        out.println();
    }

    private static List<Path> sorted(DirectoryStream<Path> files) {
        List<Path> out = new java.util.ArrayList<>();
        files.forEach(out::add);
        out.sort(null);
        return out;
    }

    private int validate(ValidateOptions v) {
        if (v.help) {
            out.print(CliArgs.usage(new ValidateOptions(), TerminalWidth.of(env, System.console() != null)));
            return 0;
        }
        String file = v.file;
        String json = ScannerDocuments.read(Path.of(file), "FILE");
        try {
            ScannerDefinition d = ScannerLibrary.compile(json);
            out.println(file + ": OK, scanner " + d.name() + " with " + count(d.patterns().size(), "pattern") + ", "
                    + count(d.columns().size(), "column") + " and " + count(d.params().size(), "param")
                    + "; estimated cost " + d.cost() + " operations per bar");
            return 0;
        } catch (ScannerDefinitionException e) {
            e.problems().forEach(out::println);
            err.println(file + ": " + count(e.problems().size(), "problem") + "; not a valid scanner document");
            return 2;
        }
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** A param's value as written: 10000000, 0.08, 5. */
    static String plain(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }
}
