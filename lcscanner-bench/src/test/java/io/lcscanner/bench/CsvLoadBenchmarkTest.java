package io.lcscanner.bench;

import io.lcscanner.core.Golden;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The CSV benchmark loads every bar of its file, exactly. */
class CsvLoadBenchmarkTest {

    @Test
    void loadsTheGoldenBars() throws Exception {
        CsvLoadBenchmark bench = new CsvLoadBenchmark();
        bench.tickers = 120;
        bench.file = Golden.file("bars.csv").toString();
        bench.setUp();
        CsvLoadBenchmark.LoadCounter counter = new CsvLoadBenchmark.LoadCounter();
        BarSource.Window w = bench.load(counter);
        assertThat(w.tickerCount()).isEqualTo(Golden.TICKERS);
        assertThat(counter.bars).isEqualTo(Golden.BARS);
        assertThat(counter.bytes).isEqualTo(Files.size(Golden.file("bars.csv")));
        assertThat(Files.exists(bench.csv())).isTrue();
        bench.tearDown();
        assertThat(Files.exists(bench.csv())).as("tear-down leaves a given file alone").isTrue();
    }

    @Test
    void generatedFileReadsBackAsTheSyntheticSeries() throws Exception {
        CsvLoadBenchmark bench = new CsvLoadBenchmark();
        bench.tickers = 120;
        bench.format = "shortest";
        bench.file = CsvLoadBenchmark.GENERATED;
        bench.setUp();
        Path csv = bench.csv();
        try {
            List<BarSeries> expected = BenchData.universe(120, CsvLoadBenchmark.SESSIONS).series().stream()
                    .filter(s -> s.size() > 0).toList();
            CsvLoadBenchmark.LoadCounter counter = new CsvLoadBenchmark.LoadCounter();
            BarSource.Window w = bench.load(counter);
            assertThat(w.tickerCount()).isEqualTo(expected.size()).isGreaterThan(100);
            assertThat(counter.bars).isEqualTo(expected.stream().mapToLong(BarSeries::size).sum());
            for (int i = 0; i < w.tickerCount(); i++) {
                assertSameBars(w.series(i), expected.get(i));
            }
            // every call loads afresh
            bench.load(counter);
            assertThat(counter.bars).isEqualTo(2 * expected.stream().mapToLong(BarSeries::size).sum());
        } finally {
            bench.tearDown();
        }
        assertThat(Files.exists(csv)).as("the generated file is removed").isFalse();
        assertThat(Files.exists(csv.getParent())).isFalse();
    }

    @Test
    void theGoldenFormatFileHoldsEveryBarWithTheGoldenDecimals() throws Exception {
        CsvLoadBenchmark bench = new CsvLoadBenchmark();
        bench.tickers = 120;
        bench.format = "golden";
        bench.file = CsvLoadBenchmark.GENERATED;
        bench.setUp();
        try {
            long expected = BenchData.universe(120, CsvLoadBenchmark.SESSIONS).series().stream().mapToLong(BarSeries::size).sum();
            CsvLoadBenchmark.LoadCounter counter = new CsvLoadBenchmark.LoadCounter();
            bench.load(counter);
            assertThat(counter.bars).isEqualTo(expected);
            assertThat(counter.bytes).isEqualTo(Files.size(bench.csv()));
            try (var lines = Files.lines(bench.csv())) {
                assertThat(lines.skip(1).findFirst().orElseThrow()).matches("[^,]+,[-0-9]{10}(,\\d+\\.\\d{6}){4},\\d+\\.\\d(,\\d+\\.\\d{4}){4},\\d+");
            }
        } finally {
            bench.tearDown();
        }
    }

    private static void assertSameBars(BarSeries got, BarSeries want) {
        assertThat(got.ticker()).isEqualTo(want.ticker());
        assertThat(got.epochDays()).containsExactly(want.epochDays());
        assertThat(got.open()).containsExactly(want.open());
        assertThat(got.high()).containsExactly(want.high());
        assertThat(got.low()).containsExactly(want.low());
        assertThat(got.close()).containsExactly(want.close());
        assertThat(got.volume()).containsExactly(want.volume());
        assertThat(got.openUa()).containsExactly(want.openUa());
        assertThat(got.highUa()).containsExactly(want.highUa());
        assertThat(got.lowUa()).containsExactly(want.lowUa());
        assertThat(got.closeUa()).containsExactly(want.closeUa());
        assertThat(got.volumeUa()).containsExactly(want.volumeUa());
    }
}
