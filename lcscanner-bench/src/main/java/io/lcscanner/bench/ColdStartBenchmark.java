package io.lcscanner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.InMemoryBarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line as a user meets it: every run a fresh JVM ({@code java -jar lcscanner-server.jar scan …}), JVM
 * start included, several repetitions, min and median. Each job reads the {@code --stats} file the CLI writes to split
 * the time into load, compute and write.
 *
 * <pre>
 * java -cp lcscanner-bench/target/benchmarks.jar io.lcscanner.bench.ColdStartBenchmark [options]
 *   --jar FILE        the CLI jar (default lcscanner-server/target/lcscanner-server.jar)
 *   --java FILE       the java launcher for the CLI runs (default: this JVM's)
 *   --jvm-arg ARG     an option for the CLI's JVM, e.g. --jvm-arg -XX:TieredStopAtLevel=1 (repeatable)
 *   --launcher FILE   run the CLI through this script instead, e.g. bin/lcscanner (with --java's JDK as
 *                     JAVA_HOME and --jar as LCSCANNER_JAR; its start-up cache is made by a first, untimed run)
 *   --reps N          runs per job (default 5)
 *   --cold-runs N     polygon jobs: N more cold scans first, each filling a fresh cache that is deleted after
 *                     (default 0), for the peak RSS of a cold fetch and scan
 *   --jobs a,b,…      csv-2m, csv-3000, polygon-3000, polygon-12000, synthetic, write (default: all)
 *   --work DIR        keep generated files here and reuse them (default: a temporary directory, deleted)
 * </pre>
 *
 * Jobs: {@code scan --csv} of a 2,000,000-row file and of a 3,000-ticker × 830-session file (the synthetic market
 * written as the golden {@code bars.csv} writes numbers: 6 decimals adjusted, 4 as-traded); a warm-cache
 * {@code scan --source polygon} of 3,000 × 850 and 12,000 × 750 sessions, served by {@link SyntheticPolygonServer}
 * on 127.0.0.1 and filled by one cold run first (premarket stage on, its bars cached too); the first scan of the
 * default synthetic market; {@code write}, the default synthetic market scanned with a document whose pattern holds on
 * every bar (about 190,000 hits of eight columns), for the results-writing rate. Windows are chosen so that the whole
 * file or market is loaded. The results-writing rate is each job's hits over its write phase.
 */
public final class ColdStartBenchmark {
    static final List<String> JOBS = List.of("csv-2m", "csv-3000", "polygon-3000", "polygon-12000", "synthetic", "write");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A scanner whose pattern holds on every bar: the write job's hits are the window's bars. */
    static final String EVERY_BAR = """
            {"name": "every_bar", "lookback_days": 30, "rounding": "none",
             "features": {"range": "h - l", "dollar_volume": "c * v", "change": "c / shift(c, 1) - 1"},
             "patterns": {"every_bar": "c > 0"},
             "columns": {"open": "o", "high": "h", "low": "l", "close": "c", "volume": "v",
                         "range": "range", "dollar_volume": "dollar_volume", "change": "change"}}
            """;

    private final Path jar;
    private final String java;
    private final List<String> jvmArgs;
    private Path launcher;
    private final int reps;
    private int coldRuns;
    private final Path work;
    private final Path tmp;
    private final StringBuilder table = new StringBuilder();

    ColdStartBenchmark(Path jar, String java, List<String> jvmArgs, int reps, Path work) throws IOException {
        this.jar = jar;
        this.java = java;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.reps = reps;
        this.work = work;
        this.tmp = Files.createDirectories(work.resolve("runs"));
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("lcscanner-server/target/lcscanner-server.jar");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> jvmArgs = new ArrayList<>();
        Path launcher = null;
        int reps = 5, coldRuns = 0;
        List<String> jobs = JOBS;
        Path work = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--jar" -> jar = Path.of(value);
                case "--java" -> java = value;
                case "--jvm-arg" -> jvmArgs.add(value);
                case "--launcher" -> launcher = Path.of(value);
                case "--reps" -> reps = Integer.parseInt(value);
                case "--cold-runs" -> coldRuns = Integer.parseInt(value);
                case "--jobs" -> jobs = Arrays.asList(value.split(","));
                case "--work" -> work = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see the class comment)");
            }
            i++;
        }
        for (String job : jobs) {
            if (!JOBS.contains(job)) {
                throw new IllegalArgumentException("unknown job " + job + "; jobs: " + String.join(",", JOBS));
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + ": no such jar (build it: mvn -q -pl lcscanner-server -am -DskipTests package)");
        }
        boolean temporary = work == null;
        Path dir = temporary ? Files.createTempDirectory("lcscanner-coldstart-") : Files.createDirectories(work);
        try {
            ColdStartBenchmark bench = new ColdStartBenchmark(jar, java, jvmArgs, reps, dir);
            bench.launcher = launcher;
            bench.coldRuns = coldRuns;
            System.out.printf(Locale.ROOT, "# cold start: %s %s -jar %s, %d runs a job, %d cores%n",
                    launcher != null ? launcher + " (JAVA_HOME of " + java + ")" : java,
                    String.join(" ", jvmArgs), jar, reps, Runtime.getRuntime().availableProcessors());
            for (String job : jobs) {
                bench.run(job);
            }
            System.out.println();
            System.out.println("| job | rows/bars | wall min | wall median | cpu min | load min (median) | compute min (median) | write min (median) | hits | rate |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            System.out.print(bench.table);
        } finally {
            if (temporary) {
                BenchData.deleteTree(dir);
            }
        }
    }

    void run(String job) throws Exception {
        switch (job) {
            case "csv-2m" -> csvJob(job, csvFile(3000, 830, 2_000_000));
            case "csv-3000" -> csvJob(job, csvFile(3000, 830, Long.MAX_VALUE));
            case "polygon-3000" -> polygonJob(job, 3000, 850);
            case "polygon-12000" -> polygonJob(job, 12_000, 750);
            case "synthetic" -> {
                List<Run> runs = repeat(job, List.of("scan", "--source", "synthetic"), Map.of());
                report(job, "default market", runs, "");
            }
            case "write" -> {
                Path everyBar = work.resolve("every_bar.json");
                Files.writeString(everyBar, EVERY_BAR);
                List<Run> runs = repeat(job, List.of("scan", "--source", "synthetic", "--scanner", everyBar.toString()), Map.of());
                report(job, "default market, a hit on every bar", runs, "");
            }
            default -> throw new IllegalArgumentException(job);
        }
    }

    // ---------------------------------------------------------------- jobs

    private void csvJob(String job, Path csv) throws Exception {
        LocalDate[] range = dateRange(csv);
        List<Run> runs = repeat(job, List.of("scan", "--csv", csv.toString(), "--from",
                range[0].plusDays(400).toString(), "--to", range[1].toString()), Map.of());
        double mb = Files.size(csv) / 1e6;
        long loadMin = runs.stream().mapToLong(r -> r.load).min().orElse(0);
        report(job, String.format(Locale.ROOT, "%,d rows, %.0f MB", lines(csv) - 1, mb), runs,
                String.format(Locale.ROOT, "load %.0f MB/s", mb / (loadMin / 1000.0)));
    }

    private void polygonJob(String job, int tickers, int sessions) throws Exception {
        LocalDate last = lastFinishedSession();
        LocalDate first = NyseCalendar.plusSessions(last, 1 - sessions);
        System.out.printf(Locale.ROOT, "%s: generating %d tickers x %d sessions (%s to %s)%n", job, tickers, sessions, first, last);
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.DEFAULT_SEED, tickers, first, last);
        InMemoryBarSource bars = InMemoryBarSource.copyOf(market, first, last);
        Path cache = work.resolve("polygon-cache-" + tickers + "x" + sessions + "-" + last);
        try (SyntheticPolygonServer polygon = new SyntheticPolygonServer(bars.series(), market.intraday().orElseThrow())) {
            Map<String, String> env = Map.of("POLYGON_API_KEY", "bench-key", "POLYGON_BASE_URL", polygon.baseUrl().toString());
            List<String> args = List.of("scan", "--source", "polygon", "--cache-dir", cache.toString(),
                    "--from", first.plusDays(400).toString(), "--to", last.toString());
            coldRuns(job, args, cache, env);
            Run fill = once(job + " fill", args, env);
            long[] afterFill = polygon.requests();
            String how = afterFill[0] > 0 ? "filled by a cold run" : "already filled (--work), checked by a run";
            System.out.printf(Locale.ROOT, "%s: cache %s in %,d ms (peak RSS %s), %,d grouped-daily and %,d 30-minute requests%n",
                    job, how, fill.wallMs, fill.maxRssKb < 0 ? "n/a" : fill.maxRssKb / 1024 + " MB", afterFill[0], afterFill[1]);
            List<Run> runs = repeat(job, args, env);
            long[] after = polygon.requests();
            String fetched = String.format(Locale.ROOT, "warm runs fetched %d grouped-daily, %d 30-minute, asked splits %d times",
                    after[0] - afterFill[0], after[1] - afterFill[1], after[2] - afterFill[2]);
            System.out.println(job + ": " + fetched);
            report(job, String.format(Locale.ROOT, "%,d × %d", tickers, sessions), runs, fetched);
        }
    }

    /**
     * {@link #coldRuns} cold scans, each into a fresh cache directory deleted after it, so every one fetches the whole
     * window; prints each run's peak RSS and the fetch's time (the --stats load phase: the fetch and the series copies).
     */
    private void coldRuns(String job, List<String> args, Path cache, Map<String, String> env) throws Exception {
        if (coldRuns == 0) {
            return;
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i <= coldRuns; i++) {
            Path fresh = cache.resolveSibling(cache.getFileName() + "-cold");
            if (Files.exists(fresh)) {
                BenchData.deleteTree(fresh);
            }
            List<String> coldArgs = new ArrayList<>(args);
            coldArgs.set(coldArgs.indexOf(cache.toString()), fresh.toString());
            try {
                runs.add(once(job + " cold #" + i, coldArgs, env));
            } finally {
                if (Files.exists(fresh)) {
                    BenchData.deleteTree(fresh);
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d cold runs, peak RSS %s MB, wall min %.1f s (median %.1f), load min %.1f s (median %.1f)%n",
                job, coldRuns, runs.stream().map(r -> r.maxRssKb < 0 ? "n/a" : String.valueOf(r.maxRssKb / 1024)).toList(),
                min(runs, Run::wallMs) / 1e3, median(runs, Run::wallMs) / 1e3, min(runs, Run::load) / 1e3,
                median(runs, Run::load) / 1e3);
    }

    // ---------------------------------------------------------------- running the CLI

    /**
     * One run's figures: wall time of the process, the CLI's --stats phases, and from /usr/bin/time its CPU time (user +
     * system, all threads) and peak RSS (−1 if unknown). CPU time varies less than wall time on a shared machine.
     */
    record Run(long wallMs, long load, long compute, long write, long total, long bars, long hits, long cpuMs,
               long maxRssKb) {
    }

    private List<Run> repeat(String job, List<String> args, Map<String, String> env) throws Exception {
        if (launcher != null) {
            once(job + " (makes the launcher's start-up cache)", args, env);
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i <= reps; i++) {
            runs.add(once(job + " #" + i, args, env));
        }
        return runs;
    }

    Run once(String label, List<String> scanArgs, Map<String, String> env) throws Exception {
        Path stats = tmp.resolve("stats.json"), out = tmp.resolve("hits.csv"), log = tmp.resolve("cli.log"),
                rss = tmp.resolve("rss.txt");
        Files.deleteIfExists(stats);
        Files.deleteIfExists(rss);
        List<String> command = new ArrayList<>();
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        if (timed) {
            command.addAll(List.of("/usr/bin/time", "-f", "%U %S %M", "-o", rss.toString()));
        }
        if (launcher != null) {
            command.add(launcher.toString());
        } else {
            command.add(java);
            command.addAll(jvmArgs);
            command.addAll(List.of("-jar", jar.toString()));
        }
        command.addAll(scanArgs);
        command.addAll(List.of("--quiet", "--format", "csv", "--out", out.toString(), "--stats", stats.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("POLYGON_API_KEY");
        if (launcher != null) {
            pb.environment().put("JAVA_HOME", Path.of(java).toAbsolutePath().getParent().getParent().toString());
            pb.environment().put("LCSCANNER_JAR", jar.toAbsolutePath().toString());
            pb.environment().put("LCSCANNER_JAVA_OPTS", String.join(" ", jvmArgs));
        }
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(label + ": the CLI did not finish in 30 minutes");
        }
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(label + ": the CLI exited with " + p.exitValue() + ":\n" + Files.readString(log));
        }
        JsonNode s = JSON.readTree(stats.toFile());
        long[] time = timed && Files.exists(rss) ? parseTime(Files.readString(rss)) : new long[] {-1, -1};
        Run run = new Run(wallMs, s.path("phases_ms").path("load").asLong(), s.path("phases_ms").path("compute").asLong(),
                s.path("phases_ms").path("write").asLong(), s.path("total_ms").asLong(), s.path("bars").asLong(),
                s.path("hits").asLong(), time[0], time[1]);
        System.out.printf(Locale.ROOT, "%-20s wall %,6d ms  load %,6d  compute %,6d  write %,5d  cpu %,6d ms  (%,d bars, %,d hits, peak RSS %s)%n",
                label, run.wallMs, run.load, run.compute, run.write, run.cpuMs, run.bars, run.hits,
                run.maxRssKb < 0 ? "n/a" : run.maxRssKb / 1024 + " MB");
        return run;
    }

    /** The last line of /usr/bin/time's output file ("%U %S %M"): CPU ms (user + system) and peak RSS in KB; −1 if absent. */
    static long[] parseTime(String text) {
        String[] lines = text.strip().split("\n");
        String[] f = lines[lines.length - 1].strip().split(" ");
        try {
            return new long[] {Math.round((Double.parseDouble(f[0]) + Double.parseDouble(f[1])) * 1000), Long.parseLong(f[2])};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return new long[] {-1, -1};
        }
    }

    private void report(String job, String size, List<Run> runs, String note) {
        Run any = runs.get(0);
        long hits = any.hits;
        long writeMin = min(runs, Run::write);
        String rate = hits > 0 && writeMin > 0
                ? String.format(Locale.ROOT, "write %,.0f rows/s", hits * 1000.0 / writeMin) : "";
        table.append(String.format(Locale.ROOT, "| %s | %s, %,d bars | %.2f s | %.2f s | %.2f s | %.2f s (%.2f) | %.2f s (%.2f) | %.3f s (%.3f) | %,d | %s |%n",
                job, size, any.bars, min(runs, Run::wallMs) / 1e3, median(runs, Run::wallMs) / 1e3, min(runs, Run::cpuMs) / 1e3,
                min(runs, Run::load) / 1e3, median(runs, Run::load) / 1e3, min(runs, Run::compute) / 1e3,
                median(runs, Run::compute) / 1e3, writeMin / 1e3, median(runs, Run::write) / 1e3, hits,
                String.join("; ", List.of(note, rate).stream().filter(x -> !x.isEmpty()).toList())));
    }

    static long min(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
        return runs.stream().mapToLong(f).min().orElse(0);
    }

    /** The median (the lower of the middle two for an even count). */
    static long median(List<Run> runs, java.util.function.ToLongFunction<Run> f) {
        long[] v = runs.stream().mapToLong(f).sorted().toArray();
        return v.length == 0 ? 0 : v[(v.length - 1) / 2];
    }

    // ---------------------------------------------------------------- data

    /**
     * The synthetic market of {@code tickers} × {@code sessions} (ending {@link BenchData#LAST}) as a CSV in the golden
     * file's number format, ticker by ticker, cut after {@code maxRows} rows; made once per work directory.
     */
    private Path csvFile(int tickers, int sessions, long maxRows) throws IOException {
        Path csv = work.resolve("bars-" + tickers + "x" + sessions + (maxRows == Long.MAX_VALUE ? "" : "-" + maxRows) + ".csv");
        if (!Files.exists(csv)) {
            System.out.printf(Locale.ROOT, "writing %s%n", csv);
            Path part = csv.resolveSibling(csv.getFileName() + ".part");
            writeGoldenFormat(BenchData.universe(tickers, sessions).series(), part, maxRows);
            Files.move(part, csv);
        }
        return csv;
    }

    /**
     * Writes bars as {@code docs/golden/bars.csv} does: adjusted prices with 6 decimals, volume with one, as-traded
     * prices with 4 and volume as an integer (rounded half up there; the synthetic market's prices are mostly cents).
     */
    static void writeGoldenFormat(List<BarSeries> series, Path file, long maxRows) throws IOException {
        long rows = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("ticker,date,open,high,low,close,volume,open_ua,high_ua,low_ua,close_ua,volume_ua\n");
            StringBuilder line = new StringBuilder(128);
            for (BarSeries s : series) {
                double[][] adjusted = {s.open(), s.high(), s.low(), s.close()};
                double[][] asTraded = {s.openUa(), s.highUa(), s.lowUa(), s.closeUa()};
                for (int i = 0; i < s.size() && rows < maxRows; i++, rows++) {
                    line.setLength(0);
                    line.append(s.ticker()).append(',').append(s.date(i));
                    for (double[] column : adjusted) {
                        fixed(line.append(','), column[i], 6);
                    }
                    fixed(line.append(','), s.volume()[i], 1);
                    for (double[] column : asTraded) {
                        fixed(line.append(','), column[i], 4);
                    }
                    line.append(',').append(Math.round(s.volumeUa()[i])).append('\n');
                    w.append(line);
                }
            }
        }
    }

    /** x with exactly {@code decimals} decimals (x ≥ 0, below 10^12). */
    static void fixed(StringBuilder sb, double x, int decimals) {
        long scale = (long) Math.pow(10, decimals);
        long v = Math.round(x * scale);
        sb.append(v / scale).append('.');
        String fraction = Long.toString(v % scale);
        for (int i = fraction.length(); i < decimals; i++) {
            sb.append('0');
        }
        sb.append(fraction);
    }

    /** The first and last date of a CSV whose second field is the date (as {@link #writeGoldenFormat} writes it). */
    static LocalDate[] dateRange(Path csv) throws IOException {
        LocalDate first = LocalDate.MAX, last = LocalDate.MIN;
        try (var lines = Files.lines(csv, StandardCharsets.US_ASCII)) {
            for (String line : (Iterable<String>) lines.skip(1)::iterator) {
                int a = line.indexOf(',');
                LocalDate d = LocalDate.parse(line.substring(a + 1, a + 11));
                first = d.isBefore(first) ? d : first;
                last = d.isAfter(last) ? d : last;
            }
        }
        return new LocalDate[] {first, last};
    }

    private static long lines(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.US_ASCII)) {
            return lines.count();
        }
    }

    /**
     * The last NYSE session finished a day ago in New York: the CLI caches only finished sessions and their 30-minute
     * bars, and refetches intraday bars older than its split horizon, so the served market must end near today.
     */
    static LocalDate lastFinishedSession() {
        LocalDate d = ZonedDateTime.now(NyseCalendar.NEW_YORK).toLocalDate().minusDays(1);
        return NyseCalendar.isSession(d) ? d : NyseCalendar.previousSession(d);
    }
}
