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

    /**
     * @param keepAlive how often an otherwise quiet stream sends something (an SSE comment, a WebSocket
     *                  ping), so the idle time-out only cuts connections that are really gone
     */
    StreamHandlers(ScanManager manager, ProgressHub hub, Duration keepAlive) {
        this.manager = manager;
        this.hub = hub;
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
                WebSockets.sendText(event.json(), channel, new WebSocketCallback<Void>() {
                    @Override
                    public void complete(WebSocketChannel ch, Void context) {
                        sent.done(true);
                    }

                    @Override
                    public void onError(WebSocketChannel ch, Void context, Throwable error) {
                        sent.done(false);
                    }
                });
            }

            @Override
            public void end() {
                WebSockets.sendClose(CloseMessage.NORMAL_CLOSURE, "scan finished", channel, null);
            }
        };
        // client messages are ignored; the listener answers close frames and pings
        channel.getReceiveSetter().set(new AbstractReceiveListener() {
        });
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
