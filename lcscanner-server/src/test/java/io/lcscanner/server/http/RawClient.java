package io.lcscanner.server.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * A bare TCP client for what HttpClient will not do: pipeline requests, never read, send slowly, close
 * with a reset. Every read has a time-out, so a server that hangs fails the test instead of hanging it.
 */
final class RawClient implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    static RawClient connect(URI base, Duration readTimeout) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        s.setSoTimeout((int) readTimeout.toMillis());
        return new RawClient(s);
    }

    /** From another loopback address (127.0.0.2 …): another client, as the server tells clients apart. */
    static RawClient connectFrom(String localAddress, URI base, Duration readTimeout) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(localAddress, 0));
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        s.setSoTimeout((int) readTimeout.toMillis());
        return new RawClient(s);
    }

    /** A small receive buffer, so a client that does not read fills its window quickly. */
    static RawClient connectWithSmallBuffer(URI base, Duration readTimeout) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        s.setSoTimeout((int) readTimeout.toMillis());
        return new RawClient(s);
    }

    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static String get(String path, String... headers) {
        StringBuilder sb = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headers) {
            sb.append(h).append("\r\n");
        }
        return sb.append("\r\n").toString();
    }

    /** A WebSocket upgrade request. */
    static String upgrade(String path, String... headers) {
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        String[] all = new String[headers.length + 4];
        all[0] = "Upgrade: websocket";
        all[1] = "Connection: Upgrade";
        all[2] = "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key);
        all[3] = "Sec-WebSocket-Version: 13";
        System.arraycopy(headers, 0, all, 4, headers.length);
        return get(path, all);
    }

    /** Reads up to the end of the response head; returns it (status line and headers). */
    String readHead() throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + buf.size() + " bytes: " + buf.toString(StandardCharsets.ISO_8859_1));
            }
            buf.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return buf.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads whatever arrives within the socket's time-out, at most {@code max} bytes. */
    byte[] readSome(int max) throws IOException {
        byte[] b = new byte[max];
        int n = in.read(b);
        return n < 0 ? new byte[0] : java.util.Arrays.copyOf(b, n);
    }

    /** Reads until the server closes, or {@code max} bytes; returns what came. */
    byte[] readToEnd(int max) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] b = new byte[8192];
        int n;
        try {
            while (buf.size() < max && (n = in.read(b)) > 0) {
                buf.write(b, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // what came before the time-out
        }
        return buf.toByteArray();
    }

    /**
     * Whether the server has closed the connection: reading what is already buffered (at most
     * {@code maxBytes}) ends in end of stream or a reset, not in a time-out or more data.
     */
    boolean closedByServer(long maxBytes) {
        long total = 0;
        try {
            byte[] b = new byte[65536];
            while (total < maxBytes) {
                int n = in.read(b);
                if (n < 0) {
                    return true;
                }
                total += n;
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    static int status(String head) {
        return Integer.parseInt(head.substring(9, 12));
    }

    /** Closes with a TCP reset: the way a killed browser tab or a dropped network goes. */
    void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}
