package io.lcscanner.polygon;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * The body of one response, read as it arrives: gunzipped when the server gzipped it, and closed at a deadline,
 * so that a transfer that stalls ends in a time-out (and a retry) instead of a hang: closing the stream from the
 * timer's thread wakes the reader blocked in it.
 */
final class ResponseBody implements AutoCloseable {
    private final InputStream raw;
    private final boolean gzipped;
    private final ScheduledFuture<?> deadline;
    private volatile boolean timedOut;
    private InputStream in;

    ResponseBody(HttpResponse<InputStream> response, long timeoutMillis, ScheduledExecutorService timer) {
        this.raw = response.body();
        this.gzipped = response.headers().firstValue("Content-Encoding").orElse("").equalsIgnoreCase("gzip");
        this.deadline = timer.schedule(this::expire, Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
    }

    private void expire() {
        timedOut = true;
        try {
            raw.close();
        } catch (IOException ignored) {
            // closed either way
        }
    }

    /** The body, gunzipped as it is read (a broken gzip header fails here, as a malformed body). */
    InputStream stream() throws IOException {
        if (in == null) {
            in = gzipped ? new GZIPInputStream(raw, 8 * 1024) : raw;
        }
        return in;
    }

    /** Whether the deadline closed the stream (then a read failed because of it). */
    boolean timedOut() {
        return timedOut;
    }

    /** The first {@code max} bytes, for an error body. */
    byte[] readAtMost(int max) throws IOException {
        return stream().readNBytes(max);
    }

    /** Reads what is left (usually nothing), so the connection can serve the next request. */
    void drain() throws IOException {
        while (raw.read() >= 0) {
            // a byte at a time: there is rarely any, and no buffer is allocated for nothing
        }
    }

    @Override
    public void close() throws IOException {
        deadline.cancel(false);
        if (in != null && in != raw) {
            in.close(); // ends the inflater's native memory at once, and closes raw
        } else {
            raw.close();
        }
    }
}
