package io.lcscanner.core.synthetic;

import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.IntradayBars;
import io.lcscanner.core.source.IntradaySource;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * 30-minute bars behind a {@link SyntheticMarket}'s daily bars, split-adjusted like the daily ones.
 *
 * <p>Each session has bars starting 04:00 through 19:30 New York time: pre-market 04:00–09:00,
 * regular 09:30–15:30 (–12:30 on early closes, whose after-hours then runs 13:00–16:30), after-hours
 * 16:00–19:30. The regular bars reproduce the daily bar: the 09:30 open is the daily open, the last
 * close the daily close, the daily high and low are each touched by one bar and never exceeded, and
 * the volumes add up to the daily volume. Pre-market volume grows with the day's gap, so the gapping
 * days of a parabolic run trade in size before the open; thin names skip early pre-market and late
 * after-hours intervals. A day's bars depend only on the seed, the ticker and the date.
 */
public final class SyntheticIntraday implements IntradaySource {
    private static final long INTRADAY_SALT = 0x1D7A_DA11_5EED_0030L;
    private static final long HALF_HOUR_MS = 30 * 60 * 1000L;
    private static final LocalTime FIRST_BAR = LocalTime.of(4, 0);
    private static final int PRE_SLOTS = 11, AFTER_SLOTS = 8, MAX_SLOTS = 32;
    /** Pre-market volume builds toward the open. */
    private static final double[] PRE_WEIGHTS = {1, 1, 1, 1.2, 1.5, 2, 2.5, 4, 6, 9, 14};
    /** The intraday U-shape of regular-hours volume, full day and early close. */
    private static final double[] REGULAR_WEIGHTS = {14, 9, 7, 6, 5, 4.5, 4, 4, 4.5, 5, 6, 7, 11};
    private static final double[] EARLY_CLOSE_WEIGHTS = {14, 9, 7, 6, 6, 7, 12};
    /** After-hours volume is mostly the first half hour (earnings reactions, closing prints). */
    private static final double[] AFTER_WEIGHTS = {10, 4, 2.5, 1.5, 1.2, 1, 0.8, 0.8};

    private final SyntheticMarket market;

    SyntheticIntraday(SyntheticMarket market) {
        this.market = Objects.requireNonNull(market, "market");
    }

    @Override
    public IntradayBars thirtyMinuteBars(String ticker, LocalDate from, LocalDate to) {
        Objects.requireNonNull(ticker, "ticker");
        BarSeries daily = market.history(ticker);
        if (daily == null || to.isBefore(from)) {
            return empty(ticker);
        }
        int a = daily.lowerBound((int) from.toEpochDay()), b = daily.lowerBound((int) to.toEpochDay() + 1);
        long daySeed = SyntheticDaily.mix(SyntheticDaily.tickerSeed(market.seed(), market.ordinal(ticker)) ^ INTRADAY_SALT);
        Builder out = new Builder(ticker, (b - a) * MAX_SLOTS);
        for (int i = a; i < b; i++) {
            SplittableRandom rng = new SplittableRandom(SyntheticDaily.mix(daySeed + SyntheticDaily.GOLDEN * daily.epochDays()[i]));
            day(daily, i, rng, out);
        }
        return out.build();
    }

    private static IntradayBars empty(String ticker) {
        return new IntradayBars(ticker, new long[0], new double[0], new double[0], new double[0], new double[0], new double[0]);
    }

