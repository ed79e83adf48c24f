package io.lcscanner.polygon;

import io.lcscanner.core.calendar.NyseCalendar;
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
 * A generated warm disk cache for the load benchmarks ({@code PolygonBenchmark} in this module's tests,
 * {@code CacheLoadBenchmark} in lcscanner-bench): {@code tickers} made-up tickers, each with a bar in every
 * session, written as the session files {@link PolygonBarSource} reads. A session's bars depend only on the
 * seed and its date, so {@link #session} regenerates exactly what a file holds.
 *
 * <p>Prices are cents, {@code low <= open, close <= high}; ticker {@code i}'s as-traded prices are its adjusted
 * ones × {@code 1 + i % 4} (volume ÷ that, rounded), so the ten columns of a bar differ.
 */
final class SyntheticCache {
    /** The New York date the adjusted prices were "fetched": after every generated session, before any split. */
    static final LocalDate AS_OF = LocalDate.of(2025, 11, 1);
    /** The last session of a generated cache (the Friday before {@link #AS_OF}). */
    static final LocalDate LAST_SESSION = LocalDate.of(2025, 10, 31);

    /** A fixed "now" for loading a generated cache: Monday 2025-11-03 noon New York, every session finished. */
    static final Clock CLOCK = Clock.fixed(
            ZonedDateTime.of(LocalDate.of(2025, 11, 3), LocalTime.NOON, NyseCalendar.NEW_YORK).toInstant(), NyseCalendar.NEW_YORK);

    private SyntheticCache() {
    }

    /** The last {@code count} NYSE sessions through {@link #LAST_SESSION}, oldest first. */
    static List<LocalDate> sessions(int count) {
        return NyseCalendar.sessions(NyseCalendar.plusSessions(LAST_SESSION, 1 - count), LAST_SESSION);
    }

    /** {@code count} distinct tickers ({@code A}, {@code B}, …, {@code AA}, …; every seventh with {@code .W}), sorted. */
    static String[] tickers(int count) {
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

    /** The bars of {@code day}: one row per ticker, as {@link #write} stores them. */
    static Session session(String[] tickers, LocalDate day, long seed) {
        int n = tickers.length;
        double[][] cols = new double[Session.COLUMNS][n];
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
        return new Session(day, AS_OF, tickers, cols, 0);
    }

    /**
     * Writes {@link #session} of every day in {@code sessions} into the cache under {@code cacheDir} (the
     * directory a {@link PolygonConfig} names); returns the bars written.
     */
    static long write(Path cacheDir, String[] tickers, List<LocalDate> sessions, long seed) throws IOException {
        Path root = PolygonBarSource.cacheRoot(cacheDir);
        for (LocalDate d : sessions) {
            CacheFiles.writeSession(PolygonBarSource.sessionFile(root, d), session(tickers, d, seed));
        }
        return (long) tickers.length * sessions.size();
    }

    /** Whether the last of {@code sessions} is already in the cache under {@code cacheDir}. */
    static boolean written(Path cacheDir, List<LocalDate> sessions) {
        return Files.exists(PolygonBarSource.sessionFile(PolygonBarSource.cacheRoot(cacheDir),
                sessions.get(sessions.size() - 1)));
    }

    private static double cents(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
