package io.lcscanner.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV scan keeps a columnar copy of the file for the next scan: same hits, and none with --no-cache. */
class ScanCommandCsvCacheTest {
    @TempDir
    Path dir;

    /**
     * The files under {@code root} once it holds {@code expected} of them and no copy is still being written (a
     * {@code .tmp}), or after 30 s: a scan returns while its copy is written beside it, and the next scan must find
     * it finished.
     */
    private static long filesOnce(Path root, long expected) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        long n;
        while (((n = files(root)) != expected || writing(root)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return n;
    }

    private static boolean writing(Path root) throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            return all.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    private static long files(Path root) throws Exception {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aRepeatScanFromTheCopyPrintsTheGoldenHitsAndNoCacheWritesNothing() throws Exception {
        Path csv = Files.copy(Golden.file("bars.csv"), dir.resolve("bars.csv.gz"));
        String[] scan = {"scan", "--csv", csv.toString(), "--from", "2024-07-01", "--to", "2025-10-31", "--format", "csv"};

        // SCANNER_CACHE_DIR names the default cache: --no-cache writes nothing there, a plain scan one copy
        Path defaultCache = dir.resolve("default-cache");
        Map<String, String> env = Map.of("SCANNER_CACHE_DIR", defaultCache.toString());
        ScanCommandTest.Run none = run(env, concat(scan, "--no-cache"));
        assertThat(none.status()).as(none.err()).isZero();
        assertThat(none.out().lines().toList()).containsExactlyElementsOf(Golden.lines("expected_hits.csv"));
        Thread.sleep(200); // a copy would be written beside the scan: give it time to show
        assertThat(files(defaultCache)).isZero();
        ScanCommandTest.Run byDefault = run(env, scan);
        assertThat(byDefault.status()).as(byDefault.err()).isZero();
        assertThat(filesOnce(defaultCache, 1)).as("the default cache keeps a copy").isEqualTo(1);

        Path cache = dir.resolve("cache");
        for (int run = 1; run <= 2; run++) {
            ScanCommandTest.Run r = run(env, concat(scan, "--cache-dir", cache.toString()));
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out().lines().toList()).as("run %d", run).containsExactlyElementsOf(Golden.lines("expected_hits.csv"));
            assertThat(filesOnce(cache.resolve("csv-v2"), 1)).as("one copy after run %d", run).isEqualTo(1);
        }
        ScanCommandTest.Run synthetic = run(env, "scan", "--source", "synthetic", "--no-cache");
        assertThat(synthetic.status()).isEqualTo(2);
        assertThat(synthetic.err()).contains("--no-cache: only applies to --source polygon or csv");
    }

    private static ScanCommandTest.Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = new ScanCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, env).run(java.util.Arrays.copyOfRange(args, 1, args.length));
        return new ScanCommandTest.Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
