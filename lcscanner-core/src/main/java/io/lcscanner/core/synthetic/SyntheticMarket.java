package io.lcscanner.core.synthetic;

import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.IntradaySource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A deterministic synthetic US stock market, the embedded default data source.
 *
 * <p>Every ticker's daily history depends only on the seed, the ticker and the market's date range: it
 * is generated on request by {@link Window#series(int)}, never stored, so opening the market is cheap
 * and any thread or window asking for a ticker sees the same bars. A market with fewer tickers holds
 * the first tickers of a larger one with the same seed and range, with the same bars. The histories aim to look like real ones where a
 * scanner can tell: price tiers from penny stocks to mega caps, clustered volatility, overnight gaps,
 * forward and reverse splits (adjusted columns differ from the as-traded ones before a split), late
 * listings, delistings, halted days, and now and then a parabolic multi-day run large and liquid
 * enough for the LC patterns to fire. {@link #intraday()} adds matching 30-minute bars.
 *
 * <pre>{@code
 * BarSource market = new SyntheticMarket(SyntheticMarket.DEFAULT_SEED, SyntheticMarket.DEFAULT_TICKERS);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SyntheticMarket implements BarSource {
    /** The seed the command line uses unless told otherwise. */
    public static final long DEFAULT_SEED = 42;
    /** The number of tickers the command line uses unless told otherwise. */
    public static final int DEFAULT_TICKERS = 3000;
    /** First day of the default range (a session). */
    public static final LocalDate DEFAULT_FIRST = LocalDate.of(2022, 1, 3);
    /** Last day of the default range. */
    public static final LocalDate DEFAULT_LAST = LocalDate.of(2025, 12, 31);
    /** Upper bound on {@code tickers}; beyond it unique short names would run thin. */
    public static final int MAX_TICKERS = 1_000_000;

    private static final long NAME_SALT = 0x6C63_7363_616E_6E65L;
    /** Relative frequency of ticker lengths 1–5, roughly as listed on US exchanges. */
    private static final double[] NAME_LENGTH_CDF = {0.01, 0.08, 0.43, 0.93, 1.0};

    private final long seed;
    private final int tickers;
    private final LocalDate first, last;
    /** Session epoch days of the range; never modified after construction. */
    private final int[] sessions;
    /** Names in ascending order, and the generation ordinal of each (the key of its history). */
    private final String[] sortedNames;
    private final List<String> tickerList;
    private final int[] sortedOrdinals;
    private final Map<String, Integer> ordinalByName;

    /**
     * The default range, 2022-01-03 through 2025-12-31.
     *
     * @param seed what every history derives from
     * @param tickers how many tickers
     */
    public SyntheticMarket(long seed, int tickers) {
        this(seed, tickers, DEFAULT_FIRST, DEFAULT_LAST);
    }

    /**
     * A market trading the NYSE sessions from {@code first} through {@code last}.
     *
     * @throws IllegalArgumentException if {@code tickers} is not in 1…{@value #MAX_TICKERS} or the range
     *                                  holds no session
     *
     * @param seed what every history derives from
     * @param tickers how many tickers
     * @param first first session
     * @param last last session
     */
    public SyntheticMarket(long seed, int tickers, LocalDate first, LocalDate last) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (tickers < 1 || tickers > MAX_TICKERS) {
            throw new IllegalArgumentException("tickers must be between 1 and " + MAX_TICKERS + ", got " + tickers);
        }
        List<LocalDate> days = NyseCalendar.sessions(first, last);
        if (days.isEmpty()) {
            throw new IllegalArgumentException("no NYSE session from " + first + " through " + last);
        }
        this.seed = seed;
        this.tickers = tickers;
        this.sessions = days.stream().mapToInt(d -> (int) d.toEpochDay()).toArray();
        this.first = days.get(0);
        this.last = days.get(days.size() - 1);

        String[] names = names(seed, tickers);
        Integer[] order = new Integer[tickers];
        for (int i = 0; i < tickers; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> names[a].compareTo(names[b]));
        this.sortedNames = new String[tickers];
        this.sortedOrdinals = new int[tickers];
        Map<String, Integer> byName = new HashMap<>(tickers * 2);
        for (int i = 0; i < tickers; i++) {
            sortedNames[i] = names[order[i]];
            sortedOrdinals[i] = order[i];
            byName.put(names[order[i]], order[i]);
        }
        this.ordinalByName = Map.copyOf(byName);
        this.tickerList = List.of(sortedNames);
    }

    /**
     * Unique names drawn in sequence, so a market with fewer tickers holds the first ones of a larger
     * market with the same seed, with the same histories.
     */
    private static String[] names(long seed, int count) {
        SplittableRandom rng = new SplittableRandom(seed ^ NAME_SALT);
        String[] out = new String[count];
        Set<String> used = new HashSet<>(count * 2);
        char[] buf = new char[5];
        int i = 0;
        while (i < count) {
            double u = rng.nextDouble();
            int length = 1;
            while (u >= NAME_LENGTH_CDF[length - 1]) {
                length++;
            }
            for (int k = 0; k < length; k++) {
                buf[k] = (char) ('A' + rng.nextInt(26));
            }
            String name = new String(buf, 0, length);
            if (used.add(name)) {
                out[i++] = name;
            }
        }
        return out;
    }

    /**
     * The seed every history derives from.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * All ticker names, ascending.
     *
     * @return the tickers
     */
    public List<String> tickers() {
        return tickerList;
    }

    @Override
    public String description() {
        String range = first.equals(DEFAULT_FIRST) && last.equals(DEFAULT_LAST)
                ? "" : ",from=" + first + ",to=" + last;
        return "synthetic:seed=" + seed + ",tickers=" + tickers + range;
    }

    @Override
    public Universe universe() {
        return new Universe(description(), tickerList, first, last);
    }

    /** Selects tickers only; each series is generated when {@link Window#series(int)} asks for it. */
    @Override
    public Window open(LocalDate from, LocalDate to, Predicate<String> selection, LoadListener listener)
            throws InterruptedException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(selection, "selection");
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("opening " + description() + " was interrupted");
        }
        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < tickers; i++) {
            if (selection.test(sortedNames[i])) {
                picked.add(i);
            }
        }
        int[] positions = picked.stream().mapToInt(Integer::intValue).toArray();
        int fromDay = (int) from.toEpochDay();
        int toDay = Math.max((int) to.toEpochDay(), fromDay - 1); // an inverted window is empty
        if (listener != null) {
            listener.progress(positions.length, positions.length, "Selected " + positions.length + " synthetic tickers");
        }
        return new Window() {
            @Override
            public int tickerCount() {
                return positions.length;
            }

            @Override
            public String ticker(int index) {
                return sortedNames[positions[index]];
            }

            @Override
            public BarSeries series(int index) {
                int p = positions[index];
                return SyntheticDaily.generate(sortedNames[p], seed, sortedOrdinals[p], sessions).slice(fromDay, toDay);
            }
        };
    }

    /** 30-minute bars consistent with the daily bars, pre-market and after-hours included. */
    @Override
    public Optional<IntradaySource> intraday() {
        return Optional.of(new SyntheticIntraday(this));
    }

    /** The full daily history of {@code ticker}, or {@code null} if the market has no such ticker. */
    BarSeries history(String ticker) {
        Integer ordinal = ordinalByName.get(ticker);
        return ordinal == null ? null : SyntheticDaily.generate(ticker, seed, ordinal, sessions);
    }

    /** The generation ordinal of {@code ticker}, or −1. */
    int ordinal(String ticker) {
        Integer ordinal = ordinalByName.get(ticker);
        return ordinal == null ? -1 : ordinal;
    }

    @Override
    public String toString() {
        return description();
    }
}
