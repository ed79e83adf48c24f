package io.lcscanner.bench;

import io.lcscanner.core.Golden;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Hit;
import io.lcscanner.core.ProgressListener;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.source.InMemoryBarSource;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pattern benchmark finds the hits the scanner finds, with their scores and tiers. */
class PatternBenchmarkTest {

    @Test
    void benchmarkFindsTheGoldenHits() throws Exception {
        PatternBenchmark bench = new PatternBenchmark();
        bench.use(Golden.series(t -> true), Golden.request());
        BarCounter counter = new BarCounter();
        PatternBenchmark.Tally t = bench.evaluate(counter);

        // expected_hits.csv: ticker,date,d3,d2,d21,score,tier,...
        List<String> rows = Golden.lines("expected_hits.csv");
        PatternBenchmark.Tally expected = new PatternBenchmark.Tally();
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",", -1);
            expected.add(c[2].equals("1"), c[3].equals("1"), c[4].equals("1"), Double.parseDouble(c[5]), c[6]);
        }
        assertThat(expected.hits).isEqualTo(38);
        assertSameHits(t, expected);
        assertThat(counter.bars).isEqualTo(bench.windowBars());
        assertThat(t.scoreSum).isGreaterThan(t.hitScoreSum);

        // a second invocation starts afresh
        PatternBenchmark.Tally again = bench.evaluate(counter);
        assertSameHits(again, expected);
        assertThat(counter.bars).isEqualTo(2 * bench.windowBars());
    }

    @Test
    void benchmarkOnTheSyntheticMarketAgreesWithTheScanner() {
        PatternBenchmark bench = new PatternBenchmark();
        bench.tickers = 300;
        bench.setUp();
        PatternBenchmark.Tally t = bench.evaluate(new BarCounter());

        InMemoryBarSource source = BenchData.universe(300, PatternBenchmark.SESSIONS);
        ScanResult scan;
        try (Scanner scanner = Scanner.builder(source).parallelism(1).build()) {
            scan = scanner.run(BenchData.fullRangeRequest(PatternBenchmark.SESSIONS), ProgressListener.NONE);
        }
        PatternBenchmark.Tally expected = new PatternBenchmark.Tally();
        for (Hit h : scan.hits()) {
            expected.add(h.flag("lc_frontside_d3_extended_1"), h.flag("lc_frontside_d2_extended"), h.flag("lc_frontside_d2_extended_1"),
                    h.value("parabolic_score"), h.text("parabolic_tier"));
        }
        assertThat(expected.hits).as("the synthetic market has hits").isPositive();
        assertSameHits(t, expected);
    }

    private static void assertSameHits(PatternBenchmark.Tally actual, PatternBenchmark.Tally expected) {
        assertThat(actual.hits).isEqualTo(expected.hits);
        assertThat(actual.d3Extended1).isEqualTo(expected.d3Extended1);
        assertThat(actual.d2Extended).isEqualTo(expected.d2Extended);
        assertThat(actual.d2Extended1).isEqualTo(expected.d2Extended1);
        assertThat(actual.hitScoreSum).isCloseTo(expected.hitScoreSum, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(actual.tiers).containsExactly(expected.tiers);
    }
}
