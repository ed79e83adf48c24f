package io.lcscanner.server.http;

import io.lcscanner.server.ApiException;
import io.lcscanner.server.scan.ProgressHub;
import io.lcscanner.server.scan.ScanManager;
import io.lcscanner.server.scan.ScanRecord;
import io.lcscanner.server.scan.ScanStore;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import io.undertow.websockets.core.protocol.version07.Hybi07Handshake;
import io.undertow.websockets.core.protocol.version08.Hybi08Handshake;
import io.undertow.websockets.core.protocol.version13.Hybi13Handshake;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * Live progress: {@code /ws/scan/{scan_id}} (WebSocket) and {@code /api/scan/stream/{scan_id}}
 * (Server-Sent Events), both fed by the {@link ProgressHub}. These run on the IO threads and never
 * block: sends are asynchronous and report back through a callback.
 */
final class StreamHandlers {
    private final ScanManager manager;
    private final ProgressHub hub;
    private final long keepAliveMillis;
    private final StreamSlots slots;

    /**
     * @param keepAlive how often an otherwise quiet stream sends something (an SSE comment, a WebSocket
     *                  ping), so the idle time-out only cuts connections that are really gone
     * @param slots     the streams a client, and all together, may hold open
     */
    StreamHandlers(ScanManager manager, ProgressHub hub, Duration keepAlive, StreamSlots slots) {
        this.manager = manager;
        this.hub = hub;
        this.slots = slots;
        this.keepAliveMillis = Math.max(1, keepAlive.toMillis());
    }

    /** The WebSocket endpoint: 404 JSON for an unknown scan, 400 JSON for a request that is no upgrade. */
    HttpHandler webSocket() {
        WebSocketConnectionCallback onConnect = this::connected;
        HttpHandler notUpgrade = ex -> Responses.error(ex, new ApiException(400, "websocket_expected",
                "this endpoint speaks WebSocket; send an Upgrade request"));
        // the subprotocol a browser offers with its token (BearerAuth); selecting it keeps the token's out of the answer
        Set<String> subprotocols = Set.of(BearerAuth.SUBPROTOCOL);
        WebSocketProtocolHandshakeHandler handshake = new WebSocketProtocolHandshakeHandler(List.of(
                new Hybi13Handshake(subprotocols, false), new Hybi08Handshake(subprotocols, false),
                new Hybi07Handshake(subprotocols, false)), onConnect, notUpgrade);
        return ex -> {
            requireScan(ex);
            StreamSlots.Slot slot = slots.acquire(Routes.client(ex));
            // a refused handshake frees the slot with its answer; an upgraded one when its connection closes,
            // however the connection ends (even before the WebSocket was set up)
            ex.addExchangeCompleteListener((done, next) -> {
                if (done.getStatusCode() != 101) {
                    slot.release();
                }
                next.proceed();
            });
            ex.getConnection().addCloseListener(connection -> slot.release());
            handshake.handleRequest(ex);
        };
    }

    /** The SSE endpoint; honours {@code Last-Event-ID} and answers 204 when the client has seen the end. */
    HttpHandler serverSentEvents() {
        ServerSentEventHandler sse = new ServerSentEventHandler(this::connected);
        return ex -> {
            ScanRecord r = requireScan(ex);
            long lastEventId = lastEventId(ex.getRequestHeaders().getFirst("Last-Event-ID"));
            if (hub.seenFinal(r.id(), lastEventId)) {
                ex.setStatusCode(204); // tells EventSource clients to stop reconnecting
                ex.endExchange();
                return;
            }
            StreamSlots.Slot slot = slots.acquire(Routes.client(ex));
            ex.addExchangeCompleteListener((done, next) -> {
                slot.release(); // the stream's end, however it ends
                next.proceed();
            });
            ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
            ex.getResponseHeaders().put(HttpString.tryFromString("X-Accel-Buffering"), "no"); // proxies must not buffer
            sse.handleRequest(ex);
        };
    }

    private ScanRecord requireScan(HttpServerExchange ex) {
        String id = ApiHandler.pathParam(ex, "scan_id");
        return manager.get(id).orElseThrow(() -> new ApiException(404, "scan_not_found",
                "no scan " + (ScanStore.validId(id) ? id : "with that id")));
    }

    private void connected(WebSocketHttpExchange exchange, WebSocketChannel channel) {
        ScanRecord r = manager.get(lastSegment(exchange.getRequestURI())).orElse(null);
        if (r == null) { // deleted between the handshake check and now
            WebSockets.sendClose(CloseMessage.GOING_AWAY, "scan not found", channel, null);
            return;
        }
        ProgressHub.Sink sink = new ProgressHub.Sink() {
            @Override
            public void send(ProgressHub.Event event, ProgressHub.Sent sent) {
                WebSockets.sendText(event.json(), channel, whenSent(sent::done));
            }

            @Override
            public void end() {
                WebSockets.sendClose(CloseMessage.NORMAL_CLOSURE, "scan finished", channel, null);
            }
        };
        channel.getReceiveSetter().set(new IgnoringReceiveListener());
        channel.resumeReceives();
        XnioExecutor.Key pings = channel.getIoThread().executeAtInterval(
                () -> WebSockets.sendPing(ByteBuffer.allocate(0), channel, null), keepAliveMillis, TimeUnit.MILLISECONDS);
        ProgressHub.Subscription subscription = hub.subscribe(r, sink, -1);
        channel.addCloseTask(ch -> {
            pings.remove();
            subscription.cancel();
        });
        if (!channel.isOpen()) { // closed before the task was added: it will not run
            pings.remove();
            subscription.cancel();
        }
    }

