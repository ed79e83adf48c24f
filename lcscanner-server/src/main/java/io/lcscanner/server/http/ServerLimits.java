package io.lcscanner.server.http;

import java.time.Duration;
import java.util.List;

/**
 * How long the server waits on clients and on the disk before it gives up. Not user options: sane
 * defaults, shortened by tests.
 *
 * @param writeTimeout   a connection whose response makes no progress for this long (a client that
 *                       stopped reading) is closed; streams send a keep-alive every quarter of it
 * @param headerTimeout  the request line and headers must have arrived within this
 * @param bodyTimeout    a request body must have arrived within this
 * @param idleTimeout    a keep-alive connection with no request for this long is closed; shorter than
 *                       the write time-out (Undertow measures that one from the connection's last write)
 * @param storeRetries   the waits between attempts to store a finished scan (descriptors exhausted,
 *                       disk full) before the scan fails
 */
record ServerLimits(Duration writeTimeout, Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout,
                    List<Duration> storeRetries) {
    static final ServerLimits DEFAULT = new ServerLimits(Duration.ofSeconds(60), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(30), List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(15), Duration.ofSeconds(30)));

    ServerLimits {
        storeRetries = List.copyOf(storeRetries);
    }

    ServerLimits withWriteTimeout(Duration d) {
        return new ServerLimits(d, headerTimeout, bodyTimeout, idleTimeout.compareTo(d) < 0 ? idleTimeout : d.dividedBy(2),
                storeRetries);
    }

    ServerLimits withHeaderTimeout(Duration d) {
        return new ServerLimits(writeTimeout, d, bodyTimeout, idleTimeout, storeRetries);
    }

    ServerLimits withBodyTimeout(Duration d) {
        return new ServerLimits(writeTimeout, headerTimeout, d, idleTimeout, storeRetries);
    }

    ServerLimits withStoreRetries(List<Duration> waits) {
        return new ServerLimits(writeTimeout, headerTimeout, bodyTimeout, idleTimeout, waits);
    }
}
