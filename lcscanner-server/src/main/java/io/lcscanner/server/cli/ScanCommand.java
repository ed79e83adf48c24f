package io.lcscanner.server.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.HitSchema;
import io.lcscanner.core.OutcomeSummary;
import io.lcscanner.core.ScanCancelledException;
import io.lcscanner.core.InvalidRequestException;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.ScanStats;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.ScannerDefinitionException;
import io.lcscanner.core.io.AtomicFiles;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.Json;
import io.lcscanner.server.Main;
import io.lcscanner.server.OutcomeSummaryJson;
import io.lcscanner.server.Problems;
import io.lcscanner.server.UsageException;
import io.lcscanner.server.http.SourceConfig;
import io.lcscanner.server.scan.DataCoverage;
import io.lcscanner.server.scan.ScannerLibrary;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scan}: one scan from the command line, results to stdout or a file. */
public final class ScanCommand {
    /** The options of {@code scan}, each declared once; picocli parses them and writes the help from them. */
    @Command(name = "scan", customSynopsis = "java -jar lcscanner-server.jar scan [options]", sortOptions = false,
            description = {"", "Scans a data source with a scanner (LC unless --scanner names another; "
            + "docs/spec/scanner-rules.md) and prints every hit.", ""},
            footer = {"", "Polygon (Massive): key from POLYGON_API_KEY, host from POLYGON_BASE_URL (default https://api.massive.com);",
                    "also POLYGON_MAX_CONCURRENCY, POLYGON_MAX_REQUESTS_PER_MINUTE, POLYGON_READ_TIMEOUT_SECONDS, SCANNER_CACHE_DIR.",
                    "", "Exit status: 0 success, 2 bad arguments, 1 failure."})
    static final class Options {
        @Option(names = "--source", paramLabel = "synthetic|csv|polygon", converter = CliArgs.SourceKind.class,
                description = "where bars come from (default: polygon when POLYGON_API_KEY is set, otherwise synthetic, "
                        + "the embedded market)")
        String source;
        @Option(names = "--csv", paramLabel = "FILE", description = "bars CSV (implies --source csv); columns ticker,date,open,"
                + "high,low,close,volume[,open_ua,high_ua,low_ua,close_ua,volume_ua]")
        Path csv;
        @Option(names = "--seed", paramLabel = "N", converter = CliArgs.WholeNumber.class,
                description = "synthetic market seed (default 42)")
        Long seed;
        @Option(names = "--tickers", paramLabel = "N", converter = CliArgs.WholeNumber.class,
                description = "synthetic market size (default 3000)")
        Long tickers;
        @Option(names = "--cache-dir", paramLabel = "DIR", description = "Polygon's finished sessions and a CSV's columnar copy "
                + "are cached here (default $SCANNER_CACHE_DIR, else ~/.cache/lcscanner)")
        Path cacheDir;
        @Option(names = "--no-cache", description = "neither read nor write the cache (Polygon, CSV)")
        boolean noCache;
        @Option(names = "--max-requests-per-minute", paramLabel = "N", converter = CliArgs.WholeNumber.class,
                description = "Polygon: client-side limit, 0 = none (free plan: 5; default 0)")
        Long maxRequestsPerMinute;
        @Option(names = "--max-concurrency", paramLabel = "N", converter = CliArgs.WholeNumber.class,
                description = "Polygon: requests in flight (default 12)")
        Long maxConcurrency;
        @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = CliArgs.Date.class,
                description = "first hit date (default: a year before --to, not before the data's first session)")
        LocalDate from;
        @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = CliArgs.Date.class,
                description = "last hit date (default: the source's last session)")
        LocalDate to;
        @Option(names = "--scanner", paramLabel = "NAME|FILE", description = "what a hit is: a built-in (lc), a document "
                + "in the scanners directory by name, or a scanner document's file (default lc; see the scanners command)")
        String scanner = "lc";
        @Option(names = "--scanners-dir", paramLabel = "DIR", descriptionKey = "SCANNER_SCANNERS_DIR",
                description = "user scanner documents, <name>.json, that --scanner may name [SCANNER_SCANNERS_DIR, "
                + "default scanners, the server's]")
        Path scannersDir;
        @Option(names = "--param", paramLabel = "NAME=VALUE", description = "overrides one of the scanner's params "
                + "(repeatable)")
        List<String> params = new ArrayList<>();
        @Option(names = "--lookback-days", paramLabel = "N", converter = CliArgs.WholeNumber.class,
                description = "calendar days of history loaded before --from (default: the scanner's; LC 400)")
        Long lookbackDays;
        @Option(names = "--no-reference-rounding", description = "keep full precision (LC, like the reference, rounds to "
                + "2 decimals)")
        boolean noReferenceRounding;
        @Option(names = "--min-volume", paramLabel = "X", converter = CliArgs.NonNegative.class,
                description = "LC's min_volume: as-traded volume ≥ X (default 10000000)")
        Double minVolume;
        @Option(names = "--min-dollar-volume", paramLabel = "X", converter = CliArgs.NonNegative.class,
                description = "LC's min_dollar_volume: close × volume ≥ X (default 500000000)")
        Double minDollarVolume;
        @Option(names = "--min-price", paramLabel = "X", converter = CliArgs.NonNegative.class,
                description = "LC's min_price: as-traded close ≥ X (default 5)")
        Double minPrice;
        @Option(names = "--include", paramLabel = "T1,T2", split = ",", description = "scan only these tickers")
        List<String> include = new ArrayList<>();
        @Option(names = "--exclude", paramLabel = "T1,T2", split = ",", description = "never scan these tickers")
        List<String> exclude = new ArrayList<>();
        @Option(names = "--intraday", description = "add the five premarket fields (default when the source has intraday bars)")
        boolean intraday;
        @Option(names = "--no-intraday", description = "skip them")
        boolean noIntraday;
        @Option(names = "--require-pm-liquidity", description = "keep only hits with valid_pm_liq = 1")
        boolean requirePmLiquidity;
        @Option(names = "--format", paramLabel = "table|csv|json", converter = CliArgs.OutputFormat.class,
                description = "table on a terminal, otherwise csv (or by --out's extension)")
        String format;
        @Option(names = "--columns", paramLabel = "A,B,C", split = ",", description = "the table's columns after ticker "
                + "and date (default: the most telling that fit the terminal's width)")
        List<String> columns = new ArrayList<>();
        @Option(names = "--out", paramLabel = "FILE", description = "write results to FILE (atomically) instead of stdout; "
                + ".csv, .json or .txt (a table) unless --format says; its folder must exist")
        Path out;
        @Option(names = "--outcomes", description = "add what the next sessions did to every hit (next_open_gap … "
                + "min_low_5d) and print their summary per pattern and tier after the hits")
        boolean outcomes;
        @Option(names = "--summary", paramLabel = "FILE", description = "write the outcome summary as JSON, atomically "
                + "(implies --outcomes)")
        Path summary;
        @Option(names = "--stats", paramLabel = "FILE", description = "write scan figures as JSON: {\"tickers\",\"bars\","
                + "\"hits\",\"phases_ms\":{\"load\",\"compute\",\"write\"},\"total_ms\"}")
        Path stats;
        @Option(names = "--threads", paramLabel = "N", converter = CliArgs.WholeNumber.class,
                description = "worker threads (default: all cores)")
        Long threads;
        @Option(names = "--quiet", description = "no progress and no summaries on stderr")
        boolean quiet;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text")
        boolean help;
    }

    /** The generated help. */
    static String help(int width) {
        return CliArgs.usage(new Options(), width);
    }

    /** ScanRequest's field names → the options that set them, so errors name what the user typed. */
    private static final Map<String, String> FIELD_OPTIONS = Map.of("from", "--from", "to", "--to",
            "lookbackDays", "--lookback-days", "includeTickers", "--include", "excludeTickers", "--exclude",
            "requirePmLiquidity", "--require-pm-liquidity");
    /** LC's params that have their own options. */
    private static final Map<String, String> PARAM_OPTIONS = new java.util.LinkedHashMap<>(Map.of(
            "--min-volume", "min_volume", "--min-dollar-volume", "min_dollar_volume", "--min-price", "min_price"));

    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    private final Map<String, String> env;

    public ScanCommand(PrintStream out, PrintStream err, boolean terminal) {
        this(out, err, terminal, System.getenv());
    }

    ScanCommand(PrintStream out, PrintStream err, boolean terminal, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.env = env;
    }

    public int run(String[] args) {
        warmUp();
        try {
            Options o = new Options();
            CliArgs.parse(o, args, env);
            return scan(o);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run '" + Main.program() + " scan --help' for the options.");
            return 2;
        } catch (ScanCancelledException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Starts, on a thread of its own, what a scan needs whatever its options say: the logging set-up, and the built-in
     * scanners read with LC compiled for its defaults. In a fresh JVM picocli's first option model costs some 50 ms of
     * class loading on this thread; on two cores the two overlap. Silent and idempotent: the scan finds the work done
     * (or does it again, and reports what fails).
     */
    private static void warmUp() {
        Thread warm = new Thread(() -> {
            try {
                org.slf4j.LoggerFactory.getILoggerFactory();
                ScannerDefinition.lc().cost(Map.of());
            } catch (RuntimeException | LinkageError e) {
                // the scan meets it again and says so
            }
        }, "lcscanner-warm-up");
        warm.setDaemon(true);
        warm.start();
    }

    private int scan(Options o) {
        if (o.help) {
            out.print(help(TerminalWidth.of(env, terminal)));
            return 0;
        }
        boolean keySet = SourceConfig.Polygon.keyIn(env);
        String kind = o.source != null ? o.source
                : o.csv != null ? SourceConfig.CSV : keySet ? SourceConfig.POLYGON : SourceConfig.SYNTHETIC;
        if (o.csv != null && !kind.equals(SourceConfig.CSV)) {
            throw new UsageException("--csv", "only applies to --source csv");
        }
        for (String option : List.of("--cache-dir", "--no-cache")) {
            if ((option.equals("--no-cache") ? o.noCache : o.cacheDir != null) && kind.equals(SourceConfig.SYNTHETIC)) {
                throw new UsageException(option, "only applies to --source polygon or csv");
            }
        }
        Map<String, Boolean> polygonOnly = Map.of("--max-requests-per-minute", o.maxRequestsPerMinute != null,
                "--max-concurrency", o.maxConcurrency != null);
        for (String option : List.of("--max-requests-per-minute", "--max-concurrency")) {
            if (polygonOnly.get(option) && !kind.equals(SourceConfig.POLYGON)) {
                throw new UsageException(option, "only applies to --source polygon");
            }
        }
        if (o.cacheDir != null && o.noCache) {
            throw new UsageException("--no-cache", "contradicts --cache-dir");
        }
        if (o.source == null && o.csv == null && !o.quiet) {
            err.println("lcscanner: source " + kind + (keySet ? " (POLYGON_API_KEY is set)" : " (POLYGON_API_KEY is not set)")
                    + "; choose with --source");
        }
        SourceConfig.Polygon polygon = new SourceConfig.Polygon(env, o.cacheDir, o.noCache,
                o.maxRequestsPerMinute == null ? null : (int) within("--max-requests-per-minute", o.maxRequestsPerMinute, 0, 1_000_000),
                o.maxConcurrency == null ? null : (int) within("--max-concurrency", o.maxConcurrency, 1, 256));
        if (o.intraday && o.noIntraday) {
            throw new UsageException("--no-intraday", "contradicts --intraday");
        }
        SourceConfig config = new SourceConfig(kind, o.csv, o.seed == null ? SyntheticMarket.DEFAULT_SEED : o.seed,
                o.tickers == null ? SyntheticMarket.DEFAULT_TICKERS : (int) within("--tickers", o.tickers, 1, 200_000), polygon);
        int threads = o.threads == null ? Runtime.getRuntime().availableProcessors() : (int) within("--threads", o.threads, 1, 1024);
        String format = o.format != null ? o.format : defaultFormat(o.out);
        Path outFile = o.out == null ? null : outputFile(o.out, "--out");
        Path statsFile = o.stats == null ? null : outputFile(o.stats, "--stats");
        Path summaryFile = o.summary == null ? null : outputFile(o.summary, "--summary");
        List<String> columns = tidy(o.columns);
        if (!columns.isEmpty() && !format.equals("table")) {
            throw new UsageException("--columns", "only applies to --format table (csv and json carry every column)");
        }
        boolean quiet = o.quiet;
        // a bad document is refused before any data is read
        ScannerDefinition scanner = ScannerDocuments.resolve(o.scanner,
                o.scannersDir != null ? o.scannersDir : ScannerLibrary.DEFAULT_DIR, "--scanner");
        BarSource source = config.open("--csv");

        ScanRequest request;
        BarSource.Universe universe;
        long readStart = System.nanoTime(); // a CSV is read here: its time is part of the load phase
        try { // Polygon's costs requests: only asked for when a date is left out
            universe = kind.equals(SourceConfig.POLYGON) && o.from != null && o.to != null ? null : source.universe();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source.description() + " failed: " + e.getMessage(), e);
        }
        long readMs = Math.round((System.nanoTime() - readStart) / 1e6);
        LocalDate to = o.to != null ? o.to : universe == null ? null : universe.lastSession();
        if (to == null) {
            throw new UsageException("--to", "the source has no data; give --from and --to");
        }
        // the dashboard's default: a year back, not before the data's first session
        LocalDate dataFirst = universe == null ? null : universe.firstSession();
        LocalDate from = o.from != null ? o.from : dataFirst != null && dataFirst.isAfter(to.minusYears(1))
                && !dataFirst.isAfter(to) ? dataFirst : to.minusYears(1);
        boolean intraday = o.intraday || (!o.noIntraday && source.intraday().isPresent());
        try {
            ScanRequest.Builder b = ScanRequest.builder(from, to).scanner(scanner).params(params(o, scanner))
                    .includeTickers(tidy(o.include))
                    .excludeTickers(tidy(o.exclude))
                    .intraday(intraday)
                    .requirePmLiquidity(o.requirePmLiquidity)
                    .outcomes(o.outcomes || o.summary != null);
            if (o.lookbackDays != null) { // else the scanner's
                b.lookbackDays((int) within("--lookback-days", o.lookbackDays, 0, Integer.MAX_VALUE));
            }
            if (o.noReferenceRounding) {
                b.referenceRounding(false);
            }
            request = b.build();
        } catch (ScannerDefinitionException e) { // a param value the document cannot take
            ScannerDefinitionException.Problem first = e.problems().get(0);
            throw new UsageException(option(first.key()), first.message());
        } catch (InvalidRequestException e) {
            throw new UsageException(option(e.field()), e.reason());
        }

        List<String> coverage;
        try {
            coverage = DataCoverage.check(universe, kind, !kind.equals(SourceConfig.POLYGON), request, "--include");
        } catch (DataCoverage.NothingToScanException e) {
            throw new UsageException(e.field() == DataCoverage.Field.WINDOW ? "--from/--to" : "--include", e.getMessage());
        }
        if (!columns.isEmpty()) {
            List<String> known = HitSchema.of(scanner, request.intraday() && scanner.premarket(), request.outcomes())
                    .columns().stream().map(HitSchema.Column::name).toList();
            for (String c : columns) {
                if (!known.contains(c)) {
                    throw new UsageException("--columns", "unknown column " + Problems.quote(c) + "; " + scanner.name()
                            + "'s are " + String.join(", ", known));
                }
            }
        }
        int width = env.containsKey("COLUMNS") || terminal ? TerminalWidth.of(env, terminal) : Integer.MAX_VALUE;
        if (!quiet) {
            coverage.forEach(w -> err.println("warning: " + w));
            err.println("lcscanner: scanning " + source.description() + " with " + scanner.name() + " from "
                    + request.from() + " to " + request.to() + " on " + threads + " threads");
        }
        ConsoleProgress progress = quiet ? null : new ConsoleProgress(err, terminal);
        ScanResult result;
        try (Scanner engine = Scanner.builder(source).parallelism(threads).build()) {
            result = engine.run(request, progress == null ? null : progress);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }

        long writeStart = System.nanoTime();
        try {
            if (outFile == null) {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                write(result, format, w, width, columns);
                w.flush();
            } else {
                AtomicFiles.write(outFile, os -> {
                    Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                    write(result, format, w, width, columns);
                    w.flush();
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + (outFile == null ? "the results" : "--out " + outFile) + " failed: "
                    + Problems.reason(e), e);
        }
        long writeMs = Math.round((System.nanoTime() - writeStart) / 1e6);
        ScanStats s = result.stats();
        long loadMs = readMs + s.loadMs(), totalMs = readMs + s.totalMs() + writeMs;
        if (statsFile != null) {
            writeStats(statsFile, result, loadMs, writeMs, totalMs);
        }
        Optional<OutcomeSummary> summary = result.summary();
        if (summary.isPresent() && summaryFile != null) {
            writeSummary(summaryFile, summary.get());
        }
        if (!quiet) {
            result.warnings().forEach(w -> err.println("warning: " + w));
            StringBuilder perPattern = new StringBuilder();
            s.patternHits().forEach((pattern, n) -> perPattern.append(perPattern.length() == 0 ? "" : ", ")
                    .append(pattern).append(' ').append(n));
            err.println(String.format("lcscanner: %s of %s (%s) in %s, %,d bars, %d ms (load %d, compute %d, "
                            + "intraday %d, write %d)%s", count(result.hits().size(), "hit"), scanner.name(), perPattern,
                    count(s.tickers(), "ticker"),
                    s.bars(), totalMs, loadMs, s.computeMs(), s.intradayMs(), writeMs,
                    outFile == null ? "" : " → " + outFile));
            if (summary.isPresent()) {
                try {
                    OutcomeTable.write(summary.get(), err);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return 0;
    }

    /** {@code 1 hit}, {@code 1,204 hits}. */
    static String count(long n, String noun) {
        return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    /** A param's field in ScanRequest's messages ({@code params.min_gap}) → the option the user typed. */
    private static String option(String field) {
        if (field.startsWith("params.")) {
            String name = field.substring("params.".length());
            for (Map.Entry<String, String> e : PARAM_OPTIONS.entrySet()) {
                if (e.getValue().equals(name)) {
                    return e.getKey() + "/--param " + name;
                }
            }
            return "--param " + name;
        }
        return FIELD_OPTIONS.getOrDefault(field, field);
    }

    /**
     * The scanner's param overrides: {@code --param NAME=VALUE}, and LC's {@code --min-volume},
     * {@code --min-dollar-volume} and {@code --min-price} for a scanner that has those params.
     */
    private static Map<String, Double> params(Options o, ScannerDefinition scanner) {
        Map<String, Double> params = new java.util.LinkedHashMap<>();
        for (String p : o.params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--param", "expects NAME=VALUE, got " + Problems.quote(p));
            }
            String name = p.substring(0, eq).trim(), value = p.substring(eq + 1).trim();
            double x;
            try {
                x = Double.parseDouble(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new UsageException("--param " + name, "not a number: " + Problems.quote(value));
            }
            if (params.put(name, x) != null) {
                throw new UsageException("--param " + name, "given more than once");
            }
        }
        Map<String, Double> lcOptions = new java.util.LinkedHashMap<>();
        lcOptions.put("--min-volume", o.minVolume);
        lcOptions.put("--min-dollar-volume", o.minDollarVolume);
        lcOptions.put("--min-price", o.minPrice);
        for (Map.Entry<String, String> e : PARAM_OPTIONS.entrySet()) {
            String option = e.getKey(), name = e.getValue();
            Double value = lcOptions.get(option);
            if (value == null) {
                continue;
            }
            if (!scanner.params().containsKey(name)) {
                throw new UsageException(option, "sets LC's param " + name + ", which scanner " + scanner.name()
                        + " does not have" + (scanner.params().isEmpty() ? "" : " (its params: "
                        + String.join(", ", scanner.params().keySet()) + "; set them with --param NAME=VALUE)"));
            }
            if (params.containsKey(name)) {
                throw new UsageException(option, "contradicts --param " + name);
            }
            params.put(name, value);
        }
        return params;
    }

    /** A whole number option's value within its bounds. */
    private static long within(String option, long x, long min, long max) {
        if (x < min || x > max) {
            throw new UsageException(option, "must be between " + min + " and " + max + ", got " + x);
        }
        return x;
    }

    /** A comma-separated list's items, trimmed, blanks left out. */
    private static List<String> tidy(List<String> items) {
        return items.stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    private static void writeSummary(Path file, OutcomeSummary summary) {
        try {
            AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(OutcomeSummaryJson.of(summary)));
        } catch (IOException e) {
            throw new UncheckedIOException("writing --summary " + file + " failed: " + Problems.reason(e), e);
        }
    }

    /** Without --format: by --out's extension (an unknown one is refused, not guessed), else table on a terminal. */
    private String defaultFormat(Path outFile) {
        if (outFile != null) {
            String name = outFile.getFileName() == null ? outFile.toString() : outFile.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".json")) {
                return "json";
            }
            if (lower.endsWith(".csv")) {
                return "csv";
            }
            if (lower.endsWith(".txt")) {
                return "table";
            }
            throw new UsageException("--out", "cannot tell the format of " + Problems.quote(name)
                    + ": name it .csv, .json or .txt, or give --format csv|json|table");
        }
        return terminal ? "table" : "csv";
    }

    /** A file the scan writes: its folder must exist (nothing is created, anywhere), and it must not be a folder. */
    private static Path outputFile(Path file, String option) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException(option, "no such directory: " + (file.getParent() == null ? parent : file.getParent()));
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(option, "is a directory: " + file);
        }
        return file;
    }

    private static void write(ScanResult result, String format, Writer w, int width, List<String> columns)
            throws IOException {
        switch (format) {
            case "csv" -> HitFormat.writeCsv(result.schema(), result.hits(), w);
            case "json" -> HitFormat.writeJson(result.schema(), result.hits(), w);
            default -> HitTable.write(result.schema(), result.hits(), w, width, columns);
        }
    }

    /**
     * Writes {@code {"tickers","bars","hits","phases_ms":{"load","compute","write"},"total_ms"}}. With Jackson's
     * streaming generator rather than the mapper: setting up an ObjectMapper costs a fresh JVM about 0.2 s, as
     * much as a whole small scan.
     */
    private static void writeStats(Path file, ScanResult result, long loadMs, long writeMs, long totalMs) {
        ScanStats s = result.stats();
        try {
            AtomicFiles.write(file, out -> {
                try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
                    g.writeStartObject();
                    g.writeNumberField("tickers", s.tickers());
                    g.writeNumberField("bars", s.bars());
                    g.writeNumberField("hits", result.hits().size());
                    g.writeObjectFieldStart("phases_ms");
                    g.writeNumberField("load", loadMs);
                    g.writeNumberField("compute", s.computeMs());
                    g.writeNumberField("write", writeMs);
                    g.writeEndObject();
                    g.writeNumberField("total_ms", totalMs);
                    g.writeEndObject();
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("writing --stats " + file + " failed: " + Problems.reason(e), e);
        }
    }
}