    /** A WebSocket send's callback: {@code done} learns whether the frame went out (true) or failed (false). */
    private static WebSocketCallback<Void> whenSent(Consumer<Boolean> done) {
        return new WebSocketCallback<>() {
            @Override
            public void complete(WebSocketChannel channel, Void context) {
                done.accept(true);
            }

            @Override
            public void onError(WebSocketChannel channel, Void context, Throwable error) {
                done.accept(false);
            }
        };
    }

    /**
     * Client messages are read and dropped, never buffered; close frames and pings are answered. A message beyond
     * {@link #MAX_MESSAGE_BYTES} (one frame, or the fragments of one message together) or a control frame beyond
     * 125 bytes closes the connection with 1009 (message too big): Undertow's buffering listener had no cap, and
     * an unfinished fragmented message grew the heap as long as the client sent. One per connection, called on
     * its I/O thread only.
     */
    static final class IgnoringReceiveListener extends AbstractReceiveListener {
        /** Clients send nothing the server reads; a few KB is plenty for anything a client library might send. */
        static final long MAX_MESSAGE_BYTES = 4096;
        /** RFC 6455 §5.5: a control frame's payload is at most 125 bytes. */
        static final long MAX_CONTROL_BYTES = 125;

        /** The text or binary message being received (its fragments arrive on this one channel), or null. */
        private StreamSourceFrameChannel message;
        private long messageBytes;
        /** Where dropped bytes are read to: allocated once the client sends a message at all. */
        private ByteBuffer scratch;

        @Override
        public void handleEvent(WebSocketChannel ws) {
            if (message == null) {
                super.handleEvent(ws);
                return;
            }
            try {
                // a continuation frame's data goes to the message's channel (receive() returns null for it); a
                // control frame between fragments comes back as its own channel
                StreamSourceFrameChannel next = ws.receive();
                discard(ws);
                if (next != null) {
                    switch (next.getType()) {
                        case PING -> onPing(ws, next);
                        case PONG -> onPong(ws, next);
                        case CLOSE -> onClose(ws, next);
                        default -> IoUtils.safeClose(ws); // a new message before the last one ended
                    }
                }
            } catch (IOException e) {
                onError(ws, e);
            }
        }

        @Override
        protected void onText(WebSocketChannel ws, StreamSourceFrameChannel frame) {
            start(ws, frame);
        }

        @Override
        protected void onBinary(WebSocketChannel ws, StreamSourceFrameChannel frame) {
            start(ws, frame);
        }

        private void start(WebSocketChannel ws, StreamSourceFrameChannel frame) {
            message = frame;
            messageBytes = 0;
            frame.getReadSetter().set(ch -> discard(ws));
            discard(ws);
            if (message != null) {
                frame.resumeReads();
            }
        }

        /** Reads what has arrived of the message and drops it, counting; past the cap, closes with 1009. */
        private void discard(WebSocketChannel ws) {
            StreamSourceFrameChannel frame = message;
            if (frame == null) {
                return;
            }
            if (scratch == null) {
                scratch = ByteBuffer.allocate(1024);
            }
            try {
                while (true) {
                    scratch.clear();
                    int n = frame.read(scratch);
                    if (n < 0) {
                        message = null;
                        IoUtils.safeClose(frame);
                        return;
                    }
                    if (n == 0) {
                        return;
                    }
                    messageBytes += n;
                    if (messageBytes > MAX_MESSAGE_BYTES) {
                        message = null;
                        tooBig(ws);
                        return;
                    }
                }
            } catch (IOException e) {
                message = null;
                IoUtils.safeClose(ws);
            }
        }

        private static void tooBig(WebSocketChannel ws) {
            ws.suspendReceives();
            WebSockets.sendClose(new CloseMessage(CloseMessage.MSG_TOO_BIG, "messages are limited to "
                    + MAX_MESSAGE_BYTES + " bytes"), ws, whenSent(sent -> IoUtils.safeClose(ws)));
        }

        /** Control frames are buffered (pings are answered with their payload); Undertow closes with 1009 beyond. */
        @Override
        protected long getMaxPingBufferSize() {
            return MAX_CONTROL_BYTES;
        }

        @Override
        protected long getMaxPongBufferSize() {
            return MAX_CONTROL_BYTES;
        }

        @Override
        protected long getMaxCloseBufferSize() {
            return MAX_CONTROL_BYTES;
        }
    }

    private void connected(ServerSentEventConnection connection, String lastEventIdHeader) {
        ScanRecord r = manager.get(lastSegment(connection.getRequestURI())).orElse(null);
        if (r == null) {
            connection.shutdown();
            return;
        }
        ProgressHub.Sink sink = new ProgressHub.Sink() {
            @Override
            public void send(ProgressHub.Event event, ProgressHub.Sent sent) {
                connection.send(event.json(), event.type(), Long.toString(event.id()),
                        new ServerSentEventConnection.EventCallback() {
                            @Override
                            public void done(ServerSentEventConnection c, String data, String ev, String id) {
                                sent.done(true);
                            }

                            @Override
                            public void failed(ServerSentEventConnection c, String data, String ev, String id,
                                               IOException e) {
                                sent.done(false);
                            }
                        });
            }

            @Override
            public void end() {
                connection.shutdown();
            }
        };
        connection.setKeepAliveTime(keepAliveMillis);
        ProgressHub.Subscription subscription = hub.subscribe(r, sink, lastEventId(lastEventIdHeader));
        connection.addCloseTask(c -> subscription.cancel());
        if (!connection.isOpen()) {
            subscription.cancel();
        }
    }

    private static long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1; // not one of ours: send the current state
        }
    }

    private static String lastSegment(String uri) {
        String path = uri;
        int q = path.indexOf('?');
        if (q >= 0) {
            path = path.substring(0, q);
        }
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
