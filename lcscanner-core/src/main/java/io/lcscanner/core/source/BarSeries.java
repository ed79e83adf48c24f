package io.lcscanner.core.source;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * One ticker's daily bars in date order, as primitive columns.
 *
 * <p>Every bar carries the split-adjusted prices ({@code open … volume}) and the as-traded ones
 * ({@code openUa … volumeUa}); a source without as-traded data passes the adjusted arrays for both.
 * Dates are {@link LocalDate#toEpochDay() epoch days}, strictly increasing. The arrays are owned by
 * the series once constructed: callers must not modify them afterwards.
 */
public final class BarSeries {
    private final String ticker;
    private final int[] epochDays;
    private final double[] open, high, low, close, volume;
    private final double[] openUa, highUa, lowUa, closeUa, volumeUa;

    /**
     * @param ticker    the ticker
     * @param epochDays each bar's date, strictly increasing
     * @param open      split-adjusted open of each bar (likewise {@code high}, {@code low}, {@code close}, {@code volume})
     * @param high      split-adjusted high
     * @param low       split-adjusted low
     * @param close     split-adjusted close
     * @param volume    split-adjusted volume
     * @param openUa    as-traded open (likewise the other {@code …Ua} columns)
     * @param highUa    as-traded high
     * @param lowUa     as-traded low
     * @param closeUa   as-traded close
     * @param volumeUa  as-traded volume
     * @throws IllegalArgumentException if a column's length differs from the dates' or the dates are not increasing
     */
    public BarSeries(String ticker, int[] epochDays,
                     double[] open, double[] high, double[] low, double[] close, double[] volume,
                     double[] openUa, double[] highUa, double[] lowUa, double[] closeUa, double[] volumeUa) {
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.epochDays = Objects.requireNonNull(epochDays, "epochDays");
        int n = epochDays.length;
        this.open = checkLength("open", open, n);
        this.high = checkLength("high", high, n);
        this.low = checkLength("low", low, n);
        this.close = checkLength("close", close, n);
        this.volume = checkLength("volume", volume, n);
        this.openUa = checkLength("openUa", openUa, n);
        this.highUa = checkLength("highUa", highUa, n);
        this.lowUa = checkLength("lowUa", lowUa, n);
        this.closeUa = checkLength("closeUa", closeUa, n);
        this.volumeUa = checkLength("volumeUa", volumeUa, n);
        for (int i = 1; i < n; i++) {
            if (epochDays[i] <= epochDays[i - 1]) {
                throw new IllegalArgumentException("bars of " + ticker + " are not in strictly increasing date order at "
                        + LocalDate.ofEpochDay(epochDays[i]));
            }
        }
    }

    /**
     * A series whose as-traded columns equal the adjusted ones (no split information).
     *
     * @param ticker    the ticker
     * @param epochDays each bar's date, strictly increasing
     * @param open      each bar's open
     * @param high      each bar's high
     * @param low       each bar's low
     * @param close     each bar's close
     * @param volume    each bar's volume
     * @return the series
     */
    public static BarSeries adjustedOnly(String ticker, int[] epochDays, double[] open, double[] high, double[] low,
                                         double[] close, double[] volume) {
        return new BarSeries(ticker, epochDays, open, high, low, close, volume, open, high, low, close, volume);
    }

    private static double[] checkLength(String name, double[] column, int n) {
        Objects.requireNonNull(column, name);
        if (column.length != n) {
            throw new IllegalArgumentException(name + " has " + column.length + " values, dates have " + n);
        }
        return column;
    }

    /** @return the ticker */
    public String ticker() { return ticker; }
    /** @return the number of bars */
    public int size() { return epochDays.length; }
    /** @return each bar's date as an epoch day (not to be modified) */
    public int[] epochDays() { return epochDays; }
    /**
     * @param i a bar's index
     * @return its date
     */
    public LocalDate date(int i) { return LocalDate.ofEpochDay(epochDays[i]); }
    /** @return the split-adjusted opens (not to be modified) */
    public double[] open() { return open; }
    /** @return the split-adjusted highs */
    public double[] high() { return high; }
    /** @return the split-adjusted lows */
    public double[] low() { return low; }
    /** @return the split-adjusted closes */
    public double[] close() { return close; }
    /** @return the split-adjusted volumes */
    public double[] volume() { return volume; }
    /** @return the as-traded opens */
    public double[] openUa() { return openUa; }
    /** @return the as-traded highs */
    public double[] highUa() { return highUa; }
    /** @return the as-traded lows */
    public double[] lowUa() { return lowUa; }
    /** @return the as-traded closes */
    public double[] closeUa() { return closeUa; }
    /** @return the as-traded volumes */
    public double[] volumeUa() { return volumeUa; }

    /**
     * @param fromEpochDay first date kept
     * @param toEpochDay   last date kept
     * @return the bars dated within [fromEpochDay, toEpochDay], sharing nothing with this series (this series
     *         itself when it holds no other bars)
     */
    public BarSeries slice(int fromEpochDay, int toEpochDay) {
        int a = lowerBound(fromEpochDay);
        int b = lowerBound(toEpochDay + 1);
        if (a == 0 && b == size()) {
            return this;
        }
        return new BarSeries(ticker, Arrays.copyOfRange(epochDays, a, b),
                Arrays.copyOfRange(open, a, b), Arrays.copyOfRange(high, a, b), Arrays.copyOfRange(low, a, b),
                Arrays.copyOfRange(close, a, b), Arrays.copyOfRange(volume, a, b),
                Arrays.copyOfRange(openUa, a, b), Arrays.copyOfRange(highUa, a, b), Arrays.copyOfRange(lowUa, a, b),
                Arrays.copyOfRange(closeUa, a, b), Arrays.copyOfRange(volumeUa, a, b));
    }

    /**
     * @param epochDay a date
     * @return the index of the first bar dated on or after it ({@link #size()} if none)
     */
    public int lowerBound(int epochDay) {
        int lo = 0, hi = epochDays.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (epochDays[mid] < epochDay) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    @Override
    public String toString() {
        return size() == 0 ? ticker + "[]" : ticker + "[" + size() + " bars " + date(0) + ".." + date(size() - 1) + "]";
    }
}
