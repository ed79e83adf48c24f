package io.lcscanner.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV scan keeps a columnar copy of the file for the next scan: same hits, and none with --no-cache. */
class ScanCommandCsvCacheTest {
    @TempDir
    Path dir;

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

        // the build points SCANNER_CACHE_DIR, the default cache, at target/: --no-cache adds nothing there
        Path defaultCache = Path.of(System.getenv().getOrDefault("SCANNER_CACHE_DIR", dir.resolve("unset").toString()));
        long before = files(defaultCache);
        ScanCommandTest.Run none = ScanCommandTest.run(concat(scan, "--no-cache"));
        assertThat(none.status()).as(none.err()).isZero();
        assertThat(none.out().lines().toList()).containsExactlyElementsOf(Golden.lines("expected_hits.csv"));
        assertThat(files(defaultCache)).isEqualTo(before);
        ScanCommandTest.Run byDefault = ScanCommandTest.run(scan);
        assertThat(byDefault.status()).as(byDefault.err()).isZero();
        assertThat(files(defaultCache)).as("the default cache keeps a copy").isEqualTo(before + 1);

        Path cache = dir.resolve("cache");
        for (int run = 1; run <= 2; run++) {
            ScanCommandTest.Run r = ScanCommandTest.run(concat(scan, "--cache-dir", cache.toString()));
            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out().lines().toList()).as("run %d", run).containsExactlyElementsOf(Golden.lines("expected_hits.csv"));
            assertThat(files(cache.resolve("csv-v1"))).as("one copy after run %d", run).isEqualTo(1);
        }
        ScanCommandTest.Run synthetic = ScanCommandTest.run("scan", "--source", "synthetic", "--no-cache");
        assertThat(synthetic.status()).isEqualTo(2);
        assertThat(synthetic.err()).contains("--no-cache: only applies to --source polygon or csv");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
