package io.lcscanner.polygon;

import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Not a unit test: measures the two load paths and prints the numbers.
 *
 * <ol>
 *   <li>Cold: ~1,000 grouped-daily requests (500 sessions × 2 adjustments of the golden bars) against the
 *       fake server with 50 ms latency at concurrency 12; the goal is 1.3 × requests × latency / concurrency.
 *   <li>Warm: a generated cache of 12,000 tickers × 750 sessions loaded into per-ticker columns; goal &lt; 2 s.
 * </ol>
 *
 * Run from the repository root after {@code mvn -q -pl lcscanner-polygon -am test-compile}:
 * <pre>
 * M2=~/.m2/repository
 * java -Xmx4g -cp lcscanner-core/target/classes:lcscanner-polygon/target/classes:lcscanner-polygon/target/test-classes:\
 * $M2/com/fasterxml/jackson/core/jackson-core/2.21.3/jackson-core-2.21.3.jar:$M2/org/slf4j/slf4j-api/2.0.17/slf4j-api-2.0.17.jar \
 *   io.lcscanner.polygon.PolygonBenchmark ../shared/golden/bars.csv
 * </pre>
 * Options: {@code -Dbench.warmOnly=true} skips the cold part; {@code -Dbench.dir=DIR} keeps the generated
 * cache in DIR and reuses it on the next run, so that run's JVM does nothing but load, like a CLI scan;
 * {@code -Dbench.runs=N} loads N times (default 3).
 */
public final class PolygonBenchmark {
    private PolygonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path bars = Path.of(args.length > 0 ? args[0] : "../shared/golden/bars.csv");
        Clock clock = SyntheticCache.CLOCK;
        if (!Boolean.getBoolean("bench.warmOnly")) {
            cold(bars, clock);
        }
        warm(clock);
    }

    private static void cold(Path bars, Clock clock) throws Exception {
        try (FakePolygonServer server = FakePolygonServer.fromCsv(bars, 1)) {
            server.latencyMillis = 50;
            LocalDate from = LocalDate.of(2023, 1, 3);
            List<LocalDate> sessions = NyseCalendar.sessions(from, LocalDate.of(2025, 12, 31));
            LocalDate to = sessions.get(499);
            PolygonConfig config = PolygonClientTest.config(server).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30))
                    .withMaxConcurrency(12);
            for (int run = 1; run <= 2; run++) {
                int mark = server.requests.size();
                try (PolygonClient client = new PolygonClient(config)) {
                    long t0 = System.nanoTime();
                    BarSource.Window w = new PolygonBarSource(client, clock).open(from, to, t -> true, BarSource.LoadListener.NONE);
                    double s = (System.nanoTime() - t0) / 1e9;
                    long n = server.requests.size() - mark;
                    double ideal = n * 0.050 / 12;
                    System.out.printf("cold run %d: %d requests, 50 ms latency, concurrency 12: %.2f s; ideal %.2f s; ratio %.2f "
                            + "(goal <= 1.30); %d tickers%n", run, n, s, ideal, s / ideal, w.tickerCount());
                }
            }
        }
    }

    private static void warm(Clock clock) throws Exception {
        String keep = System.getProperty("bench.dir"); // keeps the generated cache there for profiling
        Path dir = keep != null ? Files.createDirectories(Path.of(keep)) : Files.createTempDirectory("lcscanner-bench");
        try (FakePolygonServer server = new FakePolygonServer(List.of(), 1)) {
            int tickers = 12_000, sessionsWanted = 750;
            List<LocalDate> sessions = SyntheticCache.sessions(sessionsWanted);
            long g0 = System.nanoTime();
            // a kept cache is reused, so the measured JVM does nothing but load (like a CLI scan)
            boolean reuse = keep != null && SyntheticCache.written(dir, sessions);
            if (!reuse) {
                SyntheticCache.write(dir, SyntheticCache.tickers(tickers), sessions, 42);
            }
            System.out.printf("warm: %s %d sessions × %d tickers in %.1f s (%d MB)%n", reuse ? "reused" : "generated",
                    sessionsWanted, tickers, (System.nanoTime() - g0) / 1e9, size(dir) >> 20);
            PolygonConfig config = PolygonClientTest.config(server).withCacheDir(dir);
            for (int run = 1; run <= Integer.getInteger("bench.runs", 3); run++) {
                if (!reuse) {
                    System.gc(); // the generation's garbage is not the load's
                }
                int mark = server.requests.size();
                try (PolygonClient client = new PolygonClient(config)) {
                    long t0 = System.nanoTime();
                    BarSource.Window w = new PolygonBarSource(client, clock).open(sessions.get(0), sessions.get(sessions.size() - 1),
                            t -> true, BarSource.LoadListener.NONE);
                    double s = (System.nanoTime() - t0) / 1e9;
                    long bars = 0;
                    for (int i = 0; i < w.tickerCount(); i++) {
                        bars += w.series(i).size(); // the scanner's workers do this copy, one ticker per task
                    }
                    double withSeries = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("warm run %d: %d tickers, %d bars: open %.2f s (goal < 2 s), every series copied out "
                                    + "%.2f s; %d requests (splits only), %d processors%n", run, w.tickerCount(), bars, s, withSeries,
                            server.requests.size() - mark, Runtime.getRuntime().availableProcessors());
                }
            }
        } finally {
            try (Stream<Path> s = keep != null ? Stream.empty() : Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static long size(Path dir) throws IOException {
        long total = 0;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                total += Files.size(p);
            }
        }
        return total;
    }
}
