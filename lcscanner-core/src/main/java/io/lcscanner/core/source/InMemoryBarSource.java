package io.lcscanner.core.source;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Series held in memory: your own data, a parsed file ({@link CsvBarSource} keeps one), or a copy of
 * another source so that repeated scans (benchmarks) measure the scan and not the loading.
 *
 * <p>As-traded columns equal to the adjusted ones (a ticker without splits) are stored once: that
 * nearly halves the footprint of a large synthetic universe.
 */
public final class InMemoryBarSource implements BarSource {
    private final String description;
    private final List<BarSeries> series;

    /**
     * @param description what {@link #description()} says
     * @param series      one per ticker, in any order
     * @throws IllegalArgumentException if a ticker appears twice
     */
    public InMemoryBarSource(String description, List<BarSeries> series) {
        this.description = java.util.Objects.requireNonNull(description, "description");
        List<BarSeries> sorted = new ArrayList<>(series.size());
        for (BarSeries s : series) {
            sorted.add(shareEqualColumns(s));
        }
        sorted.sort(Comparator.comparing(BarSeries::ticker));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).ticker().equals(sorted.get(i - 1).ticker())) {
                throw new IllegalArgumentException("series: ticker " + sorted.get(i).ticker() + " appears twice");
            }
        }
        this.series = List.copyOf(sorted);
    }

    /**
     * @param source where the bars are
     * @param from   first date copied
     * @param to     last date copied
     * @return every bar of {@code source} dated from {@code from} through {@code to}, copied into memory
     * @throws IOException          if the source cannot be read
     * @throws InterruptedException if the calling thread is interrupted
     */
    public static InMemoryBarSource copyOf(BarSource source, LocalDate from, LocalDate to)
            throws IOException, InterruptedException {
        Window window = source.open(from, to, t -> true, LoadListener.NONE);
        List<BarSeries> out = new ArrayList<>(window.tickerCount());
        for (int i = 0; i < window.tickerCount(); i++) {
            out.add(window.series(i));
        }
        return new InMemoryBarSource("memory:" + source.description(), out);
    }

    /** @return every ticker's series, by ticker */
    public List<BarSeries> series() {
        return series;
    }

    /** @return the bars held, all tickers together */
    public long bars() {
        long n = 0;
        for (BarSeries s : series) {
            n += s.size();
        }
        return n;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Universe universe() {
        List<String> tickers = new ArrayList<>(series.size());
        int first = Integer.MAX_VALUE, last = Integer.MIN_VALUE;
        for (BarSeries s : series) {
            tickers.add(s.ticker());
            if (s.size() > 0) {
                first = Math.min(first, s.epochDays()[0]);
                last = Math.max(last, s.epochDays()[s.size() - 1]);
            }
        }
        return tickers.isEmpty() || first > last
                ? new Universe(description, tickers, null, null)
                : new Universe(description, tickers, LocalDate.ofEpochDay(first), LocalDate.ofEpochDay(last));
    }

    @Override
    public Window open(LocalDate from, LocalDate to, Predicate<String> tickers, LoadListener listener) {
        List<BarSeries> selected = new ArrayList<>(series.size());
        for (BarSeries s : series) {
            if (tickers.test(s.ticker())) {
                selected.add(s);
            }
        }
        int fromDay = (int) from.toEpochDay(), toDay = (int) to.toEpochDay();
        return new Window() {
            @Override
            public int tickerCount() {
                return selected.size();
            }

            @Override
            public String ticker(int index) {
                return selected.get(index).ticker();
            }

            @Override
            public BarSeries series(int index) {
                // no copy when the window covers the series, as in the benchmarks
                return selected.get(index).slice(fromDay, toDay);
            }
        };
    }

    private static BarSeries shareEqualColumns(BarSeries s) {
        double[] o = s.open(), h = s.high(), l = s.low(), c = s.close(), v = s.volume();
        return new BarSeries(s.ticker(), s.epochDays(), o, h, l, c, v,
                same(o, s.openUa()), same(h, s.highUa()), same(l, s.lowUa()), same(c, s.closeUa()), same(v, s.volumeUa()));
    }

    private static double[] same(double[] adjusted, double[] asTraded) {
        return adjusted == asTraded || Arrays.equals(adjusted, asTraded) ? adjusted : asTraded;
    }
}
