package io.lcscanner.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.DefaultMarketYear;
import io.lcscanner.core.Hit;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.ScanStats;
import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The synthetic market: deterministic, realistic where a scanner can tell, and with LC setups to find. */
class SyntheticMarketTest {
    private static final LocalDate FIRST = LocalDate.of(2022, 1, 3), LAST = LocalDate.of(2025, 12, 31);
    private static final SyntheticMarket MARKET = new SyntheticMarket(SyntheticMarket.DEFAULT_SEED, 1000);
    /** Every history of {@link #MARKET}, generated once for the tests that look across tickers. */
    private static List<BarSeries> histories;

    @BeforeAll
    static void generate() throws Exception {
        BarSource.Window all = open(MARKET, FIRST, LAST, t -> true);
        histories = new ArrayList<>();
        for (int i = 0; i < all.tickerCount(); i++) {
            histories.add(all.series(i));
        }
    }

    private static BarSource.Window open(BarSource source, LocalDate from, LocalDate to, Predicate<String> tickers)
            throws Exception {
        return source.open(from, to, tickers, BarSource.LoadListener.NONE);
    }

    @Test
    void describesItselfBySeedAndSize() {
        assertThat(new SyntheticMarket(42, 3000).description()).isEqualTo("synthetic:seed=42,tickers=3000");
        assertThat(new SyntheticMarket(7, 10, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 6, 30)).description())
                .isEqualTo("synthetic:seed=7,tickers=10,from=2024-01-02,to=2024-06-28");
    }

    @Test
    void universeCoversTheDefaultRangeWithUniqueSortedTickers() {
        BarSource.Universe universe = MARKET.universe();

        assertThat(universe.firstSession()).isEqualTo(FIRST);
        assertThat(universe.lastSession()).isEqualTo(LAST);
        assertThat(universe.tickers()).hasSize(1000).isSorted().doesNotHaveDuplicates()
                .allMatch(t -> t.matches("[A-Z]{1,5}"));
        assertThat(universe.tickers()).isEqualTo(MARKET.tickers());
        assertThat(universe.tickers().stream().mapToInt(String::length).distinct().count())
                .as("ticker lengths in use").isGreaterThanOrEqualTo(4);
    }

    @Test
    void aSmallerMarketHoldsTheFirstTickersOfALargerOneWithTheSameBars() throws Exception {
        SyntheticMarket small = new SyntheticMarket(SyntheticMarket.DEFAULT_SEED, 100);

        assertThat(MARKET.tickers()).containsAll(small.tickers());
        BarSource.Window window = open(small, FIRST, LAST, t -> true);
        for (int i = 0; i < window.tickerCount(); i += 10) {
            BarSeries s = window.series(i);
            assertSameBars(s, histories.get(MARKET.tickers().indexOf(s.ticker())));
        }
    }

    @Test
    void sameSeedGivesIdenticalBarsAndAnotherSeedDifferentOnes() throws Exception {
        BarSource.Window again = open(new SyntheticMarket(SyntheticMarket.DEFAULT_SEED, 1000), FIRST, LAST, t -> true);
        for (int i = 0; i < 1000; i += 97) {
            assertSameBars(again.series(i), histories.get(i));
        }

        SyntheticMarket other = new SyntheticMarket(43, 1000);
        assertThat(other.tickers()).isNotEqualTo(MARKET.tickers());
        BarSeries a = histories.get(0), b = open(other, FIRST, LAST, t -> true).series(0);
        assertThat(b.close()).isNotEqualTo(a.close());
    }

    @Test
    void threadsAskingForTheSameTickersGetTheSameBars() throws Exception {
        BarSource.Window window = open(MARKET, FIRST, LAST, t -> true);
        List<BarSeries> parallel = java.util.stream.IntStream.range(0, 200).parallel()
                .mapToObj(i -> window.series(i % 100)).toList();

        for (int i = 0; i < 200; i++) {
            assertSameBars(parallel.get(i), histories.get(i % 100));
        }
    }

    @Test
    void aSeriesOverASubWindowIsTheSliceOfTheFullHistory() throws Exception {
        LocalDate from = LocalDate.of(2023, 3, 11), to = LocalDate.of(2024, 2, 29);
        BarSource.Window window = open(MARKET, from, to, t -> true);
        for (int i = 0; i < 1000; i += 37) {
            BarSeries full = histories.get(i);
            BarSeries slice = window.series(i);
            assertThat(slice.ticker()).isEqualTo(full.ticker());
            assertSameBars(slice, full.slice((int) from.toEpochDay(), (int) to.toEpochDay()));
            assertThat(slice.size() == 0 || !slice.date(0).isBefore(from) && !slice.date(slice.size() - 1).isAfter(to))
                    .isTrue();
        }
    }

    @Test
    void windowKeepsOnlySelectedTickersInAscendingOrder() throws Exception {
        Set<String> wanted = Set.of(MARKET.tickers().get(900), MARKET.tickers().get(5), MARKET.tickers().get(333));
        BarSource.Window window = open(MARKET, FIRST, LAST, wanted::contains);

        assertThat(window.tickerCount()).isEqualTo(3);
        assertThat(List.of(window.ticker(0), window.ticker(1), window.ticker(2)))
                .containsExactly(MARKET.tickers().get(5), MARKET.tickers().get(333), MARKET.tickers().get(900));
        assertSameBars(window.series(2), histories.get(900));
    }

    @Test
    void aWindowEndingBeforeItStartsIsEmpty() throws Exception {
        BarSource.Window window = open(MARKET, LocalDate.of(2024, 6, 1), LocalDate.of(2024, 5, 1), t -> true);

        assertThat(window.tickerCount()).isEqualTo(1000);
        assertThat(window.series(0).size()).isZero();
    }

    @Test
    void everyBarIsValidOhlcOnAnNyseSession() {
        List<String> problems = new ArrayList<>();
        for (BarSeries s : histories) {
            assertThat(s.size()).as(s.ticker()).isGreaterThan(0);
            for (int i = 0; i < s.size(); i++) {
                String bar = s.ticker() + " " + s.date(i);
                if (!NyseCalendar.isSession(s.date(i))) {
                    problems.add(bar + ": not a session");
                }
                checkOhlc(bar + " as traded", s.openUa()[i], s.highUa()[i], s.lowUa()[i], s.closeUa()[i], s.volumeUa()[i], problems);
                checkOhlc(bar + " adjusted", s.open()[i], s.high()[i], s.low()[i], s.close()[i], s.volume()[i], problems);
                double cents = s.closeUa()[i] * 100;
                if (s.closeUa()[i] >= 1 && Math.abs(cents - Math.rint(cents)) > 1e-6) {
                    problems.add(bar + ": as-traded close " + s.closeUa()[i] + " is not in cents");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    private static void checkOhlc(String bar, double o, double h, double l, double c, double v, List<String> problems) {
        if (!(l > 0 && l <= Math.min(o, c) && h >= Math.max(o, c) && v >= 0)) {
            problems.add(bar + ": invalid bar o=" + o + " h=" + h + " l=" + l + " c=" + c + " v=" + v);
        }
    }

    @Test
    void pricesSpanPennyStocksToMegaCapsWithRealisticDollarVolume() {
        List<Double> penny = new ArrayList<>(), mega = new ArrayList<>();
        for (BarSeries s : histories) {
            double price = s.closeUa()[s.size() / 2];
            double dollarVolume = 0;
            for (int i = 0; i < s.size(); i++) {
                dollarVolume += s.close()[i] * s.volume()[i] / s.size();
            }
            if (price < 1) {
                penny.add(dollarVolume);
            } else if (price > 500) {
                mega.add(dollarVolume);
            }
        }
        assertThat(penny).hasSizeBetween(20, 200);
        assertThat(mega).hasSizeBetween(5, 100);
        assertThat(median(penny)).as("penny stocks' median dollar volume").isBetween(1e4, 2e7);
        assertThat(median(mega)).as("mega caps' median dollar volume").isBetween(5e8, 2e10);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    @Test
    void splitsLeaveAdjustedPricesScaledByTheLaterSplitRatios() {
        Set<Double> ratios = new HashSet<>();
        List<String> problems = new ArrayList<>();
        int splitTickers = 0;
        for (BarSeries s : histories) {
            int n = s.size();
            // close_ua / close is the product of the later splits' ratios: 1 after the last split
            if (s.closeUa()[n - 1] != s.close()[n - 1]) {
                problems.add(s.ticker() + ": last bar adjusted");
            }
            boolean split = false;
            for (int i = 0; i < n; i++) {
                double factor = s.closeUa()[i] / s.close()[i];
                if (!close(s.openUa()[i] / s.open()[i], factor) || !close(s.highUa()[i] / s.high()[i], factor)
                        || !close(s.lowUa()[i] / s.low()[i], factor) || !close(s.volume()[i] / s.volumeUa()[i], factor)) {
                    problems.add(s.ticker() + " " + s.date(i) + ": columns not scaled by one factor " + factor);
                }
                if (i > 0) {
                    double ratio = s.closeUa()[i - 1] / s.close()[i - 1] / factor;
                    if (!close(ratio, 1)) {
                        split = true;
                        ratios.add(Math.round(ratio * 100) / 100.0);
                        // the as-traded price jumps by the ratio, the adjusted one does not
                        double asTradedMove = s.openUa()[i] / s.closeUa()[i - 1];
                        double adjustedMove = s.open()[i] / s.close()[i - 1];
                        if (!close(asTradedMove * ratio, adjustedMove)) {
                            problems.add(s.ticker() + " " + s.date(i) + ": split of " + ratio + " not adjusted away");
                        }
                    }
                }
            }
            splitTickers += split ? 1 : 0;
        }
        assertThat(problems).isEmpty();
        assertThat(splitTickers).isBetween(10, 300);
        assertThat(ratios).as("split ratios").isSubsetOf(2.0, 3.0, 4.0, 5.0, 10.0, 20.0, 0.1, 0.05, 0.02)
                .anyMatch(r -> r > 1).as("reverse splits too").anyMatch(r -> r < 1);
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.abs(b);
    }

    @Test
    void someTickersListLateSomeDelistAndSomeAreHalted() {
        int late = 0, delisted = 0, halted = 0;
        for (BarSeries s : histories) {
            late += s.date(0).isAfter(FIRST) ? 1 : 0;
            delisted += s.date(s.size() - 1).isBefore(LAST) ? 1 : 0;
            halted += NyseCalendar.sessions(s.date(0), s.date(s.size() - 1)).size() > s.size() ? 1 : 0;
        }
        assertThat(late).isBetween(50, 250);
        assertThat(delisted).isBetween(20, 150);
        assertThat(halted).isBetween(20, 150);
    }

    @Test
    void parabolicRunsGapUpWithSurgingVolume() {
        int runs = 0;
        for (BarSeries s : histories) {
            double[] o = s.open(), h = s.high(), l = s.low(), c = s.close(), v = s.volumeUa(), cUa = s.closeUa();
            for (int i = 3; i < s.size(); i++) {
                boolean threeUpDays = true;
                for (int k = i - 2; k <= i; k++) {
                    threeUpDays &= o[k] > c[k - 1] && c[k] > o[k] && h[k] > h[k - 1] && l[k] > l[k - 1] && c[k] > 1.05 * c[k - 1];
                }
                if (threeUpDays && c[i] > 1.5 * c[i - 3] && v[i] >= 1e7 && cUa[i] * v[i] >= 5e8) {
                    runs++;
                    break;
                }
            }
        }
        assertThat(runs).as("tickers with a liquid three-day parabolic leg").isBetween(3, 100);
    }

    @Test
    void aYearOfTheDefaultMarketHasHitsOfEveryPatternAtARealisticRate() {
        ScanResult result = DefaultMarketYear.RESULT;
        ScanStats stats = result.stats();
        // 3000 ticker-years: 5–30 hits per 1000 ticker-years is what a real year looks like
        assertThat(result.hits()).hasSizeBetween(15, 90);
        assertThat(stats.patternHits().get("lc_frontside_d3_extended_1")).isGreaterThanOrEqualTo(5);
        assertThat(stats.patternHits().get("lc_frontside_d2_extended")).isGreaterThanOrEqualTo(5);
        assertThat(stats.patternHits().get("lc_frontside_d2_extended_1")).isGreaterThanOrEqualTo(5);
        assertThat(result.hits().stream().map(Hit::ticker).distinct().count()).as("tickers with hits").isBetween(5L, 60L);
        assertThat(result.hits()).allSatisfy(hit -> {
            assertThat(hit.value("close_ua")).isGreaterThanOrEqualTo(5);
            assertThat(hit.value("volume")).isGreaterThanOrEqualTo(1e7);
            assertThat(hit.value("dollar_volume")).isGreaterThanOrEqualTo(5e8);
        });
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void rejectsEmptyRangesAndBadSizes() {
        assertThatThrownBy(() -> new SyntheticMarket(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tickers");
        assertThatThrownBy(() -> new SyntheticMarket(1, 10, LocalDate.of(2024, 12, 25), LocalDate.of(2024, 12, 25)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no NYSE session");
    }

    @Test
    void aShortRangeStillGivesEveryTickerBars() throws Exception {
        SyntheticMarket week = new SyntheticMarket(5, 50, LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 7));
        BarSource.Window window = open(week, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), t -> true);
        for (int i = 0; i < window.tickerCount(); i++) {
            assertThat(window.series(i).epochDays()).containsExactly(
                    NyseCalendar.sessions(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 7)).stream()
                            .mapToInt(d -> (int) d.toEpochDay()).toArray());
        }
    }

    static void assertSameBars(BarSeries actual, BarSeries expected) {
        assertThat(actual.ticker()).isEqualTo(expected.ticker());
        assertThat(actual.epochDays()).isEqualTo(expected.epochDays());
        assertThat(actual.open()).isEqualTo(expected.open());
        assertThat(actual.high()).isEqualTo(expected.high());
        assertThat(actual.low()).isEqualTo(expected.low());
        assertThat(actual.close()).isEqualTo(expected.close());
        assertThat(actual.volume()).isEqualTo(expected.volume());
        assertThat(actual.openUa()).isEqualTo(expected.openUa());
        assertThat(actual.highUa()).isEqualTo(expected.highUa());
        assertThat(actual.lowUa()).isEqualTo(expected.lowUa());
        assertThat(actual.closeUa()).isEqualTo(expected.closeUa());
        assertThat(actual.volumeUa()).isEqualTo(expected.volumeUa());
    }
}
