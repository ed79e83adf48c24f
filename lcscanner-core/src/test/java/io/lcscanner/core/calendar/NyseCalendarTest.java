package io.lcscanner.core.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every check value of shared/spec/nyse-calendar.md. */
class NyseCalendarTest {

    @Test
    void sessionsPerYear() {
        Map<Integer, Integer> expected = Map.ofEntries(Map.entry(2018, 251), Map.entry(2019, 252), Map.entry(2020, 253),
                Map.entry(2021, 252), Map.entry(2022, 251), Map.entry(2023, 250), Map.entry(2024, 252),
                Map.entry(2025, 250), Map.entry(2026, 251), Map.entry(2027, 251), Map.entry(2028, 251));
        expected.forEach((year, count) -> assertThat(
                NyseCalendar.sessions(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31)))
                .as("sessions in %d", year).hasSize(count));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "2004;01-01 01-19 02-16 04-09 05-31 06-11 07-05 09-06 11-25 12-24;11-26",
            "2012;01-02 01-16 02-20 04-06 05-28 07-04 09-03 10-29 10-30 11-22 12-25;07-03 11-23 12-24",
            "2020;01-01 01-20 02-17 04-10 05-25 07-03 09-07 11-26 12-25;11-27 12-24",
            "2021;01-01 01-18 02-15 04-02 05-31 07-05 09-06 11-25 12-24;11-26",
            "2022;01-17 02-21 04-15 05-30 06-20 07-04 09-05 11-24 12-26;11-25",
            "2023;01-02 01-16 02-20 04-07 05-29 06-19 07-04 09-04 11-23 12-25;07-03 11-24",
            "2024;01-01 01-15 02-19 03-29 05-27 06-19 07-04 09-02 11-28 12-25;07-03 11-29 12-24",
            "2025;01-01 01-09 01-20 02-17 04-18 05-26 06-19 07-04 09-01 11-27 12-25;07-03 11-28 12-24",
            "2026;01-01 01-19 02-16 04-03 05-25 06-19 07-03 09-07 11-26 12-25;11-27 12-24",
            "2027;01-01 01-18 02-15 03-26 05-31 06-18 07-05 09-06 11-25 12-24;11-26",
            "2028;01-17 02-21 04-14 05-29 06-19 07-04 09-04 11-23 12-25;07-03 11-24",
    })
    void weekdayClosuresAndEarlyCloses(int year, String closures, String earlyCloses) {
        List<String> closed = new ArrayList<>(), early = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            boolean weekend = d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
            String md = d.toString().substring(5);
            if (!weekend && !NyseCalendar.isSession(d)) {
                closed.add(md);
            }
            if (NyseCalendar.isEarlyClose(d)) {
                early.add(md);
            }
        }
        assertThat(closed).containsExactly(closures.split(" "));
        assertThat(early).containsExactly(earlyCloses.split(" "));
    }

    @Test
    void nextAndPreviousSessionSkipWeekendsAndHolidays() {
        // Thanksgiving 2025 is Thursday 11-27; the Friday after closes early
        assertThat(NyseCalendar.nextSession(LocalDate.of(2025, 11, 26))).isEqualTo(LocalDate.of(2025, 11, 28));
        assertThat(NyseCalendar.closeTime(LocalDate.of(2025, 11, 28))).isEqualTo(NyseCalendar.EARLY_CLOSE);
        assertThat(NyseCalendar.previousSession(LocalDate.of(2025, 1, 21))).isEqualTo(LocalDate.of(2025, 1, 17));
        // 2021-12-31 trades although New Year 2022 falls on a Saturday
        assertThat(NyseCalendar.isSession(LocalDate.of(2021, 12, 31))).isTrue();
        assertThat(NyseCalendar.plusSessions(LocalDate.of(2024, 7, 8), -4)).isEqualTo(LocalDate.of(2024, 7, 1));
        assertThat(NyseCalendar.plusSessions(LocalDate.of(2024, 7, 3), 1)).isEqualTo(LocalDate.of(2024, 7, 5));
    }
}
