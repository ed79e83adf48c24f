package io.lcscanner.bench;

import io.lcscanner.core.source.BarSeries;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The command line against the Polars peer ({@code shared/peers/polars_lc.py}, the LC scan written well in Polars) on
 * the same CSV: each round runs {@code java -jar lcscanner-server.jar scan --csv …}, then {@code bin/lcscanner scan
 * --csv …}, then the peer, each a fresh process timed from outside (JVM or interpreter start included), so that a
 * change in the machine's load slows them alike. It prints every run, then per command the median wall time and the
 * median of its per-round ratios to the peer (peer time / command time: 2.0 means twice as fast as Polars), and
 * whether the hits files are byte-identical. Without python or Polars the peer is skipped with a message and the CLI
 * alone is timed.
 *
 * <pre>
 * java -cp lcscanner-bench/target/benchmarks.jar io.lcscanner.bench.PolarsPeerBenchmark [options]
 *   --market NAME     synthetic-3000 (3,000 tickers × 900 sessions, the golden file's columns and decimals) or
 *                     synthetic-7000 (7,000 tickers × 750 sessions, adjusted columns only, 4 decimals: the
 *                     shape of a real-ticker export); written once into --work (default synthetic-3000)
 *   --csv FILE        a CSV of your own instead
 *   --work DIR        where generated files are kept (default /tmp/lcscanner-peer)
 *   --runs N          rounds (default 5)
 *   --jar FILE        the CLI jar (default lcscanner-server/target/lcscanner-server.jar)
 *   --launcher FILE   the launcher (default bin/lcscanner; "none" to skip it)
 *   --peer FILE       polars_lc.py (default ../shared/peers/polars_lc.py)
 *   --python FILE     the interpreter (default python3)
 *   --repeat          also time a repeat scan: bin/lcscanner with a cache directory kept from run to run
 *   --old-build       pass no cache options (a build from before the CSV's columnar copy)
 *   --cli-arg ARG     one more CLI argument for every CLI command (repeatable)
 * </pre>
 *
 * The cold commands scan with a cache directory emptied before every run ({@code --cache-dir work/cold-cache}), so
 * each is a first scan of the file, writing its columnar copy included; the repeat command keeps its cache.
 */
public final class PolarsPeerBenchmark {
    static final Map<String, int[]> MARKETS = Map.of("synthetic-3000", new int[] {3000, 900},
            "synthetic-7000", new int[] {7000, 750});

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("lcscanner-server/target/lcscanner-server.jar");
        String launcher = "bin/lcscanner";
        Path peer = Path.of("../shared/peers/polars_lc.py");
        String python = "python3";
        String market = "synthetic-3000";
        Path csv = null;
        Path work = Path.of("/tmp/lcscanner-peer");
        int runs = 5;
        boolean repeat = false;
        boolean oldBuild = false;
        List<String> cliArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (args[i].equals("--repeat") || args[i].equals("--old-build")) {
                repeat |= args[i].equals("--repeat");
                oldBuild |= args[i].equals("--old-build");
                continue;
            }
            if (value == null) {
                throw new IllegalArgumentException(args[i] + ": needs a value (see the class comment)");
            }
            switch (args[i]) {
                case "--market" -> market = value;
                case "--csv" -> csv = Path.of(value);
                case "--work" -> work = Path.of(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--jar" -> jar = Path.of(value);
                case "--launcher" -> launcher = value;
                case "--peer" -> peer = Path.of(value);
                case "--python" -> python = value;
                case "--cli-arg" -> cliArgs.add(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see the class comment)");
            }
            i++;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + ": no such jar (build it: mvn -q -DskipTests package)");
        }
        Files.createDirectories(work);
        if (csv == null) {
            int[] size = MARKETS.get(market);
            if (size == null) {
                throw new IllegalArgumentException("--market: unknown market " + market + "; markets: " + MARKETS.keySet());
            }
            csv = marketCsv(work, market, size[0], size[1]);
        }
        LocalDate[] range = ColdStartBenchmark.dateRange(csv);
        String from = range[0].plusDays(400).toString(), to = range[1].toString();
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());

        Map<String, List<String>> commands = new LinkedHashMap<>();
        List<String> scan = new ArrayList<>(List.of("scan", "--csv", csv.toString(), "--from", from, "--to", to,
                "--quiet", "--format", "csv", "--out"));
        Path coldCache = work.resolve("cold-cache"), warmCache = work.resolve("warm-cache");
        List<String> cold = new ArrayList<>(cliArgs), warm = new ArrayList<>(cliArgs);
        if (!oldBuild) {
            cold.addAll(List.of("--cache-dir", coldCache.toString()));
            warm.addAll(List.of("--cache-dir", warmCache.toString()));
        }
        commands.put("java -jar", concat(List.of(java, "-jar", jar.toString()), scan, "java-jar.csv", cold, work));
        if (!launcher.equals("none")) {
            commands.put(launcher, concat(List.of(launcher), scan, "launcher.csv", cold, work));
            if (repeat) {
                commands.put(launcher + " again", concat(List.of(launcher), scan, "launcher-again.csv", warm, work));
            }
        }
        String skipped = peerProblem(python, peer);
        if (skipped == null) {
            commands.put("polars peer", List.of(python, peer.toString(), csv.toString(), from, to,
                    work.resolve("peer.csv").toString(), "--quiet"));
        } else {
            System.out.println("# the Polars peer is skipped: " + skipped);
        }
        System.out.printf(Locale.ROOT, "# %s (%,d bytes), hits %s..%s, %d rounds, load average %s%n",
                csv, Files.size(csv), from, to, runs, loadAverage());
        if (!launcher.equals("none")) {
            // the launcher's start-up cache is made by its first run (and the repeat's copy of the CSV): before timing
            run(commands.get(repeat ? launcher + " again" : launcher), work);
        }
        Map<String, long[]> times = new LinkedHashMap<>();
        for (String name : commands.keySet()) {
            times.put(name, new long[runs]);
        }
        for (int round = 0; round < runs; round++) {
            for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                if (Files.exists(coldCache)) {
                    BenchData.deleteTree(coldCache);
                }
                long ms = run(command.getValue(), work);
                times.get(command.getKey())[round] = ms;
                System.out.printf(Locale.ROOT, "round %d  %-22s %,7d ms%n", round + 1, command.getKey(), ms);
            }
        }
        System.out.printf(Locale.ROOT, "# load average after: %s%n", loadAverage());
        System.out.print(summary(times, skipped == null ? "polars peer" : null));
        if (skipped == null) {
            byte[] peerHits = Files.readAllBytes(work.resolve("peer.csv"));
            boolean same = Arrays.equals(peerHits, Files.readAllBytes(work.resolve("java-jar.csv")));
            System.out.println("# hits files byte-identical to the peer's: " + (same ? "yes" : "NO"));
        }
    }

    /**
     * The table: per command the median and min wall time and the median of the per-round ratios {@code peer / command}
     * (rounds pair the commands; the median of those ratios resists a round the machine slowed). No peer: no ratios.
     */
    static String summary(Map<String, long[]> times, String peerName) {
        StringBuilder out = new StringBuilder("| command | wall median | wall min | ratio to the peer (median of rounds) |\n|---|---|---|---|\n");
        long[] peer = peerName == null ? null : times.get(peerName);
        for (Map.Entry<String, long[]> e : times.entrySet()) {
            long[] t = e.getValue();
            String ratio = "";
            if (peer != null && !e.getKey().equals(peerName)) {
                double[] r = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    r[i] = (double) peer[i] / t[i];
                }
                ratio = String.format(Locale.ROOT, "%.2f×", median(r));
            }
            out.append(String.format(Locale.ROOT, "| %s | %.2f s | %.2f s | %s |%n", e.getKey(), median(t) / 1e3,
                    Arrays.stream(t).min().orElse(0) / 1e3, ratio));
        }
        return out.toString();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static double median(long[] values) {
        return median(Arrays.stream(values).asDoubleStream().toArray());
    }

    /** Why the peer cannot run (no interpreter, no Polars, no script), or null when it can. */
    static String peerProblem(String python, Path peer) throws InterruptedException {
        if (!Files.isRegularFile(peer)) {
            return peer + ": no such file (--peer)";
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import polars").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return python + " -c 'import polars' did not finish in 60 s";
            }
            return p.exitValue() == 0 ? null : "Polars is not installed for " + python + " (pip install polars==1.44.2)";
        } catch (IOException e) {
            return python + " cannot be started (--python)";
        }
    }

    private static List<String> concat(List<String> head, List<String> scan, String out, List<String> more, Path work) {
        List<String> all = new ArrayList<>(head);
        all.addAll(scan);
        all.add(work.resolve(out).toString());
        all.addAll(more);
        return all;
    }

    /** Runs one command to its end; its wall time in ms. Output goes to {@code work/last.log}. */
    private static long run(List<String> command, Path work) throws Exception {
        Path log = work.resolve("last.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().remove("POLYGON_API_KEY");
        long start = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in 30 minutes");
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ":\n"
                    + Files.readString(log));
        }
        return ms;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** The market's CSV in {@code work}, written once (to a temporary name, then renamed). */
    static Path marketCsv(Path work, String name, int tickers, int sessions) throws IOException {
        Path csv = work.resolve(name + ".csv");
        if (!Files.exists(csv)) {
            System.out.printf(Locale.ROOT, "# writing %s (%,d tickers × %d sessions)%n", csv, tickers, sessions);
            Path part = work.resolve(name + ".csv.part");
            List<BarSeries> series = BenchData.universe(tickers, sessions).series();
            if (tickers == 3000) {
                ColdStartBenchmark.writeGoldenFormat(series, part, Long.MAX_VALUE);
            } else {
                writeAdjustedOnly(series, part);
            }
            Files.move(part, csv, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return csv;
    }

    /** Bars with the required columns only (as-traded = adjusted), prices with 4 decimals, volume whole. */
    static void writeAdjustedOnly(List<BarSeries> series, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("ticker,date,open,high,low,close,volume\n");
            StringBuilder line = new StringBuilder(64);
            for (BarSeries s : series) {
                double[][] prices = {s.open(), s.high(), s.low(), s.close()};
                for (int i = 0; i < s.size(); i++) {
                    line.setLength(0);
                    line.append(s.ticker()).append(',').append(s.date(i));
                    for (double[] column : prices) {
                        ColdStartBenchmark.fixed(line.append(','), column[i], 4);
                    }
                    line.append(',').append(Math.round(s.volume()[i])).append('\n');
                    w.append(line);
                }
            }
        }
    }
}
