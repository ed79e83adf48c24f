package io.lcscanner.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A minimal Server-Sent Events reader over HttpClient: {@code id:}, {@code event:}, {@code data:} lines. */
final class SseReader implements AutoCloseable {
    record Event(String id, String type, String data) {
    }

    private static final Event END = new Event(null, null, null);
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final HttpResponse<Stream<String>> response;
    private final Thread reader;

    private SseReader(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-reader");
        reader.setDaemon(true);
        reader.start();
    }

    static SseReader open(TestServer s, String path, String lastEventId) {
        return open(s.http, s.request(path), lastEventId);
    }

    /** Opens {@code uri} (a proxy, another instance) without a token. */
    static SseReader open(java.net.http.HttpClient http, java.net.URI uri) {
        return open(http, HttpRequest.newBuilder(uri), null);
    }

    private static SseReader open(java.net.http.HttpClient http, HttpRequest.Builder request, String lastEventId) {
        HttpRequest.Builder b = request.header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        try {
            return new SseReader(http.send(b.GET().build(), HttpResponse.BodyHandlers.ofLines()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private void read() {
        String id = null, type = null;
        StringBuilder data = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Event(id, type == null ? "message" : type, data.toString()));
                    }
                    id = null;
                    type = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    continue; // keep-alive comment
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    String d = line.substring(5);
                    d = d.startsWith(" ") ? d.substring(1) : d;
                    data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
                }
            }
        } catch (RuntimeException e) {
            // the stream was closed under us: treat as its end
        } finally {
            events.add(END);
        }
    }

    /** Every event until the server ends the stream. */
    List<Event> readAll(Duration max) throws InterruptedException {
        List<Event> out = new ArrayList<>();
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            Event e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("SSE stream did not end within " + max + "; got " + out);
            }
            if (e == END) {
                return out;
            }
            out.add(e);
        }
    }

    /** The next event, or {@code null} when the stream ended. */
    Event next(Duration max) throws InterruptedException {
        Event e = events.poll(max.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no SSE event within " + max);
        }
        return e == END ? null : e;
    }

    @Override
    public void close() {
        reader.interrupt();
    }
}
