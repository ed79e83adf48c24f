package io.lcscanner.bench;

import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.InMemoryBarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The inputs of the benchmarks, all drawn from the embedded {@link SyntheticMarket}. */
public final class BenchData {
    /** Seed of every benchmark's market. */
    public static final long SEED = SyntheticMarket.DEFAULT_SEED;
    /** Last session of every benchmark's market; histories end here and reach back as far as asked. */
    public static final LocalDate LAST = LocalDate.of(2025, 10, 31);

    private BenchData() {
    }

    /** The first session of a range of {@code sessions} sessions ending on {@link #LAST}. */
    public static LocalDate firstOf(int sessions) {
        if (sessions < 1) {
            throw new IllegalArgumentException("sessions must be ≥ 1, got " + sessions);
        }
        return NyseCalendar.plusSessions(LAST, -(sessions - 1));
    }

    /** The synthetic market of {@code tickers} tickers trading the last {@code sessions} sessions up to {@link #LAST}. */
    public static SyntheticMarket market(int tickers, int sessions) {
        return new SyntheticMarket(SEED, tickers, firstOf(sessions), LAST);
    }

    /** That market pre-generated into memory. */
    public static InMemoryBarSource universe(int tickers, int sessions) {
        try {
            return InMemoryBarSource.copyOf(market(tickers, sessions), firstOf(sessions), LAST);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating the universe", e);
        }
    }

    /**
     * A scan of every bar of a range of {@code sessions} sessions ending on {@link #LAST}: the default
     * 400-day lookback reaches exactly the first session, so each series is scanned whole (no slicing),
     * and hits are reported from the end of the lookback on. Spec defaults otherwise (rounding on, no intraday).
     */
    public static ScanRequest fullRangeRequest(int sessions) {
        LocalDate first = firstOf(sessions);
        LocalDate from = first.plusDays(ScanRequest.DEFAULT_LOOKBACK_DAYS);
        if (from.isAfter(LAST)) {
            throw new IllegalArgumentException(sessions + " sessions do not reach past the "
                    + ScanRequest.DEFAULT_LOOKBACK_DAYS + "-day lookback");
        }
        return ScanRequest.builder(from, LAST).build();
    }

    /**
     * {@code count} synthetic series of exactly {@code bars} bars each (tickers listed late, delisted
     * early or halted are passed over), in ticker order.
     */
    public static List<BarSeries> seriesOfLength(int count, int bars) {
        List<BarSeries> out = new ArrayList<>(count);
        for (int tickers = Math.max(16, 2 * count); out.size() < count; tickers *= 2) {
            if (tickers > 1 << 16) {
                throw new IllegalStateException("fewer than " + count + " full synthetic series of " + bars + " bars");
            }
            out.clear();
            for (BarSeries s : universe(tickers, bars).series()) {
                if (s.size() == bars && out.size() < count) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** Writes {@code series} as a bars CSV (the format of {@code shared/golden/README.md}); numbers round-trip exactly. */
    public static void writeCsv(List<BarSeries> series, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("ticker,date,open,high,low,close,volume,open_ua,high_ua,low_ua,close_ua,volume_ua\n");
            StringBuilder line = new StringBuilder(160);
            for (BarSeries s : series) {
                double[][] cols = {s.open(), s.high(), s.low(), s.close(), s.volume(),
                        s.openUa(), s.highUa(), s.lowUa(), s.closeUa(), s.volumeUa()};
                for (int i = 0; i < s.size(); i++) {
                    line.setLength(0);
                    line.append(s.ticker()).append(',').append(s.date(i));
                    for (double[] col : cols) {
                        // plain decimal with the shortest digits that read back as the same double
                        line.append(',').append(BigDecimal.valueOf(col[i]).toPlainString());
                    }
                    w.append(line).append('\n');
                }
            }
        }
    }

    /** Deletes {@code dir} and everything below it (a benchmark's temporary files); nothing if it is null. */
    public static void deleteTree(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
