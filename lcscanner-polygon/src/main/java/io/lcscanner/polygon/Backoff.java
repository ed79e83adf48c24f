package io.lcscanner.polygon;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long to wait before retrying: exponential from {@code base} up to {@code max}, with "equal jitter" (half
 * the step fixed, half random, so that clients rate-limited together do not come back together), and never less
 * than the server's Retry-After.
 */
final class Backoff {
    private final long baseMillis, maxMillis;

    Backoff(Duration base, Duration max) {
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The wait after failed attempt {@code attempt} (1, 2, …), at least {@code retryAfterMillis}. */
    long delayMillis(int attempt, long retryAfterMillis) {
        long step = Math.min(maxMillis, baseMillis << Math.min(attempt - 1, 30));
        long delay = step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1);
        return Math.max(delay, retryAfterMillis);
    }

    /** A Retry-After header in milliseconds from now: seconds, or an HTTP date; 0 when absent or unreadable. */
    static long retryAfterMillis(String v) {
        if (v == null || v.isBlank()) {
            return 0;
        }
        v = v.trim();
        try {
            return Math.max(0, (long) (Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
            } catch (RuntimeException unparsable) {
                return 0;
            }
        }
    }
}
