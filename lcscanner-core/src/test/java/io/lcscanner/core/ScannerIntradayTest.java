package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import io.lcscanner.core.source.IntradayBars;
import io.lcscanner.core.source.IntradaySource;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The premarket stage of {@link Scanner} on the golden daily bars and made-up 30-minute bars. */
class ScannerIntradayTest {
    private static CsvBarSource golden;
    private static List<Hit> plainHits;

    private Scanner scanner;

    @BeforeAll
    static void scanWithoutIntraday() {
        golden = new CsvBarSource(Golden.file("bars.csv"));
        try (Scanner s = Scanner.builder(golden).parallelism(2).build()) {
            plainHits = s.run(request().build(), ProgressListener.NONE).hits();
        }
        assertThat(plainHits).isNotEmpty();
    }

    @AfterEach
    void close() {
        if (scanner != null) {
            scanner.close();
        }
    }

    private static ScanRequest.Builder request() {
        return ScanRequest.builder(Golden.FROM, Golden.TO);
    }

    private ScanResult scan(IntradaySource intraday, ScanRequest request, ProgressListener listener) {
        scanner = Scanner.builder(new WithIntraday(golden, intraday)).parallelism(2).build();
        return scanner.run(request, listener);
    }

    @Test
    void withTheCallersExecutorTheFetchesRunThereAndGiveTheSameHits() {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        java.util.concurrent.atomic.AtomicInteger tasks = new java.util.concurrent.atomic.AtomicInteger();
        try {
            MadeUpIntraday intraday = new MadeUpIntraday(Set.of("ZU"), Set.of(), Set.of());
            scanner = Scanner.builder(new WithIntraday(golden, intraday)).parallelism(2).executor(r -> {
                tasks.incrementAndGet();
                pool.execute(r);
            }).build();
            ScanResult result = scanner.run(request().intraday(true).build(), ProgressListener.NONE);
            // two ticker tasks, then one fetch task per hit up to PremarketStage's 8
            assertThat(tasks.get()).isEqualTo(2 + Math.min(8, plainHits.size()));
            assertThat(result.hits()).hasSameSizeAs(plainHits);
            for (int i = 0; i < plainHits.size(); i++) {
                assertThat(premarket(result.hits().get(i))).isEqualTo(intraday.expected(plainHits.get(i).ticker()));
            }
            scanner.close();
            assertThat(pool.isShutdown()).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyHitGetsItsPremarketFromDMinus4ToDPlus1() {
        MadeUpIntraday intraday = new MadeUpIntraday(Set.of("ZU"), Set.of(), Set.of());
        List<ScanProgress> events = new CopyOnWriteArrayList<>();

        ScanResult result = scan(intraday, request().intraday(true).build(), events::add);

        assertThat(result.hits()).hasSameSizeAs(plainHits);
        for (int i = 0; i < plainHits.size(); i++) {
            Hit plain = plainHits.get(i), hit = result.hits().get(i);
            assertThat(hit.values().subList(0, plain.values().size())).isEqualTo(plain.values());
            assertThat(premarket(hit)).isEqualTo(intraday.expected(plain.ticker()));
            assertThat(intraday.requests).contains(plain.ticker() + " " + PremarketCalculator.firstDay(plain.date())
                    + " " + PremarketCalculator.nextDay(plain.date()));
        }
        assertThat(result.hits()).filteredOn(h -> h.ticker().equals("ZU"))
                .isNotEmpty().allMatch(h -> !h.flag("valid_pm_liq"));
        assertThat(result.warnings()).isEmpty();
        assertThat(intraday.maxConcurrent.get()).isBetween(1, PremarketStage.MAX_CONCURRENT_FETCHES);

        assertThat(events).extracting(ScanProgress::percent).isSorted();
        assertThat(events).filteredOn(e -> e.phase() == ScanProgress.Phase.COMPUTING)
                .allMatch(e -> e.percent() <= 90);
        List<ScanProgress> intradayEvents = events.stream()
                .filter(e -> e.phase() == ScanProgress.Phase.INTRADAY).toList();
        assertThat(intradayEvents).isNotEmpty()
                .allMatch(e -> e.message().matches("Processing intraday data \\d+/" + plainHits.size()));
        assertThat(events.get(events.size() - 1).phase()).isEqualTo(ScanProgress.Phase.DONE);
    }

    @Test
    void aFailingTickerGetsAWarningAndNoPremarketWhileTheOthersAreEnriched() {
        MadeUpIntraday intraday = new MadeUpIntraday(Set.of(), Set.of("EPN"), Set.of("SD"));

        ScanResult result = scan(intraday, request().intraday(true).build(), ProgressListener.NONE);

        assertThat(result.hits()).hasSameSizeAs(plainHits);
        for (Hit hit : result.hits()) {
            boolean broken = hit.ticker().equals("EPN") || hit.ticker().equals("SD");
            assertThat(premarket(hit)).as(hit.ticker() + " " + hit.date())
                    .isEqualTo(broken ? null : intraday.expected(hit.ticker()));
        }
        assertThat(result.warnings())
                .contains("premarket of EPN on 2025-02-24 not computed: IOException: HTTP 500 for EPN")
                .contains("premarket of SD on 2025-03-21 not computed: no 30-minute bars from 2025-03-17 to 2025-03-24")
                .hasSize((int) plainHits.stream().filter(h -> h.ticker().equals("EPN") || h.ticker().equals("SD")).count());
    }

    @Test
    void requirePmLiquidityKeepsOnlyLiquidHitsAndCountsWhatIsLeft() {
        MadeUpIntraday intraday = new MadeUpIntraday(Set.of("ZU", "TTPT"), Set.of("EPN"), Set.of());

        ScanResult result = scan(intraday, request().intraday(true).requirePmLiquidity(true).build(), ProgressListener.NONE);

        Predicate<Hit> kept = h -> !Set.of("ZU", "TTPT", "EPN").contains(h.ticker());
        assertThat(result.hits()).extracting(Hit::ticker, Hit::date)
                .containsExactlyElementsOf(plainHits.stream().filter(kept).map(h -> tuple(h.ticker(), h.date())).toList());
        assertThat(result.hits()).allMatch(h -> h.flag("valid_pm_liq"));
        assertThat(result.warnings()).isNotEmpty()
                .allMatch(w -> w.startsWith("premarket of EPN on ") && w.endsWith("; hit dropped (requirePmLiquidity)"));
        ScanStats stats = result.stats();
        assertThat(stats.patternHits().get("lc_frontside_d3_extended_1")).isEqualTo(result.hits().stream().filter(h -> h.flag("lc_frontside_d3_extended_1")).count());
        assertThat(stats.patternHits().get("lc_frontside_d2_extended")).isEqualTo(result.hits().stream().filter(h -> h.flag("lc_frontside_d2_extended")).count());
        assertThat(stats.patternHits().get("lc_frontside_d2_extended_1")).isEqualTo(result.hits().stream().filter(h -> h.flag("lc_frontside_d2_extended_1")).count());
        assertThat(stats.intradayMs()).isLessThanOrEqualTo(stats.totalMs());
    }

    @Test
    void aSourceWithoutIntradayWarnsOrRefusesRequirePmLiquidity() {
        scanner = Scanner.builder(golden).parallelism(2).build();

        ScanResult result = scanner.run(request().intraday(true).build(), ProgressListener.NONE);

        assertThat(result.hits()).isEqualTo(plainHits);
        assertThat(result.warnings()).containsExactly(
                "intraday enrichment skipped: " + golden.description() + " has no intraday data");
        ScanRequest strict = request().intraday(true).requirePmLiquidity(true).build();
        assertThatThrownBy(() -> scanner.run(strict, ProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("requirePmLiquidity ");
        assertThatThrownBy(() -> scanner.start(strict, ProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("requirePmLiquidity ");
    }

    @Test
    void cancellingWhileFetchesHangEndsTheScanPromptly() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch fetching = new CountDownLatch(1);
        IntradaySource hanging = (ticker, from, to) -> {
            fetching.countDown();
            try {
                new CountDownLatch(1).await(); // a network call that never answers
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            throw new AssertionError("unreachable");
        };
        scanner = Scanner.builder(new WithIntraday(golden, hanging)).parallelism(2).build();
        ScanHandle handle = scanner.start(request().intraday(true).build(), ProgressListener.NONE);
        assertThat(fetching.await(30, TimeUnit.SECONDS)).isTrue();

        handle.cancel();
        // the fetch never answers: only cancelling can end the scan (the time-outs are generous guards)
        assertThatThrownBy(() -> handle.await(30, TimeUnit.SECONDS)).isInstanceOf(ScanCancelledException.class);
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("hanging fetches are interrupted").isTrue();
    }

    @Test
    void aHitOfTodayIsFetchedThroughTodayAndHasNoNextDayYet() throws InterruptedException {
        MadeUpIntraday intraday = new MadeUpIntraday(Set.of(), Set.of(), Set.of());
        Hit hit = plainHits.get(0);
        LocalDate today = hit.date();

        PremarketStage.Outcome out = PremarketStage.run(hit.schema(), List.of(hit), intraday, today, false,
                new AtomicBoolean(), (done, n, ticker) -> { });

        assertThat(intraday.requests).containsExactly(hit.ticker() + " " + PremarketCalculator.firstDay(today) + " " + today);
        assertThat(out.hits()).hasSize(1);
        assertThat(out.schema().names()).endsWith("avg_5d_pm_dol_vol", "valid_pm_liq", "pmh_next_day", "open_next_day",
                "pm_dol_vol_next_day");
        assertThat(premarket(out.hits().get(0)))
                .isEqualTo(new PremarketCalculator.Fields(20_000_000, true, Double.NaN, Double.NaN, Double.NaN));
        assertThat(out.warnings()).isEmpty();
    }

    /** The golden CSV plus an intraday source. */
    private record WithIntraday(BarSource daily, IntradaySource bars) implements BarSource {
        @Override
        public String description() {
            return daily.description();
        }

        @Override
        public Universe universe() throws IOException {
            return daily.universe();
        }

        @Override
        public Window open(LocalDate from, LocalDate to, Predicate<String> tickers, LoadListener listener)
                throws IOException, InterruptedException {
            return daily.open(from, to, tickers, listener);
        }

        @Override
        public Optional<IntradaySource> intraday() {
            return Optional.of(bars);
        }
    }

    /** A hit's premarket fields, or {@code null} when the stage could not compute them. */
    static PremarketCalculator.Fields premarket(Hit h) {
        if (h.get("valid_pm_liq") == null) {
            return null;
        }
        return new PremarketCalculator.Fields(h.value("avg_5d_pm_dol_vol"), h.flag("valid_pm_liq"),
                h.value("pmh_next_day"), h.value("open_next_day"), h.value("pm_dol_vol_next_day"));
    }

    /**
     * Every session from {@code from} to {@code to}: 400k shares at 04:00, 600k at 09:00 (high p + 1) and the
     * 09:30 bar opening at p, where p is 5 for thin tickers and 20 otherwise. Some tickers fail or have no bars.
     */
    private static final class MadeUpIntraday implements IntradaySource {
        final Set<String> thin, failing, empty;
        final Set<String> requests = ConcurrentHashMap.newKeySet();
        final AtomicInteger running = new AtomicInteger(), maxConcurrent = new AtomicInteger();

        MadeUpIntraday(Set<String> thinTickers, Set<String> failing, Set<String> empty) {
            this.thin = thinTickers;
            this.failing = failing;
            this.empty = empty;
        }

        double price(String ticker) {
            return thin.contains(ticker) ? 5 : 20;
        }

        /** Premarket 1M shares a day at price p: mean 1M × p, next day high p + 1, open p. */
        PremarketCalculator.Fields expected(String ticker) {
            double p = price(ticker);
            return new PremarketCalculator.Fields(1_000_000 * p, 1_000_000 * p >= 10_000_000, p + 1, p, 1_000_000 * p);
        }

        @Override
        public IntradayBars thirtyMinuteBars(String ticker, LocalDate from, LocalDate to) throws IOException {
            requests.add(ticker + " " + from + " " + to);
            maxConcurrent.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                if (failing.contains(ticker)) {
                    throw new IOException("HTTP 500 for " + ticker);
                }
                TestBars b = new TestBars(ticker);
                if (!empty.contains(ticker)) {
                    double p = price(ticker);
                    for (LocalDate d : NyseCalendar.sessions(from, to)) {
                        b.at(d + "T04:00", p, p, 400_000).at(d + "T09:00", p, p + 1, 600_000).at(d + "T09:30", p, p + 2, 5_000_000);
                    }
                }
                return b.build();
            } finally {
                running.decrementAndGet();
            }
        }
    }
}
