package io.lcscanner.server.http;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A java.net.http WebSocket that collects text messages until the server closes. */
final class WsClient implements WebSocket.Listener {
    private static final String CLOSED = "\u0000closed";
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    WebSocket socket;

    static WsClient connect(TestServer s, String scanId) throws Exception {
        WebSocket.Builder b = s.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (s.config.apiToken() != null) {
            b.header("Authorization", "Bearer " + s.config.apiToken());
        }
        return connect(s, scanId, b);
    }

    /** Connects the way a browser must: the token in the offered subprotocols, no header. */
    static WsClient connectWithSubprotocol(TestServer s, String scanId, String token) throws Exception {
        String encoded = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return connect(s, scanId, s.http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .subprotocols("lcscanner", "lcscanner.bearer." + encoded));
    }

    private static WsClient connect(TestServer s, String scanId, WebSocket.Builder b) throws Exception {
        return connect(s.base, scanId, b);
    }

    /** Connects to scan {@code scanId}'s progress at {@code base} (a proxy, another instance) without a token. */
    static WsClient connect(java.net.http.HttpClient http, URI base, String scanId) throws Exception {
        return connect(base, scanId, http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)));
    }

    private static WsClient connect(URI base, String scanId, WebSocket.Builder b) throws Exception {
        WsClient c = new WsClient();
        URI uri = URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/ws/scan/" + scanId);
        c.socket = b.buildAsync(uri, c).get(10, TimeUnit.SECONDS);
        return c;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closeCode.complete(statusCode);
        messages.add(CLOSED);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closeCode.completeExceptionally(error);
        messages.add(CLOSED);
    }

    /** Every message until the server closes the socket. */
    List<String> readAll(Duration max) throws InterruptedException {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            String m = messages.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("WebSocket not closed within " + max + "; got " + out);
            }
            if (m.equals(CLOSED)) {
                return out;
            }
            out.add(m);
        }
    }

    String next(Duration max) throws InterruptedException {
        String m = messages.poll(max.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no WebSocket message within " + max);
        }
        return m;
    }
}
