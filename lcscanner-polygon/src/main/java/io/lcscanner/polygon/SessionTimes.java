package io.lcscanner.polygon;

import io.lcscanner.core.calendar.NyseCalendar;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * When a session's daily bars may be fetched and cached. A session is fetched from its close +
 * {@value #FETCH_MARGIN_MINUTES} min (before that it is unfinished and left out), and cached from close +
 * {@value #CACHE_MARGIN_HOURS} h, when late corrections have settled.
 */
final class SessionTimes {
    static final long FETCH_MARGIN_MINUTES = 15;
    static final long CACHE_MARGIN_HOURS = 5;

    private SessionTimes() {
    }

    static boolean finished(LocalDate session, ZonedDateTime now) {
        return !now.isBefore(close(session).plusMinutes(FETCH_MARGIN_MINUTES));
    }

    static boolean cacheable(LocalDate session, ZonedDateTime now) {
        return !now.isBefore(close(session).plusHours(CACHE_MARGIN_HOURS));
    }

    /** The most recent finished session at {@code now}. */
    static LocalDate lastFinished(ZonedDateTime now) {
        LocalDate d = now.toLocalDate();
        return NyseCalendar.isSession(d) && finished(d, now) ? d : NyseCalendar.previousSession(d);
    }

    private static ZonedDateTime close(LocalDate session) {
        return ZonedDateTime.of(session, NyseCalendar.closeTime(session), NyseCalendar.NEW_YORK);
    }
}
