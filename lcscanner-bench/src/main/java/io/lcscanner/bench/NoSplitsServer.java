package io.lcscanner.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polygon as a warm load needs it, on 127.0.0.1: a load that used cached sessions asks
 * {@code /v3/reference/splits} once, and this answers with no splits. Anything else is answered 404, which the
 * client does not retry, so a load that tries to fetch a session fails at once; both kinds of request are
 * counted.
 */
final class NoSplitsServer implements AutoCloseable {
    static final String SPLITS = "/v3/reference/splits";
    private static final byte[] NO_SPLITS = "{\"results\":[],\"status\":\"OK\",\"request_id\":\"no-splits\"}"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_FOUND = "{\"status\":\"NOT_FOUND\",\"request_id\":\"no-splits\",\"message\":\"warm cache only\"}"
            .getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final AtomicLong splitRequests = new AtomicLong();
    private final AtomicLong otherRequests = new AtomicLong();

    NoSplitsServer() throws IOException {
        // headers and body go out as two writes; without TCP_NODELAY the client's delayed ACK adds 40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle); // answered on the server's own thread: one request per load
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Requests for {@value #SPLITS} so far. */
    long splitRequests() {
        return splitRequests.get();
    }

    /** Every other request so far (grouped daily and the rest): none on a warm cache. */
    long otherRequests() {
        return otherRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean splits = exchange.getRequestURI().getPath().equals(SPLITS);
            (splits ? splitRequests : otherRequests).incrementAndGet();
            byte[] body = splits ? NO_SPLITS : NOT_FOUND;
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(splits ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
