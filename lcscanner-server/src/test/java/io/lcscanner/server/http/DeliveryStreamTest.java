package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Delivery#stream} with a channel that is not a file (what a database store's export is): every byte arrives
 * in order, chunk after chunk, and the channel is closed after.
 */
class DeliveryStreamTest {
    @Test
    void aChannelThatIsNotAFileIsSentWholeAndClosed() throws Exception {
        byte[] body = new byte[5 * (1 << 16) + 123]; // several chunks and a partial one
        new Random(7).nextBytes(body);
        CountDownLatch closed = new CountDownLatch(3);
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(ex -> {
            if (ex.isInIoThread()) {
                ex.dispatch(ex.getDispatchExecutor(), () -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/octet-stream");
                    Delivery.stream(ex, Channels.newChannel(new ByteArrayInputStream(body)), closed::countDown);
                });
            }
        }).build();
        server.start();
        try {
            int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(body);
            }
            assertThat(closed.await(10, TimeUnit.SECONDS)).as("the channel closed after each").isTrue();
        } finally {
            server.stop();
        }
    }
}
