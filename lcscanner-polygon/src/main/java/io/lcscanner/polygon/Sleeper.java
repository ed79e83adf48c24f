package io.lcscanner.polygon;

/** How the client waits out a retry backoff: {@link Thread#sleep} in production; tests record the waits instead. */
@FunctionalInterface
interface Sleeper {
    void sleep(long millis) throws InterruptedException;
}
