package io.lcscanner.server.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.lcscanner.core.HitFormat;
import io.lcscanner.core.OutcomeSummary;
import io.lcscanner.core.ScanCancelledException;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.ScanStats;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.ScannerDefinitionException;
import io.lcscanner.core.internal.AtomicFiles;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.Json;
import io.lcscanner.server.OutcomeSummaryJson;
import io.lcscanner.server.Problems;
import io.lcscanner.server.UsageException;
import io.lcscanner.server.http.SourceConfig;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code scan}: one scan from the command line, results to stdout or a file. */
public final class ScanCommand {
    /** The options of {@code scan}, each declared once; picocli parses them and writes the help from them. */
    @Command(name = "scan", customSynopsis = "java -jar lcscanner-server.jar scan [options]", sortOptions = false,
            usageHelpWidth = 110, description = {"", "Scans a data source with a scanner (LC unless --scanner names another; "
            + "docs/spec/scanner-rules.md) and prints every hit.", ""},
            footer = {"", "Polygon (Massive): key from POLYGON_API_KEY, host from POLYGON_BASE_URL (default https://api.massive.com);",
                    "also POLYGON_MAX_CONCURRENCY, POLYGON_MAX_REQUESTS_PER_MINUTE, POLYGON_READ_TIMEOUT_SECONDS, SCANNER_CACHE_DIR.",
                    "", "Exit status: 0 success, 2 bad arguments, 1 failure."})
    static final class Options {
        @Option(names = "--source", paramLabel = "synthetic|csv|polygon", description = "where bars come from (default: polygon "
                + "when POLYGON_API_KEY is set, otherwise synthetic, the embedded market)")
        String source;
        @Option(names = "--csv", paramLabel = "FILE", description = "bars CSV (implies --source csv); columns ticker,date,open,"
                + "high,low,close,volume[,open_ua,high_ua,low_ua,close_ua,volume_ua]")
        String csv;
        @Option(names = "--seed", paramLabel = "N", description = "synthetic market seed (default 42)")
        String seed;
        @Option(names = "--tickers", paramLabel = "N", description = "synthetic market size (default 3000)")
        String tickers;
        @Option(names = "--cache-dir", paramLabel = "DIR", description = "Polygon's finished sessions and a CSV's columnar copy "
                + "are cached here (default $SCANNER_CACHE_DIR, else ~/.cache/lcscanner)")
        String cacheDir;
        @Option(names = "--no-cache", description = "neither read nor write the cache (Polygon, CSV)")
        boolean noCache;
        @Option(names = "--max-requests-per-minute", paramLabel = "N", description = "Polygon: client-side limit, 0 = none "
                + "(free plan: 5; default 0)")
        String maxRequestsPerMinute;
        @Option(names = "--max-concurrency", paramLabel = "N", description = "Polygon: requests in flight (default 12)")
        String maxConcurrency;
        @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first hit date (default: three months before --to)")
        String from;
        @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "last hit date (default: the source's last session)")
        String to;
        @Option(names = "--scanner", paramLabel = "NAME|FILE", description = "what a hit is: a built-in (lc), a document "
                + "in the scanners directory by name, or a scanner document's file (default lc; see the scanners command)")
        String scanner;
        @Option(names = "--scanners-dir", paramLabel = "DIR", description = "user scanner documents, <name>.json, that "
                + "--scanner may name [SCANNER_SCANNERS_DIR]")
        @CliArgs.Env("SCANNER_SCANNERS_DIR")
        String scannersDir;
        @Option(names = "--param", paramLabel = "NAME=VALUE", description = "overrides one of the scanner's params "
                + "(repeatable)")
        List<String> params;
        @Option(names = "--lookback-days", paramLabel = "N", description = "calendar days of history loaded before --from "
                + "(default: the scanner's; LC 400)")
        String lookbackDays;
        @Option(names = "--no-reference-rounding", description = "keep full precision (LC, like the reference, rounds to "
                + "2 decimals)")
        boolean noReferenceRounding;
        @Option(names = "--min-volume", paramLabel = "X", description = "LC's min_volume: as-traded volume ≥ X (default "
                + "10000000)")
        String minVolume;
        @Option(names = "--min-dollar-volume", paramLabel = "X", description = "LC's min_dollar_volume: close × volume ≥ X "
                + "(default 500000000)")
        String minDollarVolume;
        @Option(names = "--min-price", paramLabel = "X", description = "LC's min_price: as-traded close ≥ X (default 5)")
        String minPrice;
        @Option(names = "--include", paramLabel = "T1,T2", description = "scan only these tickers")
        String include;
        @Option(names = "--exclude", paramLabel = "T1,T2", description = "never scan these tickers")
        String exclude;
        @Option(names = "--intraday", description = "add the five premarket fields (default when the source has intraday bars)")
        boolean intraday;
        @Option(names = "--no-intraday", description = "skip them")
        boolean noIntraday;
        @Option(names = "--require-pm-liquidity", description = "keep only hits with valid_pm_liq = 1")
        boolean requirePmLiquidity;
        @Option(names = "--format", paramLabel = "table|csv|json", description = "table on a terminal, otherwise csv (or by "
                + "--out's extension)")
        String format;
        @Option(names = "--out", paramLabel = "FILE", description = "write results to FILE (atomically) instead of stdout")
        String out;
        @Option(names = "--outcomes", description = "add what the next sessions did to every hit (next_open_gap … "
                + "min_low_5d) and print their summary per pattern and tier after the hits")
        boolean outcomes;
        @Option(names = "--summary", paramLabel = "FILE", description = "write the outcome summary as JSON, atomically "
                + "(implies --outcomes)")
        String summary;
        @Option(names = "--stats", paramLabel = "FILE", description = "write scan figures as JSON: {\"tickers\",\"bars\","
                + "\"hits\",\"phases_ms\":{\"load\",\"compute\",\"write\"},\"total_ms\"}")
        String stats;
        @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores)")
        String threads;
        @Option(names = "--quiet", description = "no progress and no summaries on stderr")
        boolean quiet;
        @Option(names = "--help", usageHelp = true, description = "this text")
        boolean help;
    }

    /** The generated help. */
    static String help() {
        return CliArgs.usage(new Options());
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
        try {
            return scan(CliArgs.parse(new Options(), args, env));
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println("Run 'scan --help' for the options.");
            return 2;
        } catch (ScanCancelledException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    private int scan(CliArgs a) {
        if (a.has("--help")) {
            out.print(help());
            return 0;
        }
        boolean keySet = SourceConfig.Polygon.keyIn(env);
        String kind = a.choice("--source", a.has("--csv") ? SourceConfig.CSV : keySet ? SourceConfig.POLYGON : SourceConfig.SYNTHETIC,
                SourceConfig.SYNTHETIC, SourceConfig.CSV, SourceConfig.POLYGON);
        if (a.has("--csv") && !kind.equals(SourceConfig.CSV)) {
            throw new UsageException("--csv", "only applies to --source csv");
        }
        for (String option : List.of("--cache-dir", "--no-cache")) {
            if (a.has(option) && kind.equals(SourceConfig.SYNTHETIC)) {
                throw new UsageException(option, "only applies to --source polygon or csv");
            }
        }
        for (String option : List.of("--max-requests-per-minute", "--max-concurrency")) {
            if (a.has(option) && !kind.equals(SourceConfig.POLYGON)) {
                throw new UsageException(option, "only applies to --source polygon");
            }
        }
        if (a.has("--cache-dir") && a.has("--no-cache")) {
            throw new UsageException("--no-cache", "contradicts --cache-dir");
        }
        if (!a.has("--source") && !a.has("--csv") && !a.has("--quiet")) {
            err.println("lcscanner: source " + kind + (keySet ? " (POLYGON_API_KEY is set)" : " (POLYGON_API_KEY is not set)")
                    + "; choose with --source");
        }
        SourceConfig.Polygon polygon = new SourceConfig.Polygon(env,
                a.has("--cache-dir") ? Path.of(a.string("--cache-dir", null)) : null, a.has("--no-cache"),
                a.has("--max-requests-per-minute") ? (int) a.longValue("--max-requests-per-minute", 0, 0, 1_000_000) : null,
                a.has("--max-concurrency") ? (int) a.longValue("--max-concurrency", 12, 1, 256) : null);
        if (a.has("--intraday") && a.has("--no-intraday")) {
            throw new UsageException("--no-intraday", "contradicts --intraday");
        }
        SourceConfig config = new SourceConfig(kind, a.has("--csv") ? Path.of(a.string("--csv", null)) : null,
                a.longValue("--seed", SyntheticMarket.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE),
                (int) a.longValue("--tickers", SyntheticMarket.DEFAULT_TICKERS, 1, 200_000), polygon);
        int threads = (int) a.longValue("--threads", Runtime.getRuntime().availableProcessors(), 1, 1024);
        String format = a.choice("--format", defaultFormat(a.string("--out", null)), "table", "csv", "json");
        boolean quiet = a.has("--quiet");
        // a bad document is refused before any data is read
        ScannerDefinition scanner = ScannerDocuments.resolve(a.string("--scanner", "lc"),
                a.has("--scanners-dir") ? Path.of(a.string("--scanners-dir", null)) : null, "--scanner");
        BarSource source = config.open("--csv");

        ScanRequest request;
        BarSource.Universe universe;
        try {
            universe = (a.has("--from") && a.has("--to")) ? null : source.universe();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + source.description() + " failed: " + e.getMessage(), e);
        }
        LocalDate to = a.date("--to", universe == null ? null : universe.lastSession());
        if (to == null) {
            throw new UsageException("--to", "the source has no data; give --from and --to");
        }
        LocalDate from = a.date("--from", to.minusMonths(3));
        boolean intraday = a.has("--intraday") || (!a.has("--no-intraday") && source.intraday().isPresent());
        try {
            ScanRequest.Builder b = ScanRequest.builder(from, to).scanner(scanner).params(params(a, scanner))
                    .includeTickers(a.list("--include"))
                    .excludeTickers(a.list("--exclude"))
                    .intraday(intraday)
                    .requirePmLiquidity(a.has("--require-pm-liquidity"))
                    .outcomes(a.has("--outcomes") || a.has("--summary"));
            if (a.has("--lookback-days")) { // else the scanner's
                b.lookbackDays((int) a.longValue("--lookback-days", 0, 0, Integer.MAX_VALUE));
            }
            if (a.has("--no-reference-rounding")) {
                b.referenceRounding(false);
            }
            request = b.build();
        } catch (ScannerDefinitionException e) { // a param value the document cannot take
            ScannerDefinitionException.Problem first = e.problems().get(0);
            throw new UsageException(option(first.key()), first.message());
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            String field = msg.contains(" ") ? msg.substring(0, msg.indexOf(' ')) : msg;
            throw new UsageException(option(field), msg.substring(field.length()).trim());
        }

        if (!quiet) {
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
        String outFile = a.string("--out", null);
        try {
            if (outFile == null) {
                Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                write(result, format, w);
                w.flush();
            } else {
                AtomicFiles.write(Path.of(outFile), os -> {
                    Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                    write(result, format, w);
                    w.flush();
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing results failed: " + e.getMessage(), e);
        }
        long writeMs = Math.round((System.nanoTime() - writeStart) / 1e6);
        ScanStats s = result.stats();
        long totalMs = s.totalMs() + writeMs;
        if (a.has("--stats")) {
            writeStats(Path.of(a.string("--stats", null)), result, writeMs, totalMs);
        }
        Optional<OutcomeSummary> summary = result.summary();
        if (summary.isPresent() && a.has("--summary")) {
            writeSummary(Path.of(a.string("--summary", null)), summary.get());
        }
        if (!quiet) {
            result.warnings().forEach(w -> err.println("warning: " + w));
            StringBuilder perPattern = new StringBuilder();
            s.patternHits().forEach((pattern, n) -> perPattern.append(perPattern.length() == 0 ? "" : ", ")
                    .append(pattern).append(' ').append(n));
            err.println(String.format("lcscanner: %d hits of %s (%s) in %d tickers, %d bars, %d ms (load %d, compute %d, "
                            + "intraday %d, write %d)%s", result.hits().size(), scanner.name(), perPattern, s.tickers(),
                    s.bars(), totalMs, s.loadMs(), s.computeMs(), s.intradayMs(), writeMs,
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
    private static Map<String, Double> params(CliArgs a, ScannerDefinition scanner) {
        Map<String, Double> params = new java.util.LinkedHashMap<>();
        for (String p : a.strings("--param")) {
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
        for (Map.Entry<String, String> e : PARAM_OPTIONS.entrySet()) {
            String option = e.getKey(), name = e.getValue();
            if (!a.has(option)) {
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
            params.put(name, a.doubleValue(option, 0));
        }
        return params;
    }

    private static void writeSummary(Path file, OutcomeSummary summary) {
        try {
            AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(OutcomeSummaryJson.of(summary)));
        } catch (IOException e) {
            throw new UncheckedIOException("writing --summary " + file + " failed: " + e.getMessage(), e);
        }
    }

    private String defaultFormat(String outFile) {
        if (outFile != null) {
            return outFile.toLowerCase().endsWith(".json") ? "json" : "csv";
        }
        return terminal ? "table" : "csv";
    }

    private static void write(ScanResult result, String format, Writer w) throws IOException {
        switch (format) {
            case "csv" -> HitFormat.writeCsv(result.schema(), result.hits(), w);
            case "json" -> HitFormat.writeJson(result.schema(), result.hits(), w);
            default -> HitTable.write(result.schema(), result.hits(), w);
        }
    }

    /**
     * Writes {@code {"tickers","bars","hits","phases_ms":{"load","compute","write"},"total_ms"}}. With Jackson's
     * streaming generator rather than the mapper: setting up an ObjectMapper costs a fresh JVM about 0.2 s, as
     * much as a whole small scan.
     */
    private static void writeStats(Path file, ScanResult result, long writeMs, long totalMs) {
        ScanStats s = result.stats();
        try {
            AtomicFiles.write(file, out -> {
                try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
                    g.writeStartObject();
                    g.writeNumberField("tickers", s.tickers());
                    g.writeNumberField("bars", s.bars());
                    g.writeNumberField("hits", result.hits().size());
                    g.writeObjectFieldStart("phases_ms");
                    g.writeNumberField("load", s.loadMs());
                    g.writeNumberField("compute", s.computeMs());
                    g.writeNumberField("write", writeMs);
                    g.writeEndObject();
                    g.writeNumberField("total_ms", totalMs);
                    g.writeEndObject();
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("writing --stats " + file + " failed: " + e.getMessage(), e);
        }
    }
}
