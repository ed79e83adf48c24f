package io.lcscanner.polygon;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Polygon (Massive) REST client: one shared {@link HttpClient}, bearer-token auth, gzip, bounded
 * concurrency, an optional client-side rate limit, and retries with jittered exponential backoff for
 * 429 and transient failures (413, 499, 5xx, timeouts, resets, truncated bodies). 400/401/403/404 fail
 * at once with a {@link PolygonException}.
 *
 * <p>Every attempt — first tries, retries and {@code next_url} pages — takes a rate-limit permit. The key
 * travels only in the {@code Authorization} header; logs name the request path, never the query or the key.
 * Thread-safe; {@link #close()} stops its worker threads.
 */
public final class PolygonClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolygonClient.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final PolygonConfig config;
    private final HttpClient http;
    private final RateLimiter limiter;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final Backoff backoff;
    private final ExecutorService pool;
    /** Ends response bodies that stall (see {@link ResponseBody}). */
    private final ScheduledThreadPoolExecutor timer;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public PolygonClient(PolygonConfig config) {
        this(config, System::nanoTime, Thread::sleep);
    }

    /**
     * With the clock that paces the rate limit and bounds the retry budget, and what waits out each backoff
     * (tests record the waits instead of spending them).
     */
    PolygonClient(PolygonConfig config, LongSupplier nanoClock, Sleeper sleeper) {
        this.config = config;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.backoff = new Backoff(config.retryBaseDelay(), config.retryMaxDelay());
        this.limiter = config.maxRequestsPerMinute() > 0
                ? new RateLimiter(config.maxRequestsPerMinute(), config.rateWindow(), nanoClock) : null;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if ("http".equals(config.baseUrl().getScheme())) {
            b.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance against plain-HTTP test servers
        }
        this.http = b.build();
        int id = CLIENTS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.maxConcurrency(), r -> {
            Thread t = new Thread(r, "polygon-" + id + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "polygon-" + id + "-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // a body read in time leaves nothing behind
    }

    public PolygonConfig config() {
        return config;
    }

    /** HTTP requests sent so far (every attempt and page). */
    public long requestCount() {
        return requests.get();
    }

    /** Requests repeated after a transient failure so far. */
    public long retryCount() {
        return retries.get();
    }

    /** Calls that failed for good (after any retries). */
    public long errorCount() {
        return failures.get();
    }

    /** The type code of a ticker ({@code CS}, {@code ETF}, {@code PFD}, …; unknown codes are normal). */
    public CompletableFuture<String> tickerType(String ticker) {
        String path = "/v3/reference/tickers/" + encodePath(ticker);
        return async(() -> get(path, p -> {
            String[] type = new String[1];
            Json.read(p, r -> {
                if (r.currentToken() != JsonToken.START_OBJECT) {
                    r.skipChildren();
                    return;
                }
                while (r.nextToken() == JsonToken.FIELD_NAME) {
                    String name = r.currentName();
                    JsonToken v = r.nextToken();
                    if (name.equals("type")) {
                        type[0] = Json.text(r, v);
                    } else {
                        r.skipChildren();
                    }
                }
            });
            return type[0];
        }));
    }

    /** Every active stock ticker ({@code /v3/reference/tickers}, all pages). */
    public CompletableFuture<List<String>> activeStockTickers() {
        return async(() -> {
            List<String> out = new ArrayList<>();
            for (List<String> page : getPaged("/v3/reference/tickers?market=stocks&active=true&limit=1000", p -> {
                List<String> tickers = new ArrayList<>();
                Json.Envelope env = Json.read(p, r -> Json.eachObject(r, row -> {
                    while (row.nextToken() == JsonToken.FIELD_NAME) {
                        String name = row.currentName();
                        JsonToken v = row.nextToken();
                        if (name.equals("ticker")) {
                            String t = Json.text(row, v);
                            if (t != null) {
                                tickers.add(t);
                            }
                        } else {
                            row.skipChildren();
                        }
                    }
                }));
                return new Page<>(tickers, env.nextUrl());
            })) {
                out.addAll(page);
            }
            return out;
        });
    }

    /** Runs {@code call} on one of the client's threads; cancelling the future interrupts it. */
    <T> CompletableFuture<T> async(Callable<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Future<?> task = pool.submit(() -> {
            try {
                result.complete(call.call());
            } catch (InterruptedException e) {
                result.completeExceptionally(e);
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                if (e instanceof PolygonException) {
                    failures.incrementAndGet();
                }
                result.completeExceptionally(e);
            }
        });
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                task.cancel(true);
            }
        });
        return result;
    }

    /** Fetches {@code first} and every {@code next_url} after it, guarding against cursor loops and endless paging. */
    <T> List<T> getPaged(String first, BodyReader<Page<T>> reader) throws IOException, InterruptedException {
        List<T> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String next = first;
        int pages = 0;
        while (next != null) {
            URI uri = resolve(next);
            if (!seen.add(uri.toString())) {
                throw new PolygonException(uri.getRawPath(), -1, null, null, "next_url repeated a cursor after "
                        + pages + " pages", null);
            }
            if (++pages > config.maxPages()) {
                throw new PolygonException(uri.getRawPath(), -1, null, null, "more than " + config.maxPages() + " pages", null);
            }
            Page<T> page = get(next, reader);
            out.add(page.value());
            next = page.nextUrl();
        }
        return out;
    }

    /**
     * One GET with retries, on the calling thread. {@code target} is a path with query, or a {@code next_url};
     * either way it is sent to the configured host, so the bearer key never goes anywhere else.
     */
    <T> T get(String target, BodyReader<T> reader) throws IOException, InterruptedException {
        URI uri = resolve(target);
        String path = uri.getRawPath();
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(config.readTimeout())
                .header("Authorization", "Bearer " + config.apiKey())
                .header("Accept-Encoding", "gzip")
                .header("Accept", "application/json")
                .build();
        long start = nanoClock.getAsLong();
        for (int attempt = 1; ; attempt++) {
            if (Thread.interrupted()) {
                throw new InterruptedException("Polygon GET " + path + " interrupted");
            }
            Failure failure;
            int slot = limiter == null ? -1 : limiter.acquire();
            long t0 = System.nanoTime();
            try {
                requests.incrementAndGet();
                HttpResponse<InputStream> response = send(request);
                int status = response.statusCode();
                long left = config.readTimeout().toMillis() - (System.nanoTime() - t0) / 1_000_000;
                try (ResponseBody body = new ResponseBody(response, left, timer)) {
                    if (status == 200) {
                        try {
                            T value = read(body, reader);
                            LOG.debug("GET {} -> 200 in {} ms", path, (System.nanoTime() - t0) / 1_000_000);
                            return value;
                        } catch (IOException e) {
                            if (Thread.currentThread().isInterrupted()) {
                                throw new InterruptedException("Polygon GET " + path + " interrupted");
                            }
                            failure = bodyFailure(body, e);
                        }
                    } else {
                        LOG.debug("GET {} -> {} in {} ms", path, status, (System.nanoTime() - t0) / 1_000_000);
                        ErrorBody err = errorBody(body);
                        boolean transientStatus = status == 429 || status == 413 || status == 499 || status >= 500;
                        if (!transientStatus) {
                            throw new PolygonException(path, status, err.status, err.requestId, err.message, null);
                        }
                        failure = new Failure(status, err.status, err.requestId, err.message,
                                Backoff.retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null)), null);
                    }
                }
            } catch (PolygonException e) {
                throw e;
            } catch (IOException e) { // no response: connect failure, reset, time-out before the headers
                failure = new Failure(-1, null, null, e.getClass().getSimpleName() + ": " + sanitize(e.getMessage()), 0, e);
            } finally {
                if (slot >= 0) {
                    limiter.release(slot); // only once the response is complete: see RateLimiter
                }
            }
            sleep(path, attempt, retryDelay(path, attempt, start, failure), failure);
        }
    }

    /** Parses a 200 body as it arrives, then reads what is left of it. */
    private static <T> T read(ResponseBody body, BodyReader<T> reader) throws IOException {
        T value;
        try (JsonParser parser = Json.FACTORY.createParser(body.stream())) {
            value = reader.read(parser);
        }
        body.drain();
        return value;
    }

    /**
     * Why reading a 200 body failed: the deadline (a stalled transfer, like a time-out before the headers), a body
     * that is not the JSON it should be (truncated, garbled: status 200), or the connection failing on the way.
     */
    private Failure bodyFailure(ResponseBody body, IOException e) {
        if (body.timedOut()) {
            return new Failure(-1, null, null, "HttpTimeoutException: no complete response within "
                    + config.readTimeout().toMillis() + " ms", 0, e);
        }
        if (e instanceof JsonProcessingException || e instanceof EOFException || e instanceof ZipException) {
            return new Failure(200, null, null, "malformed body: " + sanitize(getOriginalMessage(e)), 0, e);
        }
        return new Failure(-1, null, null, e.getClass().getSimpleName() + ": " + sanitize(e.getMessage()), 0, e);
    }

    private static String getOriginalMessage(Throwable e) {
        return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    }

    /** Sends the request; returns once the headers are in, the body still to be read. */
    private HttpResponse<InputStream> send(HttpRequest request) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<InputStream>> f = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            return f.get(config.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new HttpTimeoutException("no response within " + config.readTimeout().toMillis() + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(c == null ? "request failed" : c.getClass().getSimpleName() + ": " + c.getMessage(), c);
        }
    }

    /** What a failed attempt said; {@code retryAfterMillis} 0 when the server gave no Retry-After. */
    private record Failure(int status, String bodyStatus, String requestId, String detail, long retryAfterMillis,
                           Throwable cause) {
    }

    /** The backoff before the next attempt, or a {@link PolygonException} when attempts or budget are spent. */
    private long retryDelay(String path, int attempt, long start, Failure f) throws PolygonException {
        if (attempt >= config.maxAttempts()) {
            throw giveUp(path, f, "gave up after " + attempt + " attempts");
        }
        long delay = backoff.delayMillis(attempt, f.retryAfterMillis);
        long elapsed = (nanoClock.getAsLong() - start) / 1_000_000;
        if (elapsed + delay > config.retryBudget().toMillis()) {
            throw giveUp(path, f, "retry budget of " + config.retryBudget().toMillis() + " ms spent after " + attempt + " attempts");
        }
        return delay;
    }

    private PolygonException giveUp(String path, Failure f, String why) {
        String detail = why + (f.detail == null ? "" : "; last: " + f.detail);
        return new PolygonException(path, f.status, f.bodyStatus, f.requestId, detail, f.cause);
    }

    private void sleep(String path, int attempt, long delayMillis, Failure f) throws InterruptedException {
        retries.incrementAndGet();
        LOG.info("GET {} failed ({}), retry {} in {} ms", path,
                f.status > 0 ? "HTTP " + f.status : f.detail, attempt, delayMillis);
        sleeper.sleep(delayMillis);
    }

    private record ErrorBody(String status, String requestId, String message) {
    }

    /** Best effort: status, request_id and error/message of an error body; never fails. */
    private ErrorBody errorBody(ResponseBody body) {
        String status = null, requestId = null, message = null;
        try (JsonParser p = Json.FACTORY.createParser(body.readAtMost(64 * 1024))) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "status" -> status = Json.text(p, v);
                        case "request_id" -> requestId = Json.text(p, v);
                        case "error", "message" -> message = Json.text(p, v);
                        default -> p.skipChildren();
                    }
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // an unreadable error body still has its HTTP status
        }
        return new ErrorBody(sanitize(status), sanitize(requestId), sanitize(message));
    }

    /** Strips the key from server-supplied text and bounds its length; it ends up in exceptions and logs. */
    String sanitize(String text) {
        if (text == null) {
            return null;
        }
        String s = text.replace(config.apiKey(), "<redacted>");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private URI resolve(String target) {
        URI u = URI.create(target);
        String pathAndQuery = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        return config.baseUrl().resolve(pathAndQuery);
    }

    static String encodePath(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() {
        pool.shutdownNow();
        timer.shutdownNow();
    }

    @Override
    public String toString() {
        return "PolygonClient[" + config.baseUrl() + (limiter == null ? "" : ", " + limiter) + "]";
    }
}
