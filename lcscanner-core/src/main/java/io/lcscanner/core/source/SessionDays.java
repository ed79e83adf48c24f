package io.lcscanner.core.source;

import io.lcscanner.core.calendar.NyseCalendar;
import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an epoch day is an NYSE session, for a parser checking every row: the sessions of one year as a bitmap,
 * looked up by the day's offset; a reader keeps the year it is in and fetches another only when a row leaves it.
 */
final class SessionDays {
    private static final ConcurrentHashMap<Integer, SessionDays> YEARS = new ConcurrentHashMap<>();

    /** The year's first and last epoch day. */
    final int first, last;
    private final long[] bits;

    private SessionDays(int year) {
        LocalDate start = LocalDate.of(year, 1, 1);
        first = (int) start.toEpochDay();
        last = (int) LocalDate.of(year, 12, 31).toEpochDay();
        bits = new long[(last - first + 64) / 64];
        for (int d = first; d <= last; d++) {
            if (NyseCalendar.isSession(start.plusDays(d - first))) {
                bits[(d - first) >>> 6] |= 1L << (d - first);
            }
        }
    }

    /** The year holding {@code epochDay}. */
    static SessionDays of(int epochDay) {
        return YEARS.computeIfAbsent(LocalDate.ofEpochDay(epochDay).getYear(), SessionDays::new);
    }

    /** Whether {@code epochDay} (within this year) is a session. */
    boolean isSession(int epochDay) {
        int i = epochDay - first;
        return (bits[i >>> 6] & (1L << i)) != 0;
    }
}
