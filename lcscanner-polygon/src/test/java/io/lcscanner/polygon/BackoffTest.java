package io.lcscanner.polygon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @RepeatedTest(20) // the jitter is random: every draw must stay within its step
    void eachWaitIsBetweenHalfAndAllOfItsStepAndAtLeastTheServersRetryAfter() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        long[] steps = {100, 200, 400, 800, 1000, 1000};
        for (int attempt = 1; attempt <= steps.length; attempt++) {
            assertThat(backoff.delayMillis(attempt, 0)).isBetween(steps[attempt - 1] / 2, steps[attempt - 1]);
        }
        assertThat(backoff.delayMillis(1, 5000)).isEqualTo(5000);
        assertThat(backoff.delayMillis(40, 0)).isBetween(500L, 1000L); // no overflow after many attempts
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertThat(Backoff.retryAfterMillis("2")).isEqualTo(2000);
        assertThat(Backoff.retryAfterMillis(" 0.05 ")).isEqualTo(50);
        assertThat(Backoff.retryAfterMillis(null)).isZero();
        assertThat(Backoff.retryAfterMillis("soon")).isZero();
        assertThat(Backoff.retryAfterMillis("-3")).isZero();
        String inAMinute = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
        assertThat(Backoff.retryAfterMillis(inAMinute)).isBetween(1L, 60_000L); // a date is relative to now
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(60));
        assertThat(Backoff.retryAfterMillis(past)).isZero();
    }
}
