package io.lcscanner.polygon;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the Polygon (Massive) client and bar source. {@link #fromEnvironment(Map)} reads them from
 * environment variables; the {@code with…} methods override single values (command-line options, tests).
 * {@link #toString()} never shows the key.
 *
 * @param apiKey               the API key, sent as {@code Authorization: Bearer}
 * @param baseUrl              {@code scheme://host[:port]}; {@code next_url} pages are fetched from this host too
 * @param maxConcurrency       requests in flight at most
 * @param maxRequestsPerMinute client-side limit per {@code rateWindow}; 0 = unlimited
 * @param rateWindow           the sliding window of the limit (one minute; shorter in tests)
 * @param connectTimeout       TCP/TLS connect timeout
 * @param readTimeout          time allowed for one response, headers and body
 * @param maxAttempts          attempts per request, retries included
 * @param retryBaseDelay       first backoff; doubles per retry, jittered
 * @param retryMaxDelay        longest single backoff
 * @param retryBudget          total time one request may spend retrying
 * @param maxPages             {@code next_url} pages followed at most per paged call
 * @param cacheDir             disk cache root, or {@code null} for no cache
 */
public record PolygonConfig(String apiKey, URI baseUrl, int maxConcurrency, int maxRequestsPerMinute, Duration rateWindow,
                            Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration retryBaseDelay,
                            Duration retryMaxDelay, Duration retryBudget, int maxPages, Path cacheDir) {

    public static final String API_KEY = "POLYGON_API_KEY";
    public static final String BASE_URL = "POLYGON_BASE_URL";
    public static final String MAX_CONCURRENCY = "POLYGON_MAX_CONCURRENCY";
    public static final String MAX_REQUESTS_PER_MINUTE = "POLYGON_MAX_REQUESTS_PER_MINUTE";
    public static final String READ_TIMEOUT_SECONDS = "POLYGON_READ_TIMEOUT_SECONDS";
    public static final String CACHE_DIR = "SCANNER_CACHE_DIR";
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.massive.com");
    public static final int DEFAULT_MAX_CONCURRENCY = 12;

    public PolygonConfig {
        require(apiKey != null && !apiKey.isBlank(), API_KEY, "is required (a Polygon/Massive API key)");
        require(apiKey.chars().allMatch(ch -> ch > 0x20 && ch < 0x7f), API_KEY, "must be printable ASCII without spaces");
        Objects.requireNonNull(baseUrl, "baseUrl");
        require(("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme())) && baseUrl.getHost() != null
                        && (baseUrl.getRawPath() == null || baseUrl.getRawPath().isEmpty() || baseUrl.getRawPath().equals("/"))
                        && baseUrl.getRawQuery() == null,
                BASE_URL, "must be http(s)://host[:port] without a path, got " + baseUrl);
        require(maxConcurrency >= 1 && maxConcurrency <= 256, MAX_CONCURRENCY, "must be between 1 and 256, got " + maxConcurrency);
        require(maxRequestsPerMinute >= 0 && maxRequestsPerMinute <= 1_000_000, MAX_REQUESTS_PER_MINUTE,
                "must be between 0 (unlimited) and 1000000, got " + maxRequestsPerMinute);
        requirePositive(rateWindow, "rateWindow");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, READ_TIMEOUT_SECONDS);
        require(maxAttempts >= 1 && maxAttempts <= 100, "maxAttempts", "must be between 1 and 100, got " + maxAttempts);
        requirePositive(retryBaseDelay, "retryBaseDelay");
        requirePositive(retryMaxDelay, "retryMaxDelay");
        requirePositive(retryBudget, "retryBudget");
        require(maxPages >= 1, "maxPages", "must be at least 1, got " + maxPages);
        baseUrl = URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority());
    }

    /** Defaults for everything but the key: api.massive.com, 12 in flight, no limit, cache off. */
    public static PolygonConfig of(String apiKey) {
        return new PolygonConfig(apiKey, DEFAULT_BASE_URL, DEFAULT_MAX_CONCURRENCY, 0, Duration.ofMinutes(1),
                Duration.ofSeconds(10), Duration.ofSeconds(60), 10, Duration.ofSeconds(1), Duration.ofSeconds(60),
                Duration.ofMinutes(5), 1000, null);
    }

    /**
     * Reads {@value #API_KEY} (required), {@value #BASE_URL}, {@value #MAX_CONCURRENCY},
     * {@value #MAX_REQUESTS_PER_MINUTE}, {@value #READ_TIMEOUT_SECONDS} and {@value #CACHE_DIR} (default
     * {@code ~/.cache/lcscanner}).
     *
     * @throws IllegalArgumentException naming the variable when a value is missing or invalid
     */
    public static PolygonConfig fromEnvironment(Map<String, String> env) {
        String key = env.get(API_KEY);
        require(key != null && !key.isBlank(), API_KEY, "is not set");
        PolygonConfig c = of(key.trim());
        String base = env.get(BASE_URL);
        if (base != null && !base.isBlank()) {
            URI uri;
            try {
                uri = new URI(base.trim());
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(BASE_URL + " is not a URL: " + base);
            }
            c = c.withBaseUrl(uri);
        }
        c = c.withMaxConcurrency(intValue(env, MAX_CONCURRENCY, c.maxConcurrency()))
                .withMaxRequestsPerMinute(intValue(env, MAX_REQUESTS_PER_MINUTE, c.maxRequestsPerMinute()))
                .withReadTimeout(Duration.ofSeconds(intValue(env, READ_TIMEOUT_SECONDS, (int) c.readTimeout().toSeconds())));
        String dir = env.get(CACHE_DIR);
        return c.withCacheDir(dir != null && !dir.isBlank() ? Path.of(dir.trim()) : defaultCacheDir());
    }

    /** {@code ~/.cache/lcscanner}. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "lcscanner");
    }

    public PolygonConfig withBaseUrl(URI v) {
        return new PolygonConfig(apiKey, v, maxConcurrency, maxRequestsPerMinute, rateWindow, connectTimeout, readTimeout,
                maxAttempts, retryBaseDelay, retryMaxDelay, retryBudget, maxPages, cacheDir);
    }

    public PolygonConfig withMaxConcurrency(int v) {
        return new PolygonConfig(apiKey, baseUrl, v, maxRequestsPerMinute, rateWindow, connectTimeout, readTimeout,
                maxAttempts, retryBaseDelay, retryMaxDelay, retryBudget, maxPages, cacheDir);
    }

    public PolygonConfig withMaxRequestsPerMinute(int v) {
        return new PolygonConfig(apiKey, baseUrl, maxConcurrency, v, rateWindow, connectTimeout, readTimeout,
                maxAttempts, retryBaseDelay, retryMaxDelay, retryBudget, maxPages, cacheDir);
    }

    /** The limiter's window; a minute in production, shorter in tests. */
    public PolygonConfig withRateWindow(Duration v) {
        return new PolygonConfig(apiKey, baseUrl, maxConcurrency, maxRequestsPerMinute, v, connectTimeout, readTimeout,
                maxAttempts, retryBaseDelay, retryMaxDelay, retryBudget, maxPages, cacheDir);
    }

    public PolygonConfig withTimeouts(Duration connect, Duration read) {
        return new PolygonConfig(apiKey, baseUrl, maxConcurrency, maxRequestsPerMinute, rateWindow, connect, read,
                maxAttempts, retryBaseDelay, retryMaxDelay, retryBudget, maxPages, cacheDir);
    }

    public PolygonConfig withReadTimeout(Duration v) {
        return withTimeouts(connectTimeout, v);
    }

    public PolygonConfig withRetries(int attempts, Duration baseDelay, Duration maxDelay, Duration budget) {
        return new PolygonConfig(apiKey, baseUrl, maxConcurrency, maxRequestsPerMinute, rateWindow, connectTimeout,
                readTimeout, attempts, baseDelay, maxDelay, budget, maxPages, cacheDir);
    }

    public PolygonConfig withMaxPages(int v) {
        return new PolygonConfig(apiKey, baseUrl, maxConcurrency, maxRequestsPerMinute, rateWindow, connectTimeout,
                readTimeout, maxAttempts, retryBaseDelay, retryMaxDelay, retryBudget, v, cacheDir);
    }

    /** {@code null} turns the disk cache off. */
    public PolygonConfig withCacheDir(Path v) {
        return new PolygonConfig(apiKey, baseUrl, maxConcurrency, maxRequestsPerMinute, rateWindow, connectTimeout,
                readTimeout, maxAttempts, retryBaseDelay, retryMaxDelay, retryBudget, maxPages, v);
    }

    @Override
    public String toString() {
        return "PolygonConfig[baseUrl=" + baseUrl + ", apiKey=<redacted>, maxConcurrency=" + maxConcurrency
                + ", maxRequestsPerMinute=" + (maxRequestsPerMinute == 0 ? "unlimited" : maxRequestsPerMinute + "/" + rateWindow)
                + ", readTimeout=" + readTimeout + ", maxAttempts=" + maxAttempts + ", cacheDir=" + cacheDir + "]";
    }

    private static int intValue(Map<String, String> env, String name, int dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got \"" + v + "\"");
        }
    }

    private static void requirePositive(Duration d, String name) {
        require(d != null && !d.isNegative() && !d.isZero(), name, "must be a positive duration, got " + d);
    }

    private static void require(boolean ok, String name, String reason) {
        if (!ok) {
            throw new IllegalArgumentException(name + " " + reason);
        }
    }
}
