package io.lcscanner.server.http;

import io.lcscanner.server.ApiException;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;

/**
 * Reads a request body without holding a thread while it arrives: Undertow calls back as bytes come,
 * and the handler runs on a worker once the whole body is there. A body that has not arrived within the
 * deadline closes the connection; one over {@link #MAX_BYTES} is refused.
 */
final class RequestBody {
    static final int MAX_BYTES = 1 << 20;
    /**
     * An oversized body is read and dropped up to this size before it is refused, so a client still
     * sending gets the answer instead of a reset; past it the connection is closed.
     */
    private static final long MAX_DRAINED_BYTES = 16L << 20;

    /** What runs on a worker thread with the complete body. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpServerExchange ex, byte[] body) throws Exception;
    }

    private RequestBody() {
    }

    static void read(HttpServerExchange ex, Duration deadline, Handler then) {
        ex.setMaxEntitySize(MAX_DRAINED_BYTES);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        long[] total = {0};
        boolean[] done = {false};
        XnioExecutor.Key timer = ex.getIoThread().executeAfter(() -> {
            synchronized (done) {
                if (done[0]) {
                    return;
                }
                done[0] = true;
            }
            Delivery.timedOut(ex, "the request body did not arrive within " + deadline.toMillis() + " ms");
        }, deadline.toMillis(), TimeUnit.MILLISECONDS);
        ex.getRequestReceiver().receivePartialBytes((exchange, chunk, last) -> {
            total[0] += chunk.length;
            if (total[0] <= MAX_BYTES) {
                buf.write(chunk, 0, chunk.length);
            }
            if (!last) {
                return;
            }
            synchronized (done) {
                if (done[0]) {
                    return;
                }
                done[0] = true;
            }
            timer.remove();
            if (total[0] > MAX_BYTES) {
                Responses.error(exchange, tooLarge());
                return;
            }
            byte[] body = buf.toByteArray();
            exchange.dispatch(Routes.safe(x -> then.handle(x, body)));
        }, (exchange, e) -> {
            synchronized (done) {
                if (done[0]) {
                    return;
                }
                done[0] = true;
            }
            timer.remove();
            if (e instanceof RequestTooBigException) {
                exchange.setPersistent(false);
                Responses.error(exchange, tooLarge());
            } else {
                Delivery.clientWentAway(exchange, e);
            }
        });
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "body_too_large", "the request body is larger than " + MAX_BYTES + " bytes");
    }
}
