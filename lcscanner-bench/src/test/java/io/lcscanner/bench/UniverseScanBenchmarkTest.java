package io.lcscanner.bench;

import io.lcscanner.core.Golden;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.HitFormat;
import io.lcscanner.core.ProgressListener;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.source.CsvBarSource;
import io.lcscanner.core.source.InMemoryBarSource;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The universe benchmark's scanner finds what a direct scan of the same data finds. */
class UniverseScanBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"lc", "three_setups"})
    void benchmarkScanEqualsADirectScanOfTheSyntheticMarket(String scanner) {
        UniverseScanBenchmark bench = new UniverseScanBenchmark();
        bench.tickers = 400;
        bench.sessions = 750;
        bench.threads = "max";
        bench.scanner = scanner;
        bench.setUp();
        BarCounter counter = new BarCounter();
        ScanResult got;
        try {
            got = bench.scan(counter);
        } finally {
            bench.tearDown();
        }

        ScanResult direct;
        try (Scanner once = Scanner.builder(BenchData.market(400, 750)).parallelism(1).build()) {
            direct = once.run(bench.request(), ProgressListener.NONE);
        }
        assertThat(direct.hits()).as("the synthetic market has hits").isNotEmpty();
        assertThat(got.schema().scanner()).isEqualTo(scanner);
        assertThat(csv(got)).isEqualTo(csv(direct));
        assertThat(got.stats().tickers()).isEqualTo(400);
        assertThat(got.stats().bars()).isEqualTo(direct.stats().bars());
        // every bar held is scanned: the request's lookback reaches the first session
        assertThat(got.stats().bars()).isEqualTo(bench.source().bars());
        assertThat(counter.bars).isEqualTo(got.stats().bars());
    }

    @Test
    void inMemoryCopyOfTheGoldenBarsScansToTheGoldenHits() throws Exception {
        CsvBarSource csv = new CsvBarSource(Golden.file("bars.csv"));
        InMemoryBarSource memory = InMemoryBarSource.copyOf(csv, Golden.request().loadFrom(), Golden.TO);
        ScanResult result;
        try (Scanner scanner = Scanner.builder(memory).parallelism(2).build()) {
            result = scanner.run(Golden.request(), ProgressListener.NONE);
        }
        assertThat(csv(result)).containsExactlyElementsOf(Golden.lines("expected_hits.csv"));
        assertThat(result.stats().tickers()).isEqualTo(Golden.TICKERS);
    }

    @Test
    void parallelismParameter() {
        assertThat(UniverseScanBenchmark.parallelism("1")).isEqualTo(1);
        assertThat(UniverseScanBenchmark.parallelism("max")).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    private static List<String> csv(ScanResult result) {
        StringBuilder out = new StringBuilder();
        HitFormat.writeCsv(result.schema(), result.hits(), out);
        return out.toString().lines().toList();
    }
}
