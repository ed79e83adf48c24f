package io.lcscanner.server.http;

import io.lcscanner.server.ApiException;
import io.undertow.predicate.Predicates;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.util.DateUtils;
import io.undertow.util.ETag;
import io.undertow.util.ETagUtils;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard: the files under the class-path folder {@code dashboard/}, served from memory with a
 * content type, a weak ETag, Last-Modified, Cache-Control and gzip. {@code /} is {@code index.html},
 * {@code /ui/<file>} any other file, {@code /redoc} ReDoc over {@code /openapi.json}.
 *
 * <p>Vendored libraries live in versioned folders ({@code vendor/<name>-<version>/}), so they are cached
 * for a year; the page's own files are revalidated on every load (a 304 when unchanged), so a new jar is
 * picked up at once without fingerprinted names.
 */
final class DashboardHandler {
    static final String ROOT = "dashboard/";
    static final String ASSETS = "/ui/";
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "no-cache";
    /**
     * The page's own rules: its scripts and styles come from this server only; inline styles are allowed
     * because the chart library sets them.
     */
    private static final String PAGE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
    /**
     * ReDoc's: the page's rules, and its search index runs in a worker started from a blob. Its "API docs by
     * Redocly" logo is an image on Redocly's CDN: img-src keeps the browser from fetching it (it is then hidden).
     */
    private static final String REDOC_POLICY = PAGE_POLICY + "; worker-src 'self' blob:";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("txt", "text/plain; charset=utf-8"));
    private static final String LICENCE_TYPE = "text/plain; charset=utf-8";

    /** One file as served. */
    private record StaticFile(byte[] bytes, String type, ETag etag, Date lastModified, String cacheControl) {
    }

    private final ClassLoader loader = DashboardHandler.class.getClassLoader();
    private final Map<String, Optional<StaticFile>> files = new ConcurrentHashMap<>();
    private final HttpHandler handler;

    DashboardHandler() {
        if (loader.getResource(ROOT + "index.html") == null) {
            throw new IllegalStateException("dashboard resources missing from the jar (" + ROOT + "index.html)");
        }
        // gzip when the body is worth it (more than 512 bytes)
        ContentEncodingRepository gzip = new ContentEncodingRepository().addEncodingHandler("gzip",
                new GzipEncodingProvider(), 50, Predicates.maxContentSize(512));
        this.handler = new EncodingHandler(this::serve, gzip);
    }

    /** The handler for {@code /}, {@code /ui/*} and {@code /redoc} (GET and HEAD). */
    HttpHandler handler() {
        return handler;
    }

    private void serve(HttpServerExchange ex) {
        HttpString method = ex.getRequestMethod();
        if (!method.equals(Methods.GET) && !method.equals(Methods.HEAD)) {
            throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + ex.getRequestPath());
        }
        String path = ex.getRequestPath();
        String name;
        if (path.equals("/")) {
            name = "index.html";
        } else if (path.equals("/redoc")) {
            name = "redoc.html";
        } else if (path.startsWith(ASSETS)) {
            name = path.substring(ASSETS.length());
        } else {
            throw ApiException.notFound("no such file " + path);
        }
        StaticFile f = file(name).orElseThrow(() -> ApiException.notFound("no such file " + path));
        var headers = ex.getResponseHeaders();
        headers.put(Headers.CACHE_CONTROL, f.cacheControl());
        headers.put(Headers.ETAG, f.etag().toString());
        headers.put(Headers.LAST_MODIFIED, DateUtils.toDateString(f.lastModified()));
        headers.put(Headers.VARY, Headers.ACCEPT_ENCODING_STRING);
        if (f.type().startsWith("text/html")) {
            headers.put(HttpString.tryFromString("Content-Security-Policy"), name.equals("redoc.html") ? REDOC_POLICY
                    : PAGE_POLICY);
        }
        boolean unchanged = ex.getRequestHeaders().contains(Headers.IF_NONE_MATCH)
                ? !ETagUtils.handleIfNoneMatch(ex, f.etag(), true)
                : !DateUtils.handleIfModifiedSince(ex, f.lastModified());
        if (unchanged) {
            ex.setStatusCode(StatusCodes.NOT_MODIFIED);
            ex.endExchange();
            return;
        }
        headers.put(Headers.CONTENT_TYPE, f.type());
        headers.put(Headers.CONTENT_LENGTH, f.bytes().length);
        if (method.equals(Methods.HEAD)) {
            ex.endExchange();
            return;
        }
        ex.getResponseSender().send(ByteBuffer.wrap(f.bytes()));
    }

    /** The file {@code name} under {@link #ROOT}, loaded once; empty for names outside it or of no known type. */
    private Optional<StaticFile> file(String name) {
        if (!SAFE_PATH.matcher(name).matches()) {
            return Optional.empty(); // no "..", no empty segments, no hidden files
        }
        return files.computeIfAbsent(name, this::load);
    }

    private Optional<StaticFile> load(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        String type = dot < 0 ? (base.equals("LICENSE") || base.equals("NOTICE") ? LICENCE_TYPE : null)
                : TYPES.get(base.substring(dot + 1));
        URL url = loader.getResource(ROOT + name);
        if (type == null || url == null || url.getPath().endsWith("/")) {
            return Optional.empty();
        }
        try {
            URLConnection c = url.openConnection();
            c.setUseCaches(false); // a jar URL connection would otherwise keep the jar file open
            byte[] bytes;
            try (InputStream in = c.getInputStream()) {
                bytes = in.readAllBytes();
            }
            long modified = c.getLastModified();
            // HTTP dates have whole seconds; a finer time would never compare equal to If-Modified-Since
            Date lastModified = new Date((modified > 0 ? modified : System.currentTimeMillis()) / 1000 * 1000);
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
            String cache = name.startsWith("vendor/") ? IMMUTABLE : REVALIDATE;
            // weak: the gzipped and the plain body share it
            return Optional.of(new StaticFile(bytes, type, new ETag(true, hash), lastModified, cache));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
