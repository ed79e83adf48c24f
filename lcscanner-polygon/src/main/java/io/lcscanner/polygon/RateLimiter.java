package io.lcscanner.polygon;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * At most {@code permits} requests per sliding {@code window}, counted the way the server counts them.
 *
 * <p>Each of the {@code permits} slots is reusable only a full window after the request that last used it
 * <em>completed</em>. A request reaches the server between its start and its completion, so any
 * {@code permits + 1} requests include two of one slot whose arrivals are at least a window apart: no
 * network delay can make the server see more than {@code permits} in a window.
 */
final class RateLimiter {
    private final int permits;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final long[] freeAt;
    private final boolean[] busy;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    RateLimiter(int permits, Duration window, LongSupplier nanoClock) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, got " + permits);
        }
        this.permits = permits;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
        this.freeAt = new long[permits];
        this.busy = new boolean[permits];
        long now = nanoClock.getAsLong();
        java.util.Arrays.fill(freeAt, now - windowNanos);
    }

    int permits() {
        return permits;
    }

    /** Waits for a slot; release it with {@link #release(int)} once the response is complete. */
    int acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                int slot = earliestFree();
                if (slot < 0) {
                    changed.await(); // every slot is in use: the next release signals
                    continue;
                }
                long wait = freeAt[slot] + windowNanos - nanoClock.getAsLong();
                if (wait <= 0) {
                    busy[slot] = true;
                    return slot;
                }
                changed.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
    }

    /** How long {@link #acquire} would wait now, by the limiter's clock: 0 when a slot is free, MAX_VALUE when all are in use. */
    long waitNanos() {
        lock.lock();
        try {
            int slot = earliestFree();
            return slot < 0 ? Long.MAX_VALUE : Math.max(0, freeAt[slot] + windowNanos - nanoClock.getAsLong());
        } finally {
            lock.unlock();
        }
    }

    /** The idle slot whose window ends first, or -1 when every slot is in use. */
    private int earliestFree() {
        int best = -1;
        for (int i = 0; i < permits; i++) {
            if (!busy[i] && (best < 0 || freeAt[i] < freeAt[best])) {
                best = i;
            }
        }
        return best;
    }

    void release(int slot) {
        lock.lock();
        try {
            busy[slot] = false;
            freeAt[slot] = nanoClock.getAsLong();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return permits + " per " + TimeUnit.NANOSECONDS.toMillis(windowNanos) + " ms";
    }
}
