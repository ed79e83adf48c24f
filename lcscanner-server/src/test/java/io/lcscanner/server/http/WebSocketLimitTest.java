package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.synthetic.SyntheticMarket;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server reads nothing from a WebSocket client but close frames and pings: a message or frame beyond a few KB
 * (one large frame, or a fragmented message that never ends) closes the connection with 1009 (message too big)
 * instead of growing the heap.
 */
class WebSocketLimitTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static String running;

    @BeforeAll
    static void start() throws Exception {
        // 100 tickers × 1.5 s on 2 workers: the scan runs for ~75 s, its stream stays open meanwhile
        server = TestServer.start(dir, new SlowSource(new SyntheticMarket(11, 100), 1500), Map.of(), Duration.ofMinutes(5));
        running = server.execute("{\"start_date\":\"2025-01-01\",\"end_date\":\"2025-03-31\"}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A client frame: masked, as RFC 6455 requires. */
    static byte[] frame(int opcode, boolean fin, byte[] payload) {
        int n = payload.length;
        int lengthBytes = n < 126 ? 0 : n < 65536 ? 2 : 8;
        byte[] f = new byte[2 + lengthBytes + 4 + n];
        f[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        int i = 2;
        if (lengthBytes == 0) {
            f[1] = (byte) (0x80 | n);
        } else if (lengthBytes == 2) {
            f[1] = (byte) (0x80 | 126);
            f[i++] = (byte) (n >> 8);
            f[i++] = (byte) n;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int b = 7; b >= 0; b--) {
                f[i++] = (byte) ((long) n >> (8 * b));
            }
        }
        byte[] mask = {0x12, 0x34, 0x56, 0x78};
        System.arraycopy(mask, 0, f, i, 4);
        i += 4;
        for (int k = 0; k < n; k++) {
            f[i + k] = (byte) (payload[k] ^ mask[k % 4]);
        }
        return f;
    }

    /**
     * Reads the server's frames (unmasked) until a close frame; returns its status code, or -1 when the connection
     * ended, went quiet or sent none within 10 s (progress and pings go on while the scan runs).
     */
    static int closeCode(RawClient c) throws IOException {
        DataInputStream in = new DataInputStream(c.socket.getInputStream());
        long deadline = System.nanoTime() + 10_000_000_000L;
        try {
            while (System.nanoTime() < deadline) {
                int b0 = in.read();
                if (b0 < 0) {
                    return -1;
                }
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                if ((b0 & 0x0f) == 0x8) {
                    return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                }
            }
            return -1;
        } catch (SocketTimeoutException e) {
            return -1;
        } catch (IOException e) {
            return -1; // reset before a close frame
        }
    }

    private static RawClient open() throws IOException {
        RawClient c = RawClient.connect(server.base, Duration.ofSeconds(10));
        c.write(RawClient.upgrade("/ws/scan/" + running));
        assertThat(RawClient.status(c.readHead())).isEqualTo(101);
        return c;
    }

    /** Sends frames until the server stops taking them or {@code maxBytes} went out; returns the bytes sent. */
    private static long sendEndlessFragmentedMessage(RawClient c, long maxBytes) {
        byte[] chunk = new byte[1024];
        java.util.Arrays.fill(chunk, (byte) 'a');
        long sent = 0;
        try {
            c.write(frame(0x1, false, chunk)); // text, not final
            sent += chunk.length;
            while (sent < maxBytes) {
                c.write(frame(0x0, false, chunk)); // continuation, never final
                sent += chunk.length;
            }
        } catch (IOException e) {
            // the server closed the connection: what the test waits for
        }
        return sent;
    }

    @Test
    void anUnfinishedFragmentedMessageIsCutOffWithMessageTooBig() throws Exception {
        try (RawClient c = open()) {
            long sent = sendEndlessFragmentedMessage(c, 2L << 20);
            assertThat(closeCode(c)).as("close code after %d bytes", sent).isEqualTo(1009);
            assertThat(c.closedByServer(16L << 20)).isTrue();
        }
    }

    @Test
    void oneLargeFrameIsCutOffWithMessageTooBig() throws Exception {
        try (RawClient c = open()) {
            try {
                c.write(frame(0x2, true, new byte[1 << 20])); // one binary frame of 1 MB
            } catch (IOException e) {
                // closed while sending
            }
            assertThat(closeCode(c)).isEqualTo(1009);
        }
    }

    @Test
    void aSmallMessageIsIgnoredAndTheStreamGoesOn() throws Exception {
        try (RawClient c = open()) {
            c.write(frame(0x1, true, "hello".getBytes()));
            c.write(frame(0x9, true, "p".getBytes())); // a ping: answered with a pong
            InputStream in = c.socket.getInputStream();
            boolean pong = false;
            DataInputStream d = new DataInputStream(in);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!pong && System.nanoTime() < deadline) {
                int b0 = d.readUnsignedByte();
                int len = d.readUnsignedByte() & 0x7f;
                if (len == 126) {
                    len = d.readUnsignedShort();
                }
                byte[] payload = new byte[len];
                d.readFully(payload);
                assertThat(b0 & 0x0f).as("no close frame").isNotEqualTo(0x8);
                pong = (b0 & 0x0f) == 0xA && new String(payload).equals("p");
            }
            assertThat(pong).isTrue();
        }
    }
}
