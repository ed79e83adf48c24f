package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.engine.EngineAccess;
import io.lcscanner.core.engine.OutputColumn;
import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * 1,000 random and mutated documents and expressions (seeded, so every run is the same): each is either
 * refused with a {@link ScannerDefinitionException} or compiles within a generous 100 ms, and every one
 * that compiles scans a few synthetic tickers without an exception, its rows shaped as its columns say,
 * the lazy evaluator finding exactly what the evaluator that computes everything finds.
 */
@Tag("slow")
class ScannerDefinitionFuzzTest {
    private static final long SEED = 20_251_130L;
    private RandomDocuments docs = new RandomDocuments(new SplittableRandom(SEED + 1));
    private SplittableRandom random = docs.random();

    @Test
    void randomAndMutatedDocumentsAreRefusedCleanlyOrCompileFastAndRun() throws Exception {
        List<BarSeries> series = new ArrayList<>();
        BarSource.Window w = new SyntheticMarket(7, 6).open(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 6, 30),
                t -> true, BarSource.LoadListener.NONE);
        for (int i = 0; i < w.tickerCount(); i++) {
            series.add(w.series(i));
        }
        List<String> seeds = docs.seeds();
        // class loading and a first JIT pass out of the timings: a batch of another seed, untimed
        for (int k = 0; k < 60; k++) {
            String doc = k % 3 == 0 ? docs.randomDocument() : k % 3 == 1 ? docs.typedDocument() : docs.mutate(seeds.get(k % seeds.size()));
            try {
                ScannerDefinition.parse(doc).kernel(Map.of()).newEvaluator().scan(series.get(0), 0, Integer.MAX_VALUE,
                        (t, d, r) -> { });
            } catch (ScannerDefinitionException expected) {
                // refused: fine
            }
        }
        docs = new RandomDocuments(new SplittableRandom(SEED));
        random = docs.random();
        int[] outcome = new int[2];
        Assertions.assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            for (int k = 0; k < 1000; k++) {
                String doc = docs.document(k, seeds);
                outcome[tryDocument(k, doc, series) ? 0 : 1]++;
            }
        });
        // both outcomes must be well represented for the test to mean something
        assertThat(outcome[0]).as("documents that compiled").isGreaterThan(200);
        assertThat(outcome[1]).as("documents refused").isGreaterThan(500);
    }

    /**
     * Documents at the limits of §4, shaped to be expensive: the longest chains in the largest
     * document, 250 signals each using the previous one twice (a tree expanded naively doubles at each),
     * 250 features of series operations on each other. Each compiles within a generous second (after a
     * first, cold compile) and scans as the evaluator computing everything does.
     */
    @Test
    void documentsAtTheLimitsCompileAndRunInBoundedTime() throws Exception {
        List<BarSeries> series = new ArrayList<>();
        BarSource.Window w = new SyntheticMarket(7, 6).open(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 6, 30),
                t -> true, BarSource.LoadListener.NONE);
        for (int i = 0; i < w.tickerCount(); i++) {
            series.add(w.series(i));
        }
        StringBuilder chains = new StringBuilder(), sum = new StringBuilder("f0");
        for (int i = 0; i < 15; i++) {
            chains.append(i == 0 ? "" : ", ").append("\"f").append(i).append("\": \"c").append(" + h".repeat(1020)).append('"');
            sum.append(i == 0 ? "" : " + f" + i);
        }
        StringBuilder signals = new StringBuilder("\"s0\": \"c > o\"");
        StringBuilder series250 = new StringBuilder("\"g0\": \"c\"");
        for (int i = 1; i < 250; i++) {
            signals.append(", \"s").append(i).append("\": \"(s").append(i - 1).append(" and s").append(i - 1)
                    .append(" or h > ").append(i).append(") and (s").append(i - 1).append(" or c > ").append(i).append(")\"");
            series250.append(", \"g").append(i).append("\": \"shift(g").append(i - 1).append(", 1) + sma(g").append(i - 1)
                    .append(", 3) - ema(g").append(i - 1).append(", 5)\"");
        }
        List<String> docs = List.of(
                "{\"name\": \"a\", \"features\": {" + chains + "}, \"patterns\": {\"p\": \"" + sum + " > 0\"},"
                        + " \"columns\": {\"x\": \"f14\"}}",
                "{\"name\": \"b\", \"signals\": {" + signals + "}, \"patterns\": {\"p\": \"s249\"},"
                        + " \"columns\": {\"x\": \"if(s249, 1, 0)\"}}",
                "{\"name\": \"c\", \"features\": {" + series250 + "}, \"patterns\": {\"p\": \"g249 > 0 or c > 0\"},"
                        + " \"columns\": {\"x\": \"g249\"}}");
        for (String doc : docs) {
            assertThat(doc.length()).isLessThanOrEqualTo(64 * 1024);
            ScannerDefinition.parse(doc).kernel(Map.of()); // cold
            long start = System.nanoTime();
            ScanKernel kernel = ScannerDefinition.parse(doc).kernel(Map.of(), false);
            assertThat((System.nanoTime() - start) / 1_000_000).as("compile of %s", doc.substring(0, 20)).isLessThan(1000);
            LocalDate from = LocalDate.of(2024, 9, 1), to = LocalDate.of(2025, 6, 30);
            List<KernelHits.Row> lazy = KernelHits.rows(kernel, series, from, to, 200);
            assertThat(lazy).isNotEmpty();
            LcDocumentSyntheticTest.assertSameRows(kernel, lazy,
                    KernelHits.rows(EngineAccess.eagerEvaluator(kernel), series, from, to, 200));
        }
    }

    /** True if the document compiled (and ran), false if refused. */
    private boolean tryDocument(int k, String doc, List<BarSeries> series) {
        ScanKernel kernel = null;
        ScannerDefinitionException refused = null;
        boolean rounding = random.nextBoolean();
        long ms = Long.MAX_VALUE;
        // a compile that is slow stays slow; a pause of the (shared) machine does not come back: time up to 3 tries
        for (int attempt = 0; attempt < 3 && ms >= 100; attempt++) {
            long start = System.nanoTime();
            try {
                kernel = ScannerDefinition.parse(doc).kernel(Map.of(), rounding);
            } catch (ScannerDefinitionException e) {
                refused = e;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("case " + k + " threw " + e + " for\n" + doc, e);
            }
            ms = Math.min(ms, (System.nanoTime() - start) / 1_000_000);
        }
        assertThat(ms).as("case %d took %d ms to check and compile:\n%s", k, ms, doc).isLessThan(100);
        if (refused != null) {
            assertThat(refused.problems()).isNotEmpty();
            assertThat(refused.getMessage()).doesNotContain("Exception", "io.lcscanner", "com.fasterxml");
            return false;
        }
        try {
            List<OutputColumn> columns = kernel.columns();
            LocalDate from = LocalDate.of(2024, 9, 1), to = LocalDate.of(2025, 6, 30);
            List<KernelHits.Row> lazy = KernelHits.rows(kernel, series, from, to, 200);
            for (KernelHits.Row r : lazy) {
                assertThat(r.values()).hasSize(columns.size());
                for (int c = 0; c < columns.size(); c++) {
                    double v = r.values()[c];
                    switch (columns.get(c).kind()) {
                        case FLAG -> assertThat(v).isIn(0.0, 1.0);
                        case TEXT -> assertThat((int) v).isBetween(0, columns.get(c).labels().size() - 1);
                        default -> {
                        }
                    }
                }
            }
            List<KernelHits.Row> eager = KernelHits.rows(EngineAccess.eagerEvaluator(kernel), series, from, to, 200);
            LcDocumentSyntheticTest.assertSameRows(kernel, lazy, eager);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("case " + k + " failed to evaluate: " + e + " for\n" + doc, e);
        }
        return true;
    }
}
