package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.source.CsvBarSource;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link Scanner.Builder#executor} and {@link Scanner.Builder#clock}: the caller's pool and the caller's today. */
class ScannerInjectionTest {
    @Test
    void tickerTasksRunOnTheCallersExecutorWhichCloseLeavesRunning() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicInteger tasks = new AtomicInteger();
        try {
            ScanResult viaPool;
            try (Scanner scanner = Scanner.builder(new CsvBarSource(Golden.file("bars.csv"))).parallelism(2)
                    .executor(r -> {
                        tasks.incrementAndGet();
                        pool.execute(r);
                    }).build()) {
                viaPool = scanner.run(Golden.request(), ProgressListener.NONE);
            }
            assertThat(tasks.get()).isEqualTo(2);
            assertThat(pool.isShutdown()).isFalse();
            assertThat(viaPool.hits()).hasSize(38); // the golden scan (expected_hits.csv)
        } finally {
            pool.shutdownNow();
        }
        assertThatThrownBy(() -> Scanner.builder(new CsvBarSource(Golden.file("bars.csv"))).executor(null))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("executor"));
    }

    @Test
    void outcomesLoadNoSessionTheClockSaysIsUnfinished() {
        LocalDate to = LocalDate.of(2024, 10, 21); // ZU's hit, with sessions after it in the golden bars
        Clock during = Clock.fixed(ZonedDateTime.of(2024, 10, 22, 11, 0, 0, 0,
                io.lcscanner.core.calendar.NyseCalendar.NEW_YORK).toInstant(), io.lcscanner.core.calendar.NyseCalendar.NEW_YORK);
        Clock later = Clock.fixed(ZonedDateTime.of(2024, 12, 2, 11, 0, 0, 0,
                io.lcscanner.core.calendar.NyseCalendar.NEW_YORK).toInstant(), io.lcscanner.core.calendar.NyseCalendar.NEW_YORK);
        Hit onTheDay = lastHit(during, to), aMonthLater = lastHit(later, to);
        assertThat(onTheDay.ticker() + " " + onTheDay.date()).isEqualTo("ZU 2024-10-21");
        // on 2024-10-22 the session of that day is not finished: no next day, no 5-day returns
        assertThat(onTheDay.value("next_day_return")).isNaN();
        assertThat(onTheDay.value("ret_5d")).isNaN();
        assertThat(aMonthLater.value("next_day_return")).isNotNaN();
        assertThat(aMonthLater.value("ret_5d")).isNotNaN();
    }

    private static Hit lastHit(Clock clock, LocalDate to) {
        try (Scanner scanner = Scanner.builder(new CsvBarSource(Golden.file("bars.csv"))).parallelism(2).clock(clock).build()) {
            ScanResult r = scanner.run(ScanRequest.builder(Golden.FROM, to).outcomes(true).build(), ProgressListener.NONE);
            return r.hits().get(r.hits().size() - 1);
        }
    }
}
