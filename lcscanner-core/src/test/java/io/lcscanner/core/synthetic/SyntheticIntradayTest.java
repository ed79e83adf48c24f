package io.lcscanner.core.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.DefaultMarketYear;
import io.lcscanner.core.Hit;
import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.IntradayBars;
import io.lcscanner.core.source.IntradaySource;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The synthetic market's 30-minute bars agree with its daily bars and have a realistic day shape. */
class SyntheticIntradayTest {
    private static final SyntheticMarket MARKET = new SyntheticMarket(SyntheticMarket.DEFAULT_SEED, 1000);
    private static final IntradaySource INTRADAY = MARKET.intraday().orElseThrow();
    /** Spans Thanksgiving 2024 (closed) and the early close after it. */
    private static final LocalDate FROM = LocalDate.of(2024, 11, 1), TO = LocalDate.of(2024, 12, 6);

    @Test
    void regularHoursReproduceTheDailyBar() throws Exception {
        List<String> problems = new ArrayList<>();
        for (int t = 0; t < 1000; t += 50) {
            String ticker = MARKET.tickers().get(t);
            BarSeries daily = MARKET.history(ticker).slice((int) FROM.toEpochDay(), (int) TO.toEpochDay());
            Map<LocalDate, List<Integer>> byDay = byDay(INTRADAY.thirtyMinuteBars(ticker, FROM, TO));
            assertThat(byDay.keySet()).as(ticker + " days with bars")
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, daily.size()).mapToObj(daily::date).toList());
            for (int i = 0; i < daily.size(); i++) {
                LocalDate day = daily.date(i);
                IntradayBars bars = INTRADAY.thirtyMinuteBars(ticker, day, day);
                List<Integer> regular = new ArrayList<>();
                for (int k = 0; k < bars.size(); k++) {
                    LocalTime start = newYork(bars.startMillis()[k]).toLocalTime();
                    if (!start.isBefore(NyseCalendar.OPEN) && start.isBefore(NyseCalendar.closeTime(day))) {
                        regular.add(k);
                    }
                }
                String where = ticker + " " + day;
                int expectedBars = NyseCalendar.isEarlyClose(day) ? 7 : 13;
                if (regular.size() != expectedBars) {
                    problems.add(where + ": " + regular.size() + " regular bars");
                    continue;
                }
                double high = Double.NEGATIVE_INFINITY, low = Double.POSITIVE_INFINITY, volume = 0;
                for (int k : regular) {
                    high = Math.max(high, bars.high()[k]);
                    low = Math.min(low, bars.low()[k]);
                    volume += bars.volume()[k];
                }
                int first = regular.get(0), last = regular.get(regular.size() - 1);
                if (newYork(bars.startMillis()[first]).toLocalTime().equals(NyseCalendar.OPEN)
                        && bars.open()[first] == daily.open()[i] && bars.close()[last] == daily.close()[i]
                        && high == daily.high()[i] && low == daily.low()[i]
                        && Math.abs(volume - daily.volume()[i]) <= 1e-6 * daily.volume()[i] + 1) {
                    continue;
                }
                problems.add(where + ": regular bars disagree with " + daily.open()[i] + "/" + daily.high()[i] + "/"
                        + daily.low()[i] + "/" + daily.close()[i] + "/" + daily.volume()[i]);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void barsStartOnTheHalfHourFrom4amTo730pmNewYorkAndAreValid() throws Exception {
        for (int t = 0; t < 1000; t += 111) {
            String ticker = MARKET.tickers().get(t);
            IntradayBars bars = INTRADAY.thirtyMinuteBars(ticker, FROM, TO);
            assertThat(bars.ticker()).isEqualTo(ticker);
            for (int k = 0; k < bars.size(); k++) {
                ZonedDateTime start = newYork(bars.startMillis()[k]);
                assertThat(start.getMinute() % 30).isZero();
                assertThat(start.toLocalTime()).isBetween(LocalTime.of(4, 0), LocalTime.of(19, 30));
                assertThat(bars.low()[k]).isPositive().isLessThanOrEqualTo(Math.min(bars.open()[k], bars.close()[k]));
                assertThat(bars.high()[k]).isGreaterThanOrEqualTo(Math.max(bars.open()[k], bars.close()[k]));
                assertThat(bars.volume()[k]).as("a bar means trades").isPositive();
            }
        }
    }

    @Test
    void earlyClosesEndRegularHoursAt1230AndHolidaysHaveNoBars() throws Exception {
        String ticker = MARKET.tickers().get(0);
        LocalDate thanksgiving = LocalDate.of(2024, 11, 28), dayAfter = LocalDate.of(2024, 11, 29);

        assertThat(INTRADAY.thirtyMinuteBars(ticker, thanksgiving, thanksgiving).size()).isZero();
        assertThat(INTRADAY.thirtyMinuteBars(ticker, LocalDate.of(2024, 11, 30), LocalDate.of(2024, 12, 1)).size()).isZero();
        IntradayBars friday = INTRADAY.thirtyMinuteBars(ticker, dayAfter, dayAfter);
        List<LocalTime> starts = new ArrayList<>();
        for (long ms : friday.startMillis()) {
            starts.add(newYork(ms).toLocalTime());
        }
        // regular hours end at 13:00, extended hours at 17:00
        assertThat(starts).contains(LocalTime.of(9, 30), LocalTime.of(12, 30)).allMatch(t -> t.isBefore(LocalTime.of(17, 0)));
    }

    @Test
    void noBarsWhereTheTickerHasNoDailyBar() throws Exception {
        LocalDate first = LocalDate.of(2022, 1, 3), last = LocalDate.of(2025, 12, 31);
        int checked = 0;
        for (String ticker : MARKET.tickers()) {
            BarSeries daily = MARKET.history(ticker);
            boolean late = daily.date(0).isAfter(first), delisted = daily.date(daily.size() - 1).isBefore(last);
            if (!late && !delisted) {
                continue;
            }
            LocalDate from = late ? NyseCalendar.plusSessions(daily.date(0), -5) : daily.date(daily.size() - 1).minusDays(3);
            LocalDate to = late ? daily.date(0).plusDays(3) : NyseCalendar.plusSessions(daily.date(daily.size() - 1), 5);
            for (LocalDate day : byDay(INTRADAY.thirtyMinuteBars(ticker, from, to)).keySet()) {
                assertThat(daily.lowerBound((int) day.toEpochDay())).as(ticker + " " + day)
                        .isLessThan(daily.size());
                assertThat(daily.date(daily.lowerBound((int) day.toEpochDay()))).isEqualTo(day);
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(10);
        assertThat(INTRADAY.thirtyMinuteBars("NOSUCH", FROM, TO).size()).isZero();
        assertThat(INTRADAY.thirtyMinuteBars(MARKET.tickers().get(0), LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 6)).size())
                .as("the future").isZero();
    }

    @Test
    void aDaysBarsDoNotDependOnTheRequestedRangeOrInstance() throws Exception {
        String ticker = MARKET.tickers().get(123);
        LocalDate day = LocalDate.of(2024, 11, 20);
        IntradayBars alone = INTRADAY.thirtyMinuteBars(ticker, day, day);
        IntradayBars fromRange = INTRADAY.thirtyMinuteBars(ticker, FROM, TO);
        IntradayBars again = new SyntheticMarket(SyntheticMarket.DEFAULT_SEED, 1000).intraday().orElseThrow()
                .thirtyMinuteBars(ticker, day, day);

        List<Integer> ofDay = byDay(fromRange).get(day);
        assertThat(alone.size()).isEqualTo(ofDay.size()).isGreaterThan(13);
        for (int k = 0; k < alone.size(); k++) {
            int j = ofDay.get(k);
            assertThat(new double[] {alone.open()[k], alone.high()[k], alone.low()[k], alone.close()[k], alone.volume()[k]})
                    .containsExactly(fromRange.open()[j], fromRange.high()[j], fromRange.low()[j], fromRange.close()[j],
                            fromRange.volume()[j]);
            assertThat(alone.startMillis()[k]).isEqualTo(fromRange.startMillis()[j]);
        }
        assertThat(again.startMillis()).isEqualTo(alone.startMillis());
        assertThat(again.close()).isEqualTo(alone.close());
    }

    @Test
    void thinNamesSkipSomePremarketIntervals() throws Exception {
        int days = 0, full = 0;
        for (int t = 0; t < 1000; t += 25) {
            String ticker = MARKET.tickers().get(t);
            for (List<Integer> bars : byDay(INTRADAY.thirtyMinuteBars(ticker, FROM, TO)).values()) {
                days++;
                full += bars.size() == 32 ? 1 : 0;
            }
        }
        assertThat(full).as("days with every interval traded").isGreaterThan(0).isLessThan(days);
    }

    @Test
    void someHitsOfTheDefaultMarketHaveLiquidPremarkets() throws Exception {
        IntradaySource intraday = DefaultMarketYear.MARKET.intraday().orElseThrow();
        List<Hit> hits = DefaultMarketYear.RESULT.hits();
        int liquid = 0;
        for (Hit hit : hits) {
            liquid += avg5dPremarketDollarVolume(intraday, hit.ticker(), hit.date()) >= 10_000_000 ? 1 : 0;
        }
        assertThat(liquid).as("hits with avg_5d_pm_dol_vol ≥ 10M of " + hits.size())
                .isBetween(hits.size() / 5, hits.size() * 9 / 10);
    }

    /** Spec §7's avg_5d_pm_dol_vol, computed plainly. */
    private static double avg5dPremarketDollarVolume(IntradaySource source, String ticker, LocalDate day) throws Exception {
        IntradayBars bars = source.thirtyMinuteBars(ticker, NyseCalendar.plusSessions(day, -4), day);
        double sum = 0;
        int days = 0;
        for (List<Integer> ofDay : byDay(bars).values()) {
            double cumulative = 0, premarketVolume = 0, open = 0;
            boolean any = false;
            for (int k : ofDay) {
                cumulative += bars.volume()[k];
                LocalTime start = newYork(bars.startMillis()[k]).toLocalTime();
                if (start.equals(LocalTime.of(9, 0))) {
                    premarketVolume = cumulative;
                    any = true;
                } else if (start.equals(LocalTime.of(9, 30))) {
                    open = bars.open()[k];
                    any = true;
                }
            }
            if (any) {
                sum += premarketVolume * open;
                days++;
            }
        }
        return days == 0 ? 0 : sum / days;
    }

    private static ZonedDateTime newYork(long millis) {
        return Instant.ofEpochMilli(millis).atZone(NyseCalendar.NEW_YORK);
    }

    private static Map<LocalDate, List<Integer>> byDay(IntradayBars bars) {
        Map<LocalDate, List<Integer>> out = new TreeMap<>();
        for (int k = 0; k < bars.size(); k++) {
            out.computeIfAbsent(newYork(bars.startMillis()[k]).toLocalDate(), d -> new ArrayList<>()).add(k);
        }
        return out;
    }
}
