package io.lcscanner.polygon;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.BarSeries;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The window's columns: written from many threads in any order, read back ticker by ticker in date order. */
class ColumnStoreTest {
    private static final int TICKERS = 120, SESSIONS = 40;
    private static final LocalDate FIRST = LocalDate.of(2025, 1, 2);

    private static int[] days(int n) {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = (int) FIRST.toEpochDay() + i; // calendar days will do: the store only keeps them in order
        }
        return d;
    }

    private static String name(int t) {
        return "T" + (char) ('A' + t % 26) + t;
    }

    /** Bar {@code t, s}: which of the price sets exist, and their values, from the indices alone. */
    private static boolean hasAdjusted(int t, int s) {
        return (t + s) % 7 != 0;
    }

    private static boolean hasAsTraded(int t, int s) {
        return (t * 3 + s) % 11 != 0;
    }

    private static double value(int t, int s, int k) {
        return 1 + t + s / 100.0 + k / 10_000.0;
    }

    @Test
    void barsWrittenFromManyThreadsInAnyOrderComeBackInDateOrderWhereBothPriceSetsAreThere() throws Exception {
        ColumnStore store = new ColumnStore(days(SESSIONS), t -> true);
        List<int[]> answers = new ArrayList<>(); // one price set of one session: what one grouped-daily answer carries
        for (int s = 0; s < SESSIONS; s++) {
            answers.add(new int[] {s, ColumnStore.ADJUSTED});
            answers.add(new int[] {s, ColumnStore.AS_TRADED});
        }
        Collections.shuffle(answers, new Random(3));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int[] a : answers) {
                all.add(CompletableFuture.runAsync(() -> {
                    int s = a[0], set = a[1];
                    for (int t = TICKERS - 1; t >= 0; t--) { // the answer's own order
                        if (set == ColumnStore.ADJUSTED ? hasAdjusted(t, s) : hasAsTraded(t, s)) {
                            String n = name(t);
                            Ticker ticker = store.ticker(n.toCharArray(), 0, n.length());
                            assertThat(store.put(ticker, s, set, value(t, s, set), value(t, s, set + 1), value(t, s, set + 2),
                                    value(t, s, set + 3), value(t, s, set + 4))).isEqualTo(ColumnStore.KEPT);
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES); // a guard only
        } finally {
            pool.shutdown();
        }

        int[] ids = store.tickersWithBars();
        List<String> names = new ArrayList<>();
        for (int t = 0; t < TICKERS; t++) {
            names.add(name(t));
        }
        Collections.sort(names);
        assertThat(ids).hasSize(TICKERS);
        for (int i = 0; i < ids.length; i++) {
            assertThat(store.name(ids[i])).isEqualTo(names.get(i));
            int t = Integer.parseInt(names.get(i).substring(2));
            assertSeries(store.series(ids[i]), t, s -> hasAdjusted(t, s) && hasAsTraded(t, s));
        }
    }

    /** {@code series} holds exactly bar {@code t, s} of every session {@code present} takes, with both price sets. */
    private static void assertSeries(BarSeries series, int t, java.util.function.IntPredicate present) {
        List<Integer> sessions = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            if (present.test(s)) {
                sessions.add(s);
            }
        }
        assertThat(series.size()).as(series.ticker()).isEqualTo(sessions.size());
        double[][] columns = {series.open(), series.high(), series.low(), series.close(), series.volume(),
                series.openUa(), series.highUa(), series.lowUa(), series.closeUa(), series.volumeUa()};
        for (int i = 0; i < sessions.size(); i++) {
            int s = sessions.get(i);
            assertThat(series.epochDays()[i]).isEqualTo((int) FIRST.toEpochDay() + s);
            for (int k = 0; k < ColumnStore.COLUMNS; k++) {
                assertThat(columns[k][i]).as("%s session %d column %d", series.ticker(), s, k).isEqualTo(value(t, s, k));
            }
        }
    }

    @Test
    void cachedSessionsCopiedInAChunkEqualTheSameBarsPutOneByOne() {
        int m = 16, n = 50;
        ColumnStore put = new ColumnStore(days(m), t -> !t.startsWith("TZ"));
        ColumnStore copied = new ColumnStore(days(m), t -> !t.startsWith("TZ"));
        int[] rows = new int[m];
        Ticker[][] tickers = new Ticker[m][];
        double[][][] columns = new double[m][ColumnStore.COLUMNS][];
        int[][] where = new int[m][n];
        for (int s = 0; s < m; s++) {
            List<Integer> listed = new ArrayList<>(); // each session lists a slightly different set of tickers
            for (int t = 0; t < n; t++) {
                if ((t + s) % 9 != 0) {
                    listed.add(t);
                }
            }
            rows[s] = listed.size();
            tickers[s] = new Ticker[listed.size()];
            for (int k = 0; k < ColumnStore.COLUMNS; k++) {
                columns[s][k] = new double[listed.size()];
            }
            for (int r = 0; r < listed.size(); r++) {
                int t = listed.get(r);
                tickers[s][r] = copied.ticker(name(t));
                Ticker p = put.ticker(name(t));
                for (int k = 0; k < ColumnStore.COLUMNS; k++) {
                    columns[s][k][r] = value(t, s, t % 3 == 0 ? k % 5 : k); // every third: as traded = adjusted
                }
                if (p.accepted()) {
                    double[][] c = columns[s];
                    put.put(p, s, ColumnStore.ADJUSTED, c[0][r], c[1][r], c[2][r], c[3][r], c[4][r]);
                    put.put(p, s, ColumnStore.AS_TRADED, c[5][r], c[6][r], c[7][r], c[8][r], c[9][r]);
                }
            }
        }
        copied.copyIn(0, m, rows, tickers, columns, where);

        int[] expected = put.tickersWithBars(), got = copied.tickersWithBars();
        assertThat(got).hasSameSizeAs(expected).hasSizeLessThan(n); // the TZ.. tickers were rejected
        for (int i = 0; i < got.length; i++) {
            BarSeries a = put.series(expected[i]), b = copied.series(got[i]);
            assertThat(b.ticker()).isEqualTo(a.ticker());
            assertThat(b.epochDays()).containsExactly(a.epochDays());
            double[][] ca = {a.open(), a.high(), a.low(), a.close(), a.volume(), a.openUa(), a.highUa(), a.lowUa(), a.closeUa(), a.volumeUa()};
            double[][] cb = {b.open(), b.high(), b.low(), b.close(), b.volume(), b.openUa(), b.highUa(), b.lowUa(), b.closeUa(), b.volumeUa()};
            for (int k = 0; k < ColumnStore.COLUMNS; k++) {
                assertThat(cb[k]).as("%s column %d", a.ticker(), k).containsExactly(ca[k]);
            }
            int t = Integer.parseInt(a.ticker().substring(2));
            for (int j = 0; j < a.size(); j++) { // and both hold the values given, by session
                int s = a.epochDays()[j] - (int) FIRST.toEpochDay();
                assertThat(cb[8][j]).isEqualTo(value(t, s, t % 3 == 0 ? 3 : 8));
            }
            assertThat(copied.find(b.ticker()).ownAsTraded() == null).isEqualTo(t % 3 == 0);
        }
    }

    @Test
    void theFirstSessionsTickersSizeOneBlockForThoseTheWindowTakes() {
        ColumnStore store = new ColumnStore(days(SESSIONS), t -> t.startsWith("TA"));
        String[] session = new String[1000];
        for (int t = 0; t < session.length; t++) {
            session[t] = name(t); // 39 of them start with TA
        }
        assertThat(store.unsized()).isTrue();
        store.sizeFor(session, session.length);
        assertThat(store.unsized()).isFalse();
        for (String n : session) {
            store.ticker(n);
        }
        assertThat(store.size()).isEqualTo(39);
        assertThat(store.room()).isEqualTo(39); // one block, exactly the tickers taken: nothing for the 961 others
        store.ticker("TAnew"); // a ticker first seen later goes to a block of the usual size
        assertThat(store.room()).isEqualTo(39 + store.tickersPerBlock());

        ColumnStore unsized = new ColumnStore(days(SESSIONS), t -> true);
        unsized.ticker("A");
        assertThat(unsized.room()).isEqualTo(unsized.tickersPerBlock());
    }

    @Test
    void anOverrideReplacesAdjustedPricesInItsRangeAndDropsTheBarsItLacks() {
        ColumnStore store = new ColumnStore(days(10), t -> true);
        Ticker t = aaplEverySession(store, 20, 22, 18, 21, 50);
        int first = (int) FIRST.toEpochDay();
        // covers sessions 2..6, lacks session 4
        int[] overrideDays = {first + 2, first + 3, first + 5, first + 6};
        double[][] adjusted = {{1, 2, 3, 4}, {1.5, 2.5, 3.5, 4.5}, {0.5, 1.5, 2.5, 3.5}, {1.2, 2.2, 3.2, 4.2}, {7, 8, 9, 10}};
        store.apply(t, new AdjustedOverride(LocalDate.of(2025, 2, 1), first + 2, first + 6, overrideDays, adjusted));

        BarSeries s = store.series(store.tickersWithBars()[0]);
        assertThat(s.epochDays()).containsExactly(first, first + 1, first + 2, first + 3, first + 5, first + 6, first + 7,
                first + 8, first + 9);
        assertThat(s.close()).containsExactly(10.5, 10.5, 1.2, 2.2, 3.2, 4.2, 10.5, 10.5, 10.5);
        assertThat(s.volume()).containsExactly(100, 100, 7, 8, 9, 10, 100, 100, 100);
        assertThat(s.closeUa()).containsOnly(21.0);

        store.drop(t);
        assertThat(store.tickersWithBars()).isEmpty();
    }

    /** AAPL with a bar in every session of {@code store}: adjusted 10, 11, 9, 10.5, 100 and these as-traded prices. */
    private static Ticker aaplEverySession(ColumnStore store, double o, double h, double l, double c, double v) {
        Ticker t = store.ticker("AAPL");
        for (int s = 0; s < store.sessions(); s++) {
            store.put(t, s, ColumnStore.ADJUSTED, 10, 11, 9, 10.5, 100);
            store.put(t, s, ColumnStore.AS_TRADED, o, h, l, c, v);
        }
        return t;
    }

    /** A 2:1 split before session {@code SPLIT_AT}: as traded, prices are twice and volumes half the adjusted ones. */
    private static final int SPLIT_AT = 25;

    private static double splitAsTraded(int t, int s, int k) {
        double adjusted = value(t, s, k);
        return s >= SPLIT_AT ? adjusted : k == 4 ? adjusted / 2 : adjusted * 2;
    }

    @Test
    void asTradedPricesEqualToTheAdjustedOnesAreKeptOnceAndReadBackUnchanged() throws Exception {
        ColumnStore store = new ColumnStore(days(SESSIONS), t -> true);
        String[] names = {"PLAIN", "SPLIT", "LATE"}; // no split; a split; a split, as traded written before adjusted
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int s = 0; s < SESSIONS; s++) {
                int session = s;
                all.add(CompletableFuture.runAsync(() -> { // sessions concurrently, as a load writes them
                    for (int t = 0; t < names.length; t++) {
                        Ticker ticker = store.ticker(names[t]);
                        double[] a = new double[5], u = new double[5];
                        for (int k = 0; k < 5; k++) {
                            a[k] = value(t, session, k);
                            u[k] = t == 0 ? a[k] : splitAsTraded(t, session, k);
                        }
                        if (t == 2) {
                            store.put(ticker, session, ColumnStore.AS_TRADED, u[0], u[1], u[2], u[3], u[4]);
                        }
                        store.put(ticker, session, ColumnStore.ADJUSTED, a[0], a[1], a[2], a[3], a[4]);
                        if (t != 2) {
                            store.put(ticker, session, ColumnStore.AS_TRADED, u[0], u[1], u[2], u[3], u[4]);
                        }
                    }
                }, pool));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES); // a guard only
        } finally {
            pool.shutdown();
        }

        Ticker plain = store.find("PLAIN"), split = store.find("SPLIT"), late = store.find("LATE");
        assertThat(plain.ownAsTraded()).isNull(); // nothing kept twice
        assertThat(split.ownAsTraded()).isNotNull();
        assertThat(late.ownAsTraded()).isNotNull();
        for (int s = 0; s < SESSIONS; s++) {
            int at = ColumnStore.index(split.offset, split.stride, s);
            // only the bars before the split keep their own as-traded prices
            assertThat(split.traded[at]).as("session %d", s).isEqualTo(s < SPLIT_AT ? ColumnStore.OWN : ColumnStore.SAME);
        }
        for (int id : store.tickersWithBars()) {
            BarSeries series = store.series(id);
            int t = List.of(names).indexOf(series.ticker());
            assertThat(series.size()).isEqualTo(SESSIONS);
            double[][] columns = {series.open(), series.high(), series.low(), series.close(), series.volume(),
                    series.openUa(), series.highUa(), series.lowUa(), series.closeUa(), series.volumeUa()};
            for (int s = 0; s < SESSIONS; s++) {
                for (int k = 0; k < ColumnStore.COLUMNS; k++) {
                    double expected = k < 5 ? value(t, s, k) : t == 0 ? value(t, s, k - 5) : splitAsTraded(t, s, k - 5);
                    assertThat(columns[k][s]).as("%s session %d column %d", series.ticker(), s, k).isEqualTo(expected);
                    assertThat(store.value(store.find(series.ticker()), k, s)).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void anOverrideKeepsTheAsTradedPricesThatWereTheAdjustedOnes() {
        ColumnStore store = new ColumnStore(days(10), t -> true);
        Ticker t = aaplEverySession(store, 10, 11, 9, 10.5, 100);
        assertThat(t.ownAsTraded()).isNull();
        int first = (int) FIRST.toEpochDay();
        // a split after the window was cached: sessions 0..4 adjusted again (halved prices, doubled volumes)
        int[] overrideDays = {first, first + 1, first + 2, first + 3, first + 4};
        double[][] adjusted = {new double[5], new double[5], new double[5], new double[5], new double[5]};
        for (int k = 0; k < 5; k++) {
            Arrays.fill(adjusted[k], k == 4 ? 200 : new double[] {10, 11, 9, 10.5}[k] / 2);
        }
        store.apply(t, new AdjustedOverride(LocalDate.of(2025, 2, 1), first, first + 4, overrideDays, adjusted));

        BarSeries s = store.series(store.tickersWithBars()[0]);
        assertThat(s.close()).containsExactly(5.25, 5.25, 5.25, 5.25, 5.25, 10.5, 10.5, 10.5, 10.5, 10.5);
        assertThat(s.volume()).containsExactly(200, 200, 200, 200, 200, 100, 100, 100, 100, 100);
        assertThat(s.openUa()).containsOnly(10.0);
        assertThat(s.highUa()).containsOnly(11.0);
        assertThat(s.lowUa()).containsOnly(9.0);
        assertThat(s.closeUa()).containsOnly(10.5);
        assertThat(s.volumeUa()).containsOnly(100.0);
    }

    @Test
    void ownAsTradedSlotsOfManySplitTickersSpanBlocksAndReadBackUnchanged() {
        int sessions = 700, n = 2000; // more tickers with their own as-traded prices than one block holds
        ColumnStore store = new ColumnStore(days(sessions), t -> true);
        int[] written = {0, 350, 699};
        for (int t = 0; t < n; t++) {
            Ticker ticker = store.ticker(name(t));
            for (int s : written) {
                store.put(ticker, s, ColumnStore.ADJUSTED, value(t, s, 0), value(t, s, 1), value(t, s, 2), value(t, s, 3), value(t, s, 4));
                store.put(ticker, s, ColumnStore.AS_TRADED, value(t, s, 5), value(t, s, 6), value(t, s, 7), value(t, s, 8), value(t, s, 9));
            }
        }
        assertThat(store.find(name(0)).ownAsTraded().block()).isNotSameAs(store.find(name(n - 1)).ownAsTraded().block());
        for (int id : store.tickersWithBars()) {
            BarSeries series = store.series(id);
            int t = Integer.parseInt(series.ticker().substring(2));
            assertThat(series.size()).isEqualTo(written.length);
            for (int i = 0; i < written.length; i++) {
                int s = written[i];
                assertThat(new double[] {series.open()[i], series.volume()[i], series.openUa()[i], series.highUa()[i],
                        series.lowUa()[i], series.closeUa()[i], series.volumeUa()[i]}).as(series.ticker())
                        .containsExactly(value(t, s, 0), value(t, s, 4), value(t, s, 5), value(t, s, 6), value(t, s, 7),
                                value(t, s, 8), value(t, s, 9));
            }
        }
    }
}
