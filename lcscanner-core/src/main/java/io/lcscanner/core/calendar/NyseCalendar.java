package io.lcscanner.core.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The NYSE trading calendar ({@code shared/spec/nyse-calendar.md}): rule-based holidays, the
 * unscheduled closures since 2000 as data, and early closes. Regular session 09:30–16:00 New York.
 * Years are computed once and cached; all methods are thread-safe.
 */
public final class NyseCalendar {
    /** The exchange's time zone. */
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    /** The regular open, 09:30 New York time. */
    public static final LocalTime OPEN = LocalTime.of(9, 30);
    /** The regular close, 16:00 New York time. */
    public static final LocalTime CLOSE = LocalTime.of(16, 0);
    /** The close of an early-close session, 13:00 New York time. */
    public static final LocalTime EARLY_CLOSE = LocalTime.of(13, 0);

    private static final Set<LocalDate> UNSCHEDULED_CLOSURES = Set.of(
            LocalDate.of(2001, 9, 11), LocalDate.of(2001, 9, 12), LocalDate.of(2001, 9, 13), LocalDate.of(2001, 9, 14),
            LocalDate.of(2004, 6, 11), LocalDate.of(2007, 1, 2), LocalDate.of(2012, 10, 29), LocalDate.of(2012, 10, 30),
            LocalDate.of(2018, 12, 5), LocalDate.of(2025, 1, 9));
    private static final Set<LocalDate> EXTRA_EARLY_CLOSES = Set.of(LocalDate.of(2003, 12, 26));
    private static final ConcurrentHashMap<Integer, BitSet[]> YEARS = new ConcurrentHashMap<>();

    private NyseCalendar() {
    }

    /**
     * Whether the exchange trades on {@code date}.
     *
     * @param date a date
     * @return whether it is a session
     */
    public static boolean isSession(LocalDate date) {
        return year(date.getYear())[0].get(date.getDayOfYear());
    }

    /**
     * Whether {@code date} is a session that closes at 13:00.
     *
     * @param date a date
     * @return whether it is an early-close session
     */
    public static boolean isEarlyClose(LocalDate date) {
        return year(date.getYear())[1].get(date.getDayOfYear());
    }

    /**
     * The closing time of a session (16:00, or 13:00 on early closes).
     *
     * @param session a session
     * @return its closing time, New York time
     */
    public static LocalTime closeTime(LocalDate session) {
        return isEarlyClose(session) ? EARLY_CLOSE : CLOSE;
    }

    /**
     * The first session strictly after {@code date}.
     *
     * @param date any date
     * @return the next session
     */
    public static LocalDate nextSession(LocalDate date) {
        LocalDate d = date.plusDays(1);
        while (!isSession(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /**
     * The last session strictly before {@code date}.
     *
     * @param date any date
     * @return the previous session
     */
    public static LocalDate previousSession(LocalDate date) {
        LocalDate d = date.minusDays(1);
        while (!isSession(d)) {
            d = d.minusDays(1);
        }
        return d;
    }

    /**
     * The session {@code n} sessions before ({@code n < 0}) or after ({@code n > 0}) {@code session}.
     *
     * @param session a session
     * @param n sessions to move, negative for earlier
     * @return that session
     */
    public static LocalDate plusSessions(LocalDate session, int n) {
        LocalDate d = session;
        for (int i = 0; i < Math.abs(n); i++) {
            d = n > 0 ? nextSession(d) : previousSession(d);
        }
        return d;
    }

    /**
     * Every session from {@code from} through {@code to}, inclusive, in order.
     *
     * @param from first date
     * @param to last date
     * @return the sessions
     */
    public static List<LocalDate> sessions(LocalDate from, LocalDate to) {
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (isSession(d)) {
                out.add(d);
            }
        }
        return out;
    }

    /** [sessions, early closes] of one year, indexed by day of year. */
    private static BitSet[] year(int year) {
        return YEARS.computeIfAbsent(year, NyseCalendar::computeYear);
    }

    private static BitSet[] computeYear(int year) {
        BitSet sessions = new BitSet(367), early = new BitSet(367);
        Set<LocalDate> holidays = holidays(year);
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            DayOfWeek dow = d.getDayOfWeek();
            if (dow != DayOfWeek.SATURDAY && dow != DayOfWeek.SUNDAY && !holidays.contains(d)
                    && !UNSCHEDULED_CLOSURES.contains(d)) {
                sessions.set(d.getDayOfYear());
            }
        }
        for (LocalDate d : earlyCloses(year)) {
            if (sessions.get(d.getDayOfYear())) {
                early.set(d.getDayOfYear());
            }
        }
        return new BitSet[] {sessions, early};
    }

    private static Set<LocalDate> holidays(int year) {
        Set<LocalDate> h = new java.util.HashSet<>();
        LocalDate newYear = LocalDate.of(year, 1, 1);
        if (newYear.getDayOfWeek() == DayOfWeek.SUNDAY) {
            h.add(newYear.plusDays(1));
        } else if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) {
            h.add(newYear); // a Saturday New Year is not observed: Dec 31 trades
        }
        if (year >= 1998) {
            h.add(nthWeekday(year, Month.JANUARY, DayOfWeek.MONDAY, 3));
        }
        h.add(nthWeekday(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3));
        h.add(easterSunday(year).minusDays(2));
        h.add(LocalDate.of(year, 5, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)));
        if (year >= 2022) {
            h.add(observed(LocalDate.of(year, 6, 19)));
        }
        h.add(observed(LocalDate.of(year, 7, 4)));
        h.add(nthWeekday(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1));
        h.add(thanksgiving(year));
        h.add(observed(LocalDate.of(year, 12, 25)));
        return h;
    }

    private static List<LocalDate> earlyCloses(int year) {
        List<LocalDate> e = new ArrayList<>();
        e.add(thanksgiving(year).plusDays(1));
        LocalDate christmasEve = LocalDate.of(year, 12, 24);
        if (christmasEve.getDayOfWeek().getValue() <= DayOfWeek.THURSDAY.getValue()) {
            e.add(christmasEve);
        }
        LocalDate july3 = LocalDate.of(year, 7, 3);
        DayOfWeek d = july3.getDayOfWeek();
        if (d == DayOfWeek.MONDAY || d == DayOfWeek.TUESDAY || d == DayOfWeek.THURSDAY
                || (d == DayOfWeek.WEDNESDAY && year >= 2013)) {
            e.add(july3);
        }
        if (year < 2013 && LocalDate.of(year, 7, 4).getDayOfWeek() == DayOfWeek.THURSDAY) {
            e.add(LocalDate.of(year, 7, 5));
        }
        for (LocalDate x : EXTRA_EARLY_CLOSES) {
            if (x.getYear() == year) {
                e.add(x);
            }
        }
        return e;
    }

    /** Saturday → Friday, Sunday → Monday. */
    private static LocalDate observed(LocalDate d) {
        return switch (d.getDayOfWeek()) {
            case SATURDAY -> d.minusDays(1);
            case SUNDAY -> d.plusDays(1);
            default -> d;
        };
    }

    private static LocalDate thanksgiving(int year) {
        return nthWeekday(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4);
    }

    private static LocalDate nthWeekday(int year, Month month, DayOfWeek dow, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, dow));
    }

    /** Western Easter (anonymous Gregorian algorithm). */
    static LocalDate easterSunday(int year) {
        int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
        int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }
}