    /** Appends the bars of daily bar {@code i}. */
    private static void day(BarSeries s, int i, SplittableRandom rng, Builder out) {
        LocalDate date = s.date(i);
        long base = ZonedDateTime.of(date, FIRST_BAR, NyseCalendar.NEW_YORK).toInstant().toEpochMilli();
        double o = s.open()[i], h = s.high()[i], l = s.low()[i], c = s.close()[i], v = s.volume()[i];
        double prevClose = i > 0 ? s.close()[i - 1] : o;
        // as-traded units per adjusted one, so prices can tick in real cents
        double unit = s.closeUa()[i] / c;
        double liquidity = Math.min(1, Math.max(0, (Math.log10(Math.max(1, c * v)) - 6.5) / 1.5));
        double dayRange = Math.log(h / l) + 0.002;
        boolean early = NyseCalendar.isEarlyClose(date);
        double[] regularWeights = early ? EARLY_CLOSE_WEIGHTS : REGULAR_WEIGHTS;
        int regular = regularWeights.length;

        // pre-market: a noisy bridge from the previous close to the open; size follows the gap
        double gap = Math.abs(o / prevClose - 1);
        double preVolume = v * Math.min(0.3, 0.005 + 0.25 * gap) * Math.exp(0.5 * gauss(rng));
        boolean[] present = new boolean[PRE_SLOTS];
        double weightSum = 0;
        for (int q = 0; q < PRE_SLOTS; q++) {
            double liquidMiss = q >= 8 ? 0 : q >= 4 ? 0.05 : 0.25;
            double thinMiss = q == PRE_SLOTS - 1 ? 0.1 : q >= 8 ? 0.35 : q >= 4 ? 0.6 : 0.85;
            present[q] = rng.nextDouble() >= liquidity * liquidMiss + (1 - liquidity) * thinMiss;
            weightSum += present[q] ? PRE_WEIGHTS[q] : 0;
        }
        double lp = Math.log(prevClose), lo = Math.log(o), last = prevClose;
        for (int q = 0; q < PRE_SLOTS; q++) {
            double shares = Math.rint(preVolume * PRE_WEIGHTS[q] / weightSum);
            if (!present[q] || shares < 1) {
                continue; // no trade, no bar
            }
            double frac = (q + 1.0) / PRE_SLOTS;
            double x = q == PRE_SLOTS - 1 ? o * Math.exp(0.02 * dayRange * gauss(rng))
                    : Math.exp(lp + (lo - lp) * frac + 0.15 * dayRange * Math.sqrt(frac * (1 - frac)) * gauss(rng));
            double bo = tick(last, unit), bc = tick(x, unit);
            double bh = tick(Math.max(bo, bc) * Math.exp(0.05 * dayRange * Math.abs(gauss(rng))), unit);
            double bl = tick(Math.min(bo, bc) * Math.exp(-0.05 * dayRange * Math.abs(gauss(rng))), unit);
            out.add(base + q * HALF_HOUR_MS, bo, Math.max(bh, Math.max(bo, bc)), Math.min(bl, Math.min(bo, bc)), bc, shares);
            last = bc;
        }

        // regular hours: a path from open to close through the day's high and low, each touched by one
        // bar. An extreme near the open comes early in the day, one near the close late.
        int highBar = extremeBar(rng, regular, h - c < h - o);
        int lowBar = extremeBar(rng, regular, c - l < o - l);
        if (highBar == lowBar && regular > 1 && h > l) {
            lowBar = lowBar == 0 ? 1 : lowBar - 1;
            boolean upDay = c >= o;
            if (upDay ? lowBar > highBar : lowBar < highBar) {
                // keep the order the day's shape implies: on an up day the low comes first
                int swap = highBar;
                highBar = lowBar;
                lowBar = swap;
            }
        }
        double tHigh = highBar + 0.5, tLow = lowBar + 0.5;
        double[] x = new double[regular + 1];
        x[0] = o;
        x[regular] = c;
        for (int k = 1; k < regular; k++) {
            double p = pathAt(k, regular, o, c, tHigh, h, tLow, l) + 0.08 * (h - l) * gauss(rng);
            x[k] = clamp(tick(clamp(p, l, h), unit), l, h);
        }
        double[] vol = new double[regular];
        double volumeSum = 0;
        for (int k = 0; k < regular; k++) {
            vol[k] = regularWeights[k] * Math.exp(0.25 * gauss(rng));
            volumeSum += vol[k];
        }
        double assigned = 0;
        for (int k = 1; k < regular; k++) {
            vol[k] = Math.rint(v * vol[k] / volumeSum);
            assigned += vol[k];
        }
        vol[0] = Math.max(0, v - assigned); // the open takes the rounding remainder
        for (int k = 0; k < regular; k++) {
            double bo = x[k], bc = x[k + 1];
            double top = Math.max(bo, bc), bottom = Math.min(bo, bc);
            double bh = k == highBar ? h : clamp(tick(top + 0.3 * (h - top) * rng.nextDouble(), unit), top, h);
            double bl = k == lowBar ? l : clamp(tick(bottom - 0.3 * (bottom - l) * rng.nextDouble(), unit), l, bottom);
            out.add(base + (PRE_SLOTS + k) * HALF_HOUR_MS, bo, bh, bl, bc, vol[k]);
        }

        // after-hours: a quiet random walk from the close
        double afterVolume = v * 0.02 * (1 + 3 * rng.nextDouble()) * (1 + 2 * Math.abs(c / o - 1));
        weightSum = 0;
        boolean[] after = new boolean[AFTER_SLOTS];
        for (int q = 0; q < AFTER_SLOTS; q++) {
            double liquidMiss = q >= 4 ? 0.15 : 0.02;
            double thinMiss = 0.3 + 0.08 * q;
            after[q] = rng.nextDouble() >= liquidity * liquidMiss + (1 - liquidity) * thinMiss;
            weightSum += after[q] ? AFTER_WEIGHTS[q] : 0;
        }
        last = c;
        int firstAfter = PRE_SLOTS + regular;
        for (int q = 0; q < AFTER_SLOTS; q++) {
            double shares = Math.rint(afterVolume * AFTER_WEIGHTS[q] / weightSum);
            if (!after[q] || shares < 1) {
                continue;
            }
            double bo = last, bc = tick(last * Math.exp(0.06 * dayRange * gauss(rng)), unit);
            double bh = tick(Math.max(bo, bc) * Math.exp(0.03 * dayRange * Math.abs(gauss(rng))), unit);
            double bl = tick(Math.min(bo, bc) * Math.exp(-0.03 * dayRange * Math.abs(gauss(rng))), unit);
            out.add(base + (firstAfter + q) * HALF_HOUR_MS, bo, Math.max(bh, Math.max(bo, bc)), Math.min(bl, Math.min(bo, bc)),
                    bc, shares);
            last = bc;
        }
    }

