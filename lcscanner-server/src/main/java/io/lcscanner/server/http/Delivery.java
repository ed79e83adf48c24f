package io.lcscanner.server.http;

import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileSystemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * What became of a response, for the access log and the metrics: a client that goes away is normal on
 * the internet, so it is one DEBUG line, never an ERROR with a stack trace, and the log records what was
 * actually sent rather than the status the handler had set.
 */
final class Delivery {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    /** Logged for a request whose client closed the connection before the answer was sent (as nginx does). */
    static final int CLIENT_CLOSED = 499;
    /** Logged for a request the server gave up on (its body did not arrive in time); nothing was sent. */
    static final int TIMED_OUT = 408;
    private static final AttachmentKey<Integer> UNANSWERED = AttachmentKey.create(Integer.class);

    private Delivery() {
    }

    /** Whether {@code e}, thrown while talking to the client, means the client is gone. */
    static boolean clientGone(HttpServerExchange ex, Throwable e) {
        if (!(e instanceof IOException) || e instanceof FileSystemException) {
            return false; // our own files, not the client
        }
        String m = String.valueOf(e.getMessage());
        return e instanceof ClosedChannelException || !ex.getConnection().isOpen()
                || m.contains("Connection reset") || m.contains("Broken pipe");
    }

    /** Records that the client went away, logs it in one DEBUG line and closes the connection. */
    static void clientWentAway(HttpServerExchange ex, Throwable e) {
        ex.putAttachment(UNANSWERED, CLIENT_CLOSED);
        log.debug("{} {}: client went away ({})", ex.getRequestMethod(), ex.getAttachment(Routes.ROUTE), e.toString());
        IoUtils.safeClose(ex.getConnection());
    }

    /** Records that the server gave up waiting for the client, and closes the connection. */
    static void timedOut(HttpServerExchange ex, String what) {
        ex.putAttachment(UNANSWERED, TIMED_OUT);
        log.debug("{} {}: {}", ex.getRequestMethod(), ex.getAttachment(Routes.ROUTE), what);
        IoUtils.safeClose(ex.getConnection());
    }

    /**
     * The status to log for a completed exchange: the one sent, or {@link #CLIENT_CLOSED} / {@link #TIMED_OUT}
     * when no byte of the answer went out.
     */
    static int status(HttpServerExchange done) {
        Integer unanswered = done.getAttachment(UNANSWERED);
        if (unanswered != null && done.getResponseBytesSent() == 0) {
            return unanswered;
        }
        // the connection ended before a response was begun (the exchange may end before our callbacks run)
        return done.isResponseStarted() ? done.getStatusCode() : CLIENT_CLOSED;
    }

    /** Whether the answer was started but not all of it went out. */
    static boolean truncated(HttpServerExchange done) {
        long length = done.getResponseContentLength();
        long sent = done.getResponseBytesSent();
        return length >= 0 && sent < length || done.getAttachment(UNANSWERED) != null && sent > 0;
    }

    /** Ends the exchange when the response is written; a client gone meanwhile is recorded as such. */
    static IoCallback endExchange(Runnable always) {
        return new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange exchange, Sender sender) {
                always.run();
                IoCallback.END_EXCHANGE.onComplete(exchange, sender);
            }

            @Override
            public void onException(HttpServerExchange exchange, Sender sender, IOException e) {
                always.run();
                clientWentAway(exchange, e);
                exchange.endExchange();
            }
        };
    }

    static final IoCallback END_EXCHANGE = endExchange(() -> { });

    /**
     * Sends {@code body} as the client reads it, in constant memory, then ends the exchange and runs {@code close}.
     * A file goes by transfer, never blocking a thread; another channel (a database cursor) is read a chunk at a time,
     * the first on the calling worker, the next ones on the XNIO worker pool (never on an I/O thread), each only once
     * the last is sent. Call it from a handler running on a worker thread.
     */
    static void stream(HttpServerExchange ex, ReadableByteChannel body, Runnable close) {
        if (body instanceof FileChannel file) {
            ex.getResponseSender().transferFrom(file, endExchange(close));
            return;
        }
        // the first chunk is sent before the handler returns, so the exchange is not ended under us
        new Chunks(body, close).sendNext(ex, ex.getResponseSender());
    }

    private static final class Chunks implements IoCallback {
        private final ReadableByteChannel body;
        private final Runnable close;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        private final IoCallback end;

        Chunks(ReadableByteChannel body, Runnable close) {
            this.body = body;
            this.close = close;
            this.end = endExchange(close);
        }

        void sendNext(HttpServerExchange ex, Sender sender) {
            buffer.clear();
            int n;
            try {
                do {
                    n = body.read(buffer);
                } while (n == 0);
            } catch (IOException e) {
                log.error("{} {}: reading the export failed: {}", ex.getRequestMethod(), ex.getAttachment(Routes.ROUTE),
                        e.toString());
                close.run();
                IoUtils.safeClose(ex.getConnection()); // the client sees a cut download, not a complete-looking one
                return;
            }
            if (n < 0) {
                sender.close(end);
            } else {
                sender.send(buffer.flip(), this);
            }
        }

        @Override
        public void onComplete(HttpServerExchange ex, Sender sender) {
            // reading may block: on a worker, never the I/O thread; dispatch (not a bare executor) so that, when the
            // write completed inside the handler's call, the exchange is not ended as the handler returns
            ex.dispatch(() -> sendNext(ex, sender));
        }

        @Override
        public void onException(HttpServerExchange ex, Sender sender, IOException e) {
            end.onException(ex, sender, e);
        }
    }
}
