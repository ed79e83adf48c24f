package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class ScannerTest {

    /** A source whose every series takes a while to build, so a scan lasts long enough to watch. */
    private static final class SlowSource implements BarSource {
        private final int tickers;
        private final long sleepMillis;

        SlowSource(int tickers, long sleepMillis) {
            this.tickers = tickers;
            this.sleepMillis = sleepMillis;
        }

        @Override
        public String description() {
            return "slow";
        }

        @Override
        public Universe universe() {
            return new Universe("slow", List.of(), null, null);
        }

        @Override
        public Window open(LocalDate from, LocalDate to, Predicate<String> selection, LoadListener listener) {
            return new Window() {
                @Override
                public int tickerCount() {
                    return tickers;
                }

                @Override
                public String ticker(int index) {
                    return "T" + index;
                }

                @Override
                public BarSeries series(int index) {
                    try {
                        Thread.sleep(sleepMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    int day = (int) to.toEpochDay();
                    double[] x = {10};
                    return BarSeries.adjustedOnly("T" + index, new int[] {day}, x, x, x, x, x);
                }
            };
        }
    }

    private static final ScanRequest JANUARY = ScanRequest.builder(LocalDate.of(2025, 1, 2), LocalDate.of(2025, 1, 31)).build();

    @Test
    void cancelEndsTheScanWithACancelledOutcomeAndNeverAResult() throws Exception {
        try (Scanner scanner = Scanner.builder(new SlowSource(100_000, 2)).parallelism(2).build()) {
            List<ScanProgress> seen = new CopyOnWriteArrayList<>();
            CountDownLatch computing = new CountDownLatch(1);
            ScanHandle handle = scanner.start(JANUARY, p -> {
                seen.add(p);
                if (p.phase() == ScanProgress.Phase.COMPUTING && p.processedTickers() > 0) {
                    computing.countDown();
                }
            });
            assertThat(computing.await(30, TimeUnit.SECONDS)).as("the scan reached its compute phase").isTrue();

            handle.cancel();

            assertThatThrownBy(() -> handle.await(30, TimeUnit.SECONDS))
                    .isInstanceOf(ScanCancelledException.class).hasMessageContaining("cancelled");
            assertThat(handle.isDone()).isTrue();
            assertThat(seen).noneMatch(p -> p.phase() == ScanProgress.Phase.DONE);
            assertThat(seen.get(seen.size() - 1).processedTickers()).isLessThan(100_000);
        }
    }

    @Test
    void theResultStageIsReadOnlyCompletingACopyNeitherForgesAResultNorStopsTheScan() throws Exception {
        try (Scanner scanner = Scanner.builder(new SlowSource(100_000, 2)).parallelism(2).build()) {
            ScanHandle handle = scanner.start(JANUARY, ProgressListener.NONE);
            CompletableFuture<ScanResult> copy = handle.result().toCompletableFuture();
            copy.complete(null);
            copy.cancel(true);

            assertThat(handle.isDone()).as("still running").isFalse();
            handle.cancel();
            assertThatThrownBy(() -> handle.await(30, TimeUnit.SECONDS)).isInstanceOf(ScanCancelledException.class);
        }
    }

    @Test
    void closingTheScannerEndsEveryRunningScanAndRefusesNewOnes() throws Exception {
        Scanner scanner = Scanner.builder(new SlowSource(100_000, 2)).parallelism(2).build();
        CountDownLatch computing = new CountDownLatch(1);
        ProgressListener watch = p -> {
            if (p.phase() == ScanProgress.Phase.COMPUTING && p.processedTickers() > 0) {
                computing.countDown();
            }
        };
        // three scans of two tasks each on two worker threads: one scan computes, the others' tasks wait in the queue
        List<ScanHandle> handles = List.of(scanner.start(JANUARY, watch), scanner.start(JANUARY, watch),
                scanner.start(JANUARY, watch));
        assertThat(computing.await(30, TimeUnit.SECONDS)).isTrue();

        scanner.close();

        for (ScanHandle handle : handles) {
            assertThatThrownBy(() -> handle.await(30, TimeUnit.SECONDS)).isInstanceOf(ScanCancelledException.class);
        }
        assertThatThrownBy(() -> scanner.start(JANUARY, ProgressListener.NONE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void progressIsThrottledMonotonicAndEndsAtHundred() {
        try (Scanner scanner = Scanner.builder(new SlowSource(400, 1)).parallelism(2).build()) {
            List<ScanProgress> seen = new CopyOnWriteArrayList<>();
            long start = System.nanoTime();
            ScanResult result = scanner.run(ScanRequest.builder(LocalDate.of(2025, 1, 2), LocalDate.of(2025, 1, 31)).build(),
                    seen::add);
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(result.stats().tickers()).isEqualTo(400);
            assertThat(result.stats().bars()).isEqualTo(400);
            assertThat(seen.get(seen.size() - 1).percent()).isEqualTo(100.0);
            assertThat(seen.get(seen.size() - 1).processedTickers()).isEqualTo(400);
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).percent()).isGreaterThanOrEqualTo(seen.get(i - 1).percent());
            }
            // at most ~20 calls a second plus one per phase: never one per ticker
            assertThat(seen.size()).isLessThanOrEqualTo((int) (seconds * 25) + 4).isLessThan(400);
        }
    }

    @Test
    void goldenScanIsTheSameOnOneThreadAndOnMany() {
        ScanRequest request = ScanRequest.builder(Golden.FROM, Golden.TO).build();
        CsvBarSource source = new CsvBarSource(Golden.file("bars.csv"));
        ScanResult one, many;
        try (Scanner s = Scanner.builder(source).parallelism(1).build()) {
            one = s.run(request, null);
        }
        try (Scanner s = Scanner.builder(source).parallelism(4).build()) {
            many = s.run(request, null);
        }
        assertThat(many.hits()).isEqualTo(one.hits()).hasSize(38);
        assertThat(many.stats().bars()).isEqualTo(one.stats().bars()).isPositive();
    }

    @Test
    void filtersAndTickerListsNarrowTheHits() {
        CsvBarSource source = new CsvBarSource(Golden.file("bars.csv"));
        try (Scanner s = Scanner.builder(source).build()) {
            ScanResult onlyZu = s.run(ScanRequest.builder(Golden.FROM, Golden.TO).includeTickers(List.of("ZU")).build(), null);
            assertThat(onlyZu.stats().tickers()).isEqualTo(1);
            assertThat(onlyZu.hits()).isNotEmpty().allMatch(h -> h.ticker().equals("ZU"));

            ScanResult withoutZu = s.run(ScanRequest.builder(Golden.FROM, Golden.TO).excludeTickers(List.of("ZU")).build(), null);
            assertThat(withoutZu.hits()).noneMatch(h -> h.ticker().equals("ZU"));
            assertThat(withoutZu.hits().size() + onlyZu.hits().size()).isEqualTo(38);

            ScanResult rich = s.run(ScanRequest.builder(Golden.FROM, Golden.TO)
                    .params(LcFilters.builder().minDollarVolume(5e9).build()).build(), null);
            assertThat(rich.hits()).isNotEmpty().allMatch(h -> h.value("dollar_volume") >= 5e9);
            assertThat(rich.hits().size()).isLessThan(38);
        }
    }
}
