package io.lcscanner.bench;

import io.lcscanner.core.source.BarSource;
import io.lcscanner.polygon.FakePolygonServer;
import io.lcscanner.polygon.PolygonBarSource;
import io.lcscanner.polygon.PolygonClient;
import io.lcscanner.polygon.PolygonConfig;
import io.lcscanner.polygon.SyntheticCache;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Polygon source's two loads as a command line meets them, each in a fresh JVM: a cold fetch (every
 * session fetched from a fake Polygon on 127.0.0.1 serving a generated market of {@code tickers} ×
 * {@code sessions}, both adjustments, gzipped, 12 requests in flight, the disk cache filled on the way) and a
 * warm load of the cache it filled. For each, it prints the process's wall time (JVM start included), the
 * time of {@code open} and of copying every series out, and the peak resident memory ({@code VmHWM}).
 *
 * <pre>
 * mvn -q -o -pl lcscanner-bench -am -DskipTests package
 * java -cp lcscanner-bench/target/benchmarks.jar io.lcscanner.bench.PolygonLoadMain 3000 850 3
 * </pre>
 * Arguments: tickers (3000), sessions (850), runs (3). The measured JVMs get no options unless
 * {@code -Dbench.jvm="-Xmx1g …"} gives some, like a plain {@code java -jar}; {@code -Dbench.latency=50} delays
 * every answer by 50 ms (Polygon's round trip; default none); {@code -Dbench.childcp=…} runs the measured JVMs
 * on another class path (an older build, to compare); {@code -Dbench.warm=false} skips the warm loads. The server runs in this JVM, so it shares the machine's
 * cores with the measured one; the CPU time reported is the measured JVM's own. {@code -Dbench.verbose=true}
 * prints everything the measured JVMs print (with {@code -Dbench.jvm="-Xlog:gc"}, say). {@code -Dbench.dir=DIR} keeps
 * the cache in DIR: a run that finds it filled measures the warm load only. The measured JVM keeps its heap near
 * its live data as the command line does ({@link PolygonBarSource#keepHeapNearLiveData});
 * {@code -Dbench.jvm=-Dbench.defaultHeap=true} measures G1's default sizing instead.
 */
public final class PolygonLoadMain {
    static final long SEED = 42;

    private PolygonLoadMain() {
    }

    /** What one measured JVM reported. */
    record Run(String kind, double processSeconds, double cpuSeconds, double openSeconds, double seriesSeconds,
               long peakRssKiB, long openPeakRssKiB, int tickers, long bars, long requests) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--load")) {
            load(URI.create(args[1]), Path.of(args[2]), LocalDate.parse(args[3]), LocalDate.parse(args[4]));
            return;
        }
        int tickers = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 850;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<LocalDate> days = SyntheticCache.sessions(sessions);
        List<Run> cold = new ArrayList<>(), warm = new ArrayList<>();
        boolean measureWarm = Boolean.parseBoolean(System.getProperty("bench.warm", "true"));
        String keep = System.getProperty("bench.dir");
        try (FakePolygonServer server = FakePolygonServer.synthetic(tickers, days, SEED)) {
            server.setLatencyMillis(Long.getLong("bench.latency", 0));
            for (int i = 1; i <= runs; i++) {
                Path dir = keep != null ? Files.createDirectories(Path.of(keep)) : Files.createTempDirectory("lcscanner-polygon-load-");
                try {
                    if (keep == null || !SyntheticCache.written(dir, days)) { // a kept cache is only loaded warm
                        cold.add(check(measure("cold", server.baseUrl(), dir, days), tickers, sessions));
                        print(i, cold.get(cold.size() - 1));
                    }
                    if (measureWarm) {
                        warm.add(check(measure("warm", server.baseUrl(), dir, days), tickers, sessions));
                        print(i, warm.get(warm.size() - 1));
                    }
                } finally {
                    if (keep == null) {
                        BenchData.deleteTree(dir);
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d tickers x %d sessions, %d runs, %d processors%n", tickers, sessions, runs,
                Runtime.getRuntime().availableProcessors());
        summary(cold);
        summary(warm);
    }

    private static Run check(Run r, int tickers, int sessions) {
        if (r.bars != (long) tickers * sessions) {
            throw new IllegalStateException(r.kind + " load returned " + r.bars + " bars, expected " + (long) tickers * sessions);
        }
        return r;
    }

    private static void print(int run, Run r) {
        System.out.printf(Locale.ROOT, "run %d %s: process %.2f s, %.2f s CPU (open %.2f s, series %.2f s), peak RSS %d MB "
                        + "(%d MB after open), %d tickers, %d bars, %d requests%n", run, r.kind, r.processSeconds, r.cpuSeconds,
                r.openSeconds, r.seriesSeconds, r.peakRssKiB >> 10, r.openPeakRssKiB >> 10, r.tickers, r.bars, r.requests);
    }

    private static void summary(List<Run> runs) {
        if (runs.isEmpty()) {
            return;
        }
        double[] wall = runs.stream().mapToDouble(Run::processSeconds).sorted().toArray();
        double[] open = runs.stream().mapToDouble(Run::openSeconds).sorted().toArray();
        double[] cpu = runs.stream().mapToDouble(Run::cpuSeconds).sorted().toArray();
        long[] rss = runs.stream().mapToLong(Run::peakRssKiB).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s: process wall min %.2f s, median %.2f s; CPU min %.2f s, median %.2f s; open min %.2f s, "
                        + "median %.2f s; peak RSS min %d MB, median %d MB, max %d MB%n", runs.get(0).kind, wall[0], wall[wall.length / 2],
                cpu[0], cpu[cpu.length / 2], open[0], open[open.length / 2], rss[0] >> 10, rss[rss.length / 2] >> 10,
                rss[rss.length - 1] >> 10);
    }

    /** Runs one load in a fresh JVM with this class path. */
    private static Run measure(String kind, URI baseUrl, Path dir, List<LocalDate> days) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getProperty("bench.jvm", "").trim();
        if (!opts.isEmpty()) {
            cmd.addAll(Arrays.asList(opts.split("\\s+")));
        }
        cmd.addAll(List.of("-cp", System.getProperty("bench.childcp", System.getProperty("java.class.path")),
                PolygonLoadMain.class.getName(), "--load",
                baseUrl.toString(), dir.toString(), days.get(0).toString(), days.get(days.size() - 1).toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (Boolean.getBoolean("bench.verbose")) {
            System.out.print(out);
        }
        String line = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(null);
        if (exit != 0 || line == null) {
            throw new IllegalStateException(kind + " load failed (exit " + exit + "):\n" + out);
        }
        String[] f = line.split(" ");
        return new Run(kind, seconds, Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Long.parseLong(f[4]), Long.parseLong(f[5]), Integer.parseInt(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]));
    }

    /** The measured JVM: opens the window through the public API and copies every series out, as a scan does. */
    private static void load(URI baseUrl, Path dir, LocalDate from, LocalDate to) throws Exception {
        if (!Boolean.getBoolean("bench.defaultHeap")) {
            PolygonBarSource.keepHeapNearLiveData(); // as the command line and the server do
        }
        PolygonConfig config = PolygonConfig.of(FakePolygonServer.KEY).withBaseUrl(baseUrl).withCacheDir(dir);
        try (PolygonClient client = new PolygonClient(config)) {
            long t0 = System.nanoTime();
            BarSource.Window w = new PolygonBarSource(client).open(from, to, t -> true, BarSource.LoadListener.NONE);
            long t1 = System.nanoTime();
            long openPeak = peakRssKiB();
            long bars = 0;
            for (int i = 0; i < w.tickerCount(); i++) {
                bars += w.series(i).size();
            }
            long t2 = System.nanoTime();
            double cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(-1.0);
            System.out.printf(Locale.ROOT, "RESULT %.3f %.3f %.3f %d %d %d %d %d%n", cpu, (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                    peakRssKiB(), openPeak, w.tickerCount(), bars, client.requestCount());
        }
    }

    /** The process's peak resident set ({@code VmHWM} of /proc/self/status), in KiB; -1 where there is none. */
    static long peakRssKiB() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return -1;
        }
        for (String l : Files.readAllLines(status)) {
            if (l.startsWith("VmHWM:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
