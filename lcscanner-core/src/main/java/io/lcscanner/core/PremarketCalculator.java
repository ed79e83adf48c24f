package io.lcscanner.core;

import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.IntradayBars;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * Spec §7: the premarket liquidity of a hit on trading day D from the ticker's 30-minute bars.
 *
 * <p>Bars are placed in New York time without converting each one: the New York midnight, 09:00 and
 * 09:30 of every calendar day D−4…D+1 are turned into epoch milliseconds once (a handful of zone look-ups
 * per hit, correct across DST switches), and each bar's start is compared with them in one primitive pass.
 * A bar therefore belongs to the New York date it starts on, whatever its UTC date.
 *
 * <p>Readings of the spec's text:
 * <ul>
 *   <li>"each day of D−4..D" is the five sessions D−4, …, D (the "5d" of {@code avg_5d_pm_dol_vol}); bars
 *       on a non-session date between them (a holiday) are ignored. D itself always counts.</li>
 *   <li>premarket volume is {@code v_sum} at the 09:00 bar, i.e. the day's volume from its first bar
 *       through the 09:00–09:30 bar inclusive.</li>
 *   <li>a day with neither a 09:00 nor a 09:30 bar is left out of the mean; when no day has either,
 *       the mean is NaN (unknown, as pandas' mean of nothing) and {@code valid_pm_liq} is 0.</li>
 *   <li>"no such bars" on D+1 means no bar starting at or before 09:00; then the three next-day fields
 *       are NaN even if a 09:30 bar exists. D+1 equal to {@code today} is not "in the future": its bars so
 *       far are used.</li>
 * </ul>
 */
final class PremarketCalculator {
    /** {@code valid_pm_liq} needs a 5-day mean premarket dollar volume of at least this. */
    static final double MIN_AVG_PM_DOLLAR_VOLUME = 10_000_000;

    private static final LocalTime PREMARKET_BAR = LocalTime.of(9, 0);
    private static final LocalTime OPEN_BAR = NyseCalendar.OPEN;

    private PremarketCalculator() {
    }

    /**
     * The five §7 fields of a hit, in output order ({@link HitSchema#PREMARKET}). Next-day fields are NaN
     * when D+1 has no premarket bars or lies in the future.
     */
    record Fields(double avg5dPmDolVol, boolean validPmLiq, double pmhNextDay, double openNextDay,
                  double pmDolVolNextDay) {
        double[] row() {
            return new double[] {avg5dPmDolVol, validPmLiq ? 1 : 0, pmhNextDay, openNextDay, pmDolVolNextDay};
        }
    }

    /** D−4: the first session whose premarket counts toward the mean. */
    static LocalDate firstDay(LocalDate d) {
        return NyseCalendar.plusSessions(d, -4);
    }

    /** D+1: the session whose premarket gives the next-day fields. */
    static LocalDate nextDay(LocalDate d) {
        return NyseCalendar.plusSessions(d, 1);
    }

    /**
     * The §7 fields of a hit on {@code d}.
     *
     * @param bars  the ticker's 30-minute bars in time order; bars outside D−4…D+1 are ignored
     * @param today the current New York date; a D+1 after it has no next-day fields
     */
    static Fields compute(IntradayBars bars, LocalDate d, LocalDate today) {
        LocalDate first = firstDay(d), next = nextDay(d);
        int days = (int) ChronoUnit.DAYS.between(first, next) + 1;
        int dIndex = (int) ChronoUnit.DAYS.between(first, d), nextIndex = days - 1;

        long[] dayStart = new long[days + 1]; // New York midnights; dayStart[days] ends the window
        long[] at0900 = new long[days], at0930 = new long[days];
        for (int k = 0; k <= days; k++) {
            LocalDate date = first.plusDays(k);
            dayStart[k] = date.atStartOfDay(NyseCalendar.NEW_YORK).toInstant().toEpochMilli();
            if (k < days) {
                at0900[k] = date.atTime(PREMARKET_BAR).atZone(NyseCalendar.NEW_YORK).toInstant().toEpochMilli();
                at0930[k] = date.atTime(OPEN_BAR).atZone(NyseCalendar.NEW_YORK).toInstant().toEpochMilli();
            }
        }

        double[] pmVolume = new double[days], open = new double[days];
        boolean[] has0900 = new boolean[days], has0930 = new boolean[days];
        boolean nextHasPremarket = false;
        double nextHigh = Double.NaN, nextVolume = 0, nextOpen = Double.NaN;

        long[] start = bars.startMillis();
        double[] o = bars.open(), h = bars.high(), v = bars.volume();
        int k = -1;
        double vSum = 0, hod = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < start.length; i++) {
            long s = start[i];
            if (s < dayStart[0]) {
                continue;
            }
            if (s >= dayStart[days]) {
                break;
            }
            int day = Math.max(k, 0);
            while (s >= dayStart[day + 1]) {
                day++;
            }
            if (day != k) { // a new New York day: running sums restart
                k = day;
                vSum = 0;
                hod = Double.NEGATIVE_INFINITY;
            }
            vSum += v[i];
            hod = Math.max(hod, h[i]);
            if (s == at0900[k]) {
                pmVolume[k] = vSum;
                has0900[k] = true;
            } else if (s == at0930[k]) {
                open[k] = o[i];
                has0930[k] = true;
            }
            if (k == nextIndex) {
                if (s <= at0900[k]) {
                    nextHasPremarket = true;
                    nextHigh = hod; // bars come in time order, so the running max is the max so far
                    nextVolume = vSum;
                }
                if (s <= at0930[k]) {
                    nextOpen = o[i];
                }
            }
        }

        double sum = 0;
        int counted = 0;
        for (int j = 0; j <= dIndex; j++) {
            if ((has0900[j] || has0930[j]) && (j == dIndex || NyseCalendar.isSession(first.plusDays(j)))) {
                sum += (has0900[j] ? pmVolume[j] : 0) * (has0930[j] ? open[j] : 0);
                counted++;
            }
        }
        double avg = counted == 0 ? Double.NaN : sum / counted;
        boolean valid = avg >= MIN_AVG_PM_DOLLAR_VOLUME;

        if (!nextHasPremarket || next.isAfter(today)) {
            return new Fields(avg, valid, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Fields(avg, valid, nextHigh, nextOpen, nextVolume * nextOpen);
    }
}
