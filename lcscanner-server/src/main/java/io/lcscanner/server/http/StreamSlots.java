package io.lcscanner.server.http;

import io.lcscanner.server.ApiException;
import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The progress streams open, in total and per remote address: one client opening hundreds of streams took every
 * connection. Beyond either cap a stream is refused with 429 and {@code Retry-After}.
 */
final class StreamSlots {
    static final int RETRY_AFTER_SECONDS = 5;

    private final int max;
    private final int maxPerClient;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perClient = new ConcurrentHashMap<>();

    StreamSlots(int max, int maxPerClient) {
        this.max = max;
        this.maxPerClient = maxPerClient;
    }

    /** One open stream; {@link #release()} is idempotent, so every way a stream can end may call it. */
    final class Slot {
        private final InetAddress client;
        private final AtomicBoolean released = new AtomicBoolean();

        private Slot(InetAddress client) {
            this.client = client;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
                open.decrementAndGet();
            }
        }
    }

    /** A slot for a stream from {@code client}, or a 429 naming the cap reached. */
    Slot acquire(InetAddress client) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            throw refused("the server has " + max + " progress streams open, its limit (SCANNER_MAX_STREAMS); "
                    + "try again later or poll /api/scan/progress");
        }
        boolean[] taken = {false};
        perClient.compute(client, (k, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxPerClient) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        if (!taken[0]) {
            open.decrementAndGet();
            throw refused("this client has " + maxPerClient + " progress streams open, its limit "
                    + "(SCANNER_MAX_STREAMS_PER_CLIENT); close one or poll /api/scan/progress");
        }
        return new Slot(client);
    }

    int open() {
        return open.get();
    }

    private static ApiException refused(String message) {
        return new ApiException(429, "too_many_streams", message, null, RETRY_AFTER_SECONDS);
    }
}
