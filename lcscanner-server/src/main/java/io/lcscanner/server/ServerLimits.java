package io.lcscanner.server;

import java.time.Duration;

/**
 * How long the server waits for a client before it gives up on the connection. Not user options: sane
 * defaults, shortened by tests.
 *
 * @param writeTimeout   a connection whose response makes no progress for this long (a client that
 *                       stopped reading) is closed; streams send a keep-alive every quarter of it
 * @param headerTimeout  the request line and headers must have arrived within this
 * @param bodyTimeout    a request body must have arrived within this
 * @param idleTimeout    a keep-alive connection with no request for this long is closed; shorter than
 *                       the write time-out (Undertow measures that one from the connection's last write)
 */
record ServerLimits(Duration writeTimeout, Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout) {
    static final ServerLimits DEFAULT = new ServerLimits(Duration.ofSeconds(60), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(30));

    ServerLimits withWriteTimeout(Duration d) {
        return new ServerLimits(d, headerTimeout, bodyTimeout, idleTimeout.compareTo(d) < 0 ? idleTimeout : d.dividedBy(2));
    }

    ServerLimits withHeaderTimeout(Duration d) {
        return new ServerLimits(writeTimeout, d, bodyTimeout, idleTimeout);
    }

    ServerLimits withBodyTimeout(Duration d) {
        return new ServerLimits(writeTimeout, headerTimeout, d, idleTimeout);
    }
}
