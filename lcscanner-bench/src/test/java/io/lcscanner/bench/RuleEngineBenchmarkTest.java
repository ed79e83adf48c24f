package io.lcscanner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.ProgressListener;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.InMemoryBarSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule-engine benchmark measures what a scan runs, and counts what it scans. */
class RuleEngineBenchmarkTest {
    private static final List<BarSeries> UNIVERSE = BenchData.universe(400, 750).series();
    private static final ScanRequest REQUEST = BenchData.fullRangeRequest(750);

    private static List<String> hits(String engine) {
        ScanKernel.Evaluator e = RuleEngineBenchmark.evaluator(engine);
        int from = (int) REQUEST.from().toEpochDay(), to = (int) REQUEST.to().toEpochDay();
        List<String> out = new ArrayList<>();
        for (BarSeries s : UNIVERSE) {
            e.scan(s, from, to, (ticker, day, row) -> {
                StringBuilder bits = new StringBuilder(ticker).append(' ').append(day);
                for (double v : row) {
                    bits.append(' ').append(Long.toHexString(Double.doubleToLongBits(v)));
                }
                out.add(bits.toString());
            });
        }
        return out;
    }

    @Test
    void theLcEngineFindsExactlyWhatAWholeScanFinds() {
        List<String> engine = hits("lc").stream().map(h -> h.substring(0, h.indexOf(' ', h.indexOf(' ') + 1))).sorted().toList();
        assertThat(engine).as("the synthetic universe has LC hits").isNotEmpty();
        ScanResult result;
        try (Scanner scanner = Scanner.builder(new InMemoryBarSource("universe", UNIVERSE)).parallelism(2).build()) {
            result = scanner.run(REQUEST, ProgressListener.NONE);
        }
        assertThat(result.hits().stream().map(h -> h.ticker() + " " + h.epochDay()).sorted().toList())
                .containsExactlyElementsOf(engine);
    }

    @Test
    void everyEngineScansEveryBarOnce() {
        long bars = UNIVERSE.stream().mapToLong(BarSeries::size).sum();
        for (String engine : List.of("lc", "custom")) {
            RuleEngineBenchmark bench = new RuleEngineBenchmark();
            bench.engine = engine;
            bench.use(UNIVERSE, REQUEST);
            BarCounter counter = new BarCounter();
            long hits = bench.scan(counter);
            assertThat(counter.bars).as(engine).isEqualTo(bars);
            assertThat(hits).as(engine).isEqualTo(hits(engine).size()).isPositive();
        }
        RuleEngineBenchmark skip = new RuleEngineBenchmark();
        skip.engine = "skip";
        skip.use(UNIVERSE, REQUEST);
        BarCounter counter = new BarCounter();
        assertThat(skip.scan(counter)).as("no ticker passes the gate").isZero();
        assertThat(counter.bars).isEqualTo(bars);
        assertThatThrownBy(() -> RuleEngineBenchmark.evaluator("python"))
                .hasMessageContaining("lc, custom, skip or a scanner document (a .json file), got python");
    }

    @Test
    void aScannerDocumentsFileIsAnEngineToo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path doc = java.nio.file.Files.writeString(dir.resolve("three_setups.json"), RuleEngineBenchmark.CUSTOM);
        assertThat(hits(doc.toString())).isNotEmpty().containsExactlyElementsOf(hits("custom"));
        assertThatThrownBy(() -> RuleEngineBenchmark.evaluator(dir.resolve("missing.json").toString()))
                .hasMessageContaining("cannot read the scanner document");
    }

    @Test
    void theInterleavedRunTimesEveryEngineOnEveryPass() {
        long[][][] measured = RuleEngineMain.run(UNIVERSE.subList(0, 50), REQUEST, 3, 1);
        assertThat(measured.length).as("wall, then thread CPU time").isEqualTo(2);
        for (long[][] nanos : measured) {
            assertThat(nanos).hasNumberOfRows(RuleEngineMain.ENGINES.size());
            for (long[] engine : nanos) {
                assertThat(engine).hasSize(3).doesNotContain(0L);
            }
        }
    }
}
