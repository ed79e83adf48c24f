package io.lcscanner.polygon;

import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A test fixture, shared with lcscanner-bench through this module's test-jar: a generated market of made-up
 * tickers with a bar in every session, as a warm disk cache ({@link #write}: the session files
 * {@link PolygonBarSource} reads, written by the same code a fetch uses) or served by
 * {@link FakePolygonServer#synthetic}. A session's bars depend only on the seed and its date, so
 * {@link #columns} regenerates exactly what a file holds.
 *
 * <p>Prices are cents, {@code low <= open, close <= high}; ticker {@code i}'s as-traded prices are its adjusted
 * ones × {@code 1 + i % 4} (volume ÷ that, rounded), so the ten columns of a bar differ.
 *
 * <p>The one way in for code outside this package (the benchmarks) is public: the generator, and
 * {@link #source}, a source whose clock is fixed after the generated sessions.
 */
public final class SyntheticCache {
    /** The New York date the adjusted prices were "fetched": after every generated session, before any split. */
    public static final LocalDate AS_OF = LocalDate.of(2025, 11, 1);
    /** The last session of a generated cache (the Friday before {@link #AS_OF}). */
    public static final LocalDate LAST_SESSION = LocalDate.of(2025, 10, 31);

    /** A fixed "now" for loading a generated cache: Monday 2025-11-03 noon New York, every session finished. */
    public static final Clock CLOCK = Clock.fixed(
            ZonedDateTime.of(LocalDate.of(2025, 11, 3), LocalTime.NOON, NyseCalendar.NEW_YORK).toInstant(), NyseCalendar.NEW_YORK);

    private SyntheticCache() {
    }

    /** The last {@code count} NYSE sessions through {@link #LAST_SESSION}, oldest first. */
    public static List<LocalDate> sessions(int count) {
        return NyseCalendar.sessions(NyseCalendar.plusSessions(LAST_SESSION, 1 - count), LAST_SESSION);
    }

    /** {@code count} distinct tickers ({@code A}, {@code B}, …, {@code AA}, …; every seventh with {@code .W}), sorted. */
    public static String[] tickers(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder();
            int x = i;
            do {
                sb.append((char) ('A' + x % 26));
                x /= 26;
            } while (x > 0);
            names[i] = sb.reverse() + (i % 7 == 0 ? ".W" : "");
        }
        Arrays.sort(names);
        return names;
    }

    /** The bars of {@code day}: {@code columns[k][i]} is column {@code k} (o h l c v, then as traded) of ticker {@code i}. */
    public static double[][] columns(String[] tickers, LocalDate day, long seed) {
        int n = tickers.length;
        double[][] cols = new double[ColumnStore.COLUMNS][n];
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + day.toEpochDay());
        for (int i = 0; i < n; i++) {
            double close = cents(5 + random.nextDouble() * 200);
            double open = cents(close * (0.96 + random.nextDouble() * 0.08));
            double spread = cents(Math.max(open, close) * random.nextDouble() * 0.03);
            double volume = random.nextInt(10_000_000);
            int ratio = 1 + i % 4;
            double[] bar = {open, Math.max(open, close) + spread, Math.min(open, close) - spread, close};
            for (int k = 0; k < 4; k++) {
                cols[k][i] = bar[k];
                cols[5 + k][i] = cents(bar[k] * ratio);
            }
            cols[4][i] = volume;
            cols[9][i] = Math.round(volume / ratio);
        }
        return cols;
    }

    /** Ticker {@code index}'s bars over {@code sessions}, as a load of the generated cache must return them. */
    public static BarSeries series(String[] tickers, int index, List<LocalDate> sessions, long seed) {
        int n = sessions.size();
        int[] days = new int[n];
        double[][] c = new double[ColumnStore.COLUMNS][n];
        for (int i = 0; i < n; i++) {
            days[i] = (int) sessions.get(i).toEpochDay();
            double[][] cols = columns(tickers, sessions.get(i), seed);
            for (int k = 0; k < ColumnStore.COLUMNS; k++) {
                c[k][i] = cols[k][index];
            }
        }
        return new BarSeries(tickers[index], days, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9]);
    }

    /**
     * Writes the bars of every day in {@code sessions} into the cache under {@code cacheDir} (the directory a
     * {@link PolygonConfig} names), through a store as a fetch does; returns the bars written.
     */
    public static long write(Path cacheDir, String[] tickers, List<LocalDate> sessions, long seed) throws IOException {
        CacheLayout layout = new CacheLayout(cacheDir);
        int chunk = 16;
        for (int first = 0; first < sessions.size(); first += chunk) {
            List<LocalDate> part = sessions.subList(first, Math.min(sessions.size(), first + chunk));
            ColumnStore store = new ColumnStore(part.stream().mapToInt(d -> (int) d.toEpochDay()).toArray(), t -> true);
            for (int s = 0; s < part.size(); s++) {
                double[][] cols = columns(tickers, part.get(s), seed);
                for (int i = 0; i < tickers.length; i++) {
                    Ticker t = store.ticker(tickers[i].toCharArray(), 0, tickers[i].length());
                    store.put(t, s, ColumnStore.ADJUSTED, cols[0][i], cols[1][i], cols[2][i], cols[3][i], cols[4][i]);
                    store.put(t, s, ColumnStore.AS_TRADED, cols[5][i], cols[6][i], cols[7][i], cols[8][i], cols[9][i]);
                }
                SessionFile.write(layout.session(part.get(s)), store, s, AS_OF, 0);
            }
        }
        return (long) tickers.length * sessions.size();
    }

    /** Whether the last of {@code sessions} is already in the cache under {@code cacheDir}. */
    public static boolean written(Path cacheDir, List<LocalDate> sessions) {
        return Files.exists(sessionFile(cacheDir, sessions.get(sessions.size() - 1)));
    }

    /** Where the cache under {@code cacheDir} keeps {@code session}. */
    public static Path sessionFile(Path cacheDir, LocalDate session) {
        return new CacheLayout(cacheDir).session(session);
    }

    /**
     * A source reading the cache of {@code client}'s configuration at {@link #CLOCK}, so that every generated
     * session is finished and none is fetched.
     */
    public static PolygonBarSource source(PolygonClient client) {
        return new PolygonBarSource(client, CLOCK);
    }

    private static double cents(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