    /** The bar holding a daily extreme: skewed to the first bars when {@code early}, else to the last. */
    private static int extremeBar(SplittableRandom rng, int bars, boolean early) {
        double u = rng.nextDouble();
        int k = (int) (bars * u * u * u);
        return early ? k : bars - 1 - k;
    }

    /** The piecewise-linear path through (0, open), the two extremes and (bars, close), at time {@code t}. */
    private static double pathAt(double t, int bars, double open, double close, double tHigh, double high,
                                 double tLow, double low) {
        double t1 = Math.min(tHigh, tLow), t2 = Math.max(tHigh, tLow);
        double p1 = tHigh < tLow ? high : low, p2 = tHigh < tLow ? low : high;
        if (t <= t1) {
            return open + (p1 - open) * t / t1;
        }
        if (t <= t2) {
            return p1 + (p2 - p1) * (t - t1) / (t2 - t1);
        }
        return p2 + (close - p2) * (t - t2) / (bars - t2);
    }

    /** An adjusted price on the as-traded tick grid. */
    private static double tick(double adjusted, double unit) {
        return unit == 1 ? SyntheticDaily.tick(adjusted) : SyntheticDaily.tick(adjusted * unit) / unit;
    }

    private static double clamp(double x, double lo, double hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    private static double gauss(SplittableRandom rng) {
        double u, v, s;
        do {
            u = 2 * rng.nextDouble() - 1;
            v = 2 * rng.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** Growable bar columns. */
    private static final class Builder {
        private final String ticker;
        private long[] start;
        private double[] open, high, low, close, volume;
        private int n;

        Builder(String ticker, int capacity) {
            this.ticker = ticker;
            start = new long[capacity];
            open = new double[capacity];
            high = new double[capacity];
            low = new double[capacity];
            close = new double[capacity];
            volume = new double[capacity];
        }

        void add(long startMillis, double o, double h, double l, double c, double v) {
            start[n] = startMillis;
            open[n] = o;
            high[n] = h;
            low[n] = l;
            close[n] = c;
            volume[n] = v;
            n++;
        }

        IntradayBars build() {
            return new IntradayBars(ticker, Arrays.copyOf(start, n), Arrays.copyOf(open, n), Arrays.copyOf(high, n),
                    Arrays.copyOf(low, n), Arrays.copyOf(close, n), Arrays.copyOf(volume, n));
        }
    }
}
