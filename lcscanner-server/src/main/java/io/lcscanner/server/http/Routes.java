package io.lcscanner.server.http;

import io.lcscanner.server.ApiException;
import io.lcscanner.server.Problems;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.URLDecodingHandler;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler tree: a front handler (auth, one access-log line and metrics per request, JSON errors)
 * in front of a router whose routes are tagged with their template, so metrics and logs never carry
 * raw paths.
 */
final class Routes {
    private static final Logger log = LoggerFactory.getLogger(Routes.class);
    private static final Logger apiLog = LoggerFactory.getLogger("io.lcscanner.api");
    static final AttachmentKey<String> ROUTE = AttachmentKey.create(String.class);
    private static final AttachmentKey<InetAddress> CLIENT = AttachmentKey.create(InetAddress.class);
    static final String UNMATCHED = "unmatched";
    /** Larger request headers get a 431 JSON answer (Undertow's own, higher limit only closes the connection). */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int UNDERTOW_MAX_HEADER_BYTES = 256 * 1024;

    private Routes() {
    }

    /** Where a route's handler runs. */
    enum Runs {
        /** Reads files or waits for the scan manager: a worker thread, never in blocking mode. */
        WORKER,
        /** Never blocks (streams, metrics, files in memory): the I/O thread. */
        IO_THREAD
    }

    /** Who may call a route. Deny by default: only a route the table marks {@link #PUBLIC} answers without the token. */
    enum Access {
        /** Anyone, even when a token is set: documentation, the dashboard's files, health. */
        PUBLIC,
        /** With {@code SCANNER_API_TOKEN} set, the bearer token in the Authorization header. */
        TOKEN,
        /** As {@link #TOKEN}, or in the subprotocols of a WebSocket upgrade (a browser cannot set headers there). */
        TOKEN_OR_SUBPROTOCOL
    }

    /** The handlers the routes call. */
    record Handlers(ApiHandler api, ScannersHandler scanners, StreamHandlers streams, DocsHandler docs, BarsHandler bars,
                    DashboardHandler dashboard, HttpHandler metrics) {
    }

    /**
     * One route: method, Undertow template ({@code {name}} a path segment, a trailing {@code *} the rest),
     * where it runs, who may call it and what handles it.
     */
    record Route(String method, String template, Runs runs, Access access, Function<Handlers, HttpHandler> handler) {
        /** The path as OpenAPI writes it: a trailing {@code *} is the parameter {@code {file}}. */
        String documentedPath() {
            return template.endsWith("/*") ? template.substring(0, template.length() - 1) + "{file}" : template;
        }
    }

    /**
     * Every route of the server, in one place: {@code openapi.json} documents exactly these (HEAD goes with
     * GET), which a test checks both ways.
     */
    static final List<Route> TABLE = List.of(
            new Route("POST", "/api/scan/execute", Runs.WORKER, Access.TOKEN, h -> h.api()::execute),
            new Route("GET", "/api/scan/progress/{scan_id}", Runs.WORKER, Access.TOKEN, h -> h.api()::progress),
            new Route("GET", "/api/scan/results/{scan_id}", Runs.WORKER, Access.TOKEN, h -> h.api()::results),
            new Route("GET", "/api/scan/results/{scan_id}/export", Runs.WORKER, Access.TOKEN, h -> h.api()::export),
            new Route("GET", "/api/scan/results/{scan_id}/summary", Runs.WORKER, Access.TOKEN, h -> h.api()::summary),
            new Route("GET", "/api/scan/list", Runs.WORKER, Access.TOKEN, h -> h.api()::list),
            new Route("POST", "/api/scan/{scan_id}/cancel", Runs.WORKER, Access.TOKEN, h -> h.api()::cancel),
            new Route("DELETE", "/api/scan/{scan_id}", Runs.WORKER, Access.TOKEN, h -> h.api()::delete),
            new Route("GET", "/api/scan/universe", Runs.WORKER, Access.TOKEN, h -> h.api()::universe),
            new Route("GET", "/api/scanners", Runs.WORKER, Access.TOKEN, h -> h.scanners()::list),
            new Route("POST", "/api/scanners/validate", Runs.WORKER, Access.TOKEN, h -> h.scanners()::validate),
            new Route("GET", "/api/scanners/{name}", Runs.WORKER, Access.TOKEN, h -> h.scanners()::get),
            new Route("PUT", "/api/scanners/{name}", Runs.WORKER, Access.TOKEN, h -> h.scanners()::put),
            new Route("DELETE", "/api/scanners/{name}", Runs.WORKER, Access.TOKEN, h -> h.scanners()::delete),
            new Route("GET", "/api/bars/{ticker}", Runs.WORKER, Access.TOKEN, h -> h.bars()::bars),
            new Route("GET", "/api/health", Runs.WORKER, Access.PUBLIC, h -> h.api()::health),
            new Route("GET", "/api/scan/stream/{scan_id}", Runs.IO_THREAD, Access.TOKEN, h -> h.streams().serverSentEvents()),
            new Route("GET", "/ws/scan/{scan_id}", Runs.IO_THREAD, Access.TOKEN_OR_SUBPROTOCOL, h -> h.streams().webSocket()),
            new Route("GET", "/metrics", Runs.IO_THREAD, Access.TOKEN, Handlers::metrics),
            new Route("GET", "/openapi.json", Runs.IO_THREAD, Access.PUBLIC, h -> h.docs()::openApi),
            new Route("GET", "/docs", Runs.IO_THREAD, Access.PUBLIC, h -> h.docs()::docs),
            new Route("HEAD", "/docs", Runs.IO_THREAD, Access.PUBLIC, h -> h.docs()::docs),
            new Route("GET", "/docs/*", Runs.IO_THREAD, Access.PUBLIC, h -> h.docs()::docs),
            new Route("HEAD", "/docs/*", Runs.IO_THREAD, Access.PUBLIC, h -> h.docs()::docs),
            new Route("GET", "/", Runs.IO_THREAD, Access.PUBLIC, h -> h.dashboard().handler()),
            new Route("HEAD", "/", Runs.IO_THREAD, Access.PUBLIC, h -> h.dashboard().handler()),
            new Route("GET", DashboardHandler.ASSETS + "*", Runs.IO_THREAD, Access.PUBLIC, h -> h.dashboard().handler()),
            new Route("HEAD", DashboardHandler.ASSETS + "*", Runs.IO_THREAD, Access.PUBLIC, h -> h.dashboard().handler()),
            new Route("GET", "/redoc", Runs.IO_THREAD, Access.PUBLIC, h -> h.dashboard().handler()),
            new Route("HEAD", "/redoc", Runs.IO_THREAD, Access.PUBLIC, h -> h.dashboard().handler()));

    /**
     * Who sent the request, for per-client shares, as {@link Front} found it: the connection's peer, or behind a
     * trusted proxy the address it forwarded for ({@link TrustedProxies}); null if unknown.
     */
    static InetAddress client(HttpServerExchange ex) {
        return ex.getAttachment(CLIENT);
    }

    /** Builds the server's root handler. */
    static Front build(Handlers handlers, Metrics metrics, String apiToken, CrossSite crossSite,
                       TrustedProxies trustedProxies) {
        BearerAuth auth = apiToken == null ? null : new BearerAuth(apiToken);
        RoutingHandler r = new RoutingHandler(false);
        for (Route route : TABLE) {
            HttpHandler safe = safe(route.handler().apply(handlers));
            String template = route.template();
            boolean worker = route.runs() == Runs.WORKER;
            r.add(route.method(), template, guarded(auth, route.access(), ex -> {
                ex.putAttachment(ROUTE, template);
                if (worker && ex.isInIoThread()) {
                    // no blocking mode: the response is written asynchronously, so a client that does not
                    // read cannot hold the worker
                    ex.dispatch(safe);
                } else {
                    safe.handleRequest(ex);
                }
            }));
        }
        // no route, or not this method: the token first, so an unauthorised client learns nothing of the routes
        HttpHandler noRoute = guarded(auth, Access.TOKEN, Routes::noRoute);
        r.setFallbackHandler(noRoute);
        r.setInvalidMethodHandler(guarded(auth, Access.TOKEN, ex -> Responses.error(ex, new ApiException(405,
                "method_not_allowed", ex.getRequestMethod() + " is not allowed on " + Problems.quote(ex.getRequestPath())))));
        return new Front(r, noRoute, metrics, crossSite, trustedProxies);
    }

    /**
     * {@code next}, behind the token unless the route is public. Checked on the route the router matched, so no
     * spelling of a path can reach a route without it.
     */
    private static HttpHandler guarded(BearerAuth auth, Access access, HttpHandler next) {
        if (auth == null || access == Access.PUBLIC) {
            return next;
        }
        boolean subprotocol = access == Access.TOKEN_OR_SUBPROTOCOL;
        return ex -> {
            if (!auth.allows(ex, subprotocol)) {
                ex.putAttachment(ROUTE, "auth");
                ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
                Responses.error(ex, new ApiException(401, "unauthorized", "missing or wrong bearer token"));
                return;
            }
            next.handleRequest(ex);
        };
    }

    /** {@code /metrics}: Prometheus text. */
    static HttpHandler metrics(Metrics metrics) {
        return ex -> {
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, Metrics.CONTENT_TYPE);
            ex.getResponseSender().send(metrics.render(), StandardCharsets.UTF_8);
        };
    }

    static void noRoute(HttpServerExchange ex) {
        Responses.error(ex, new ApiException(404, "not_found", "no route " + ex.getRequestMethod() + " "
                + Problems.quote(ex.getRequestPath())));
    }

    /** Turns exceptions into JSON errors: ours as they are, anything else as a 500 with no details. */
    static HttpHandler safe(HttpHandler h) {
        return ex -> {
            try {
                h.handleRequest(ex);
            } catch (ApiException e) {
                respond(ex, e);
            } catch (Exception e) {
                if (Delivery.clientGone(ex, e)) {
                    Delivery.clientWentAway(ex, e);
                    return;
                }
                log.error("{} {} failed", ex.getRequestMethod(), ex.getAttachment(ROUTE), e);
                respond(ex, new ApiException(500, "internal_error", "internal error; see the server log"));
            } catch (Error e) {
                log.error("{} {} failed", ex.getRequestMethod(), ex.getAttachment(ROUTE), e);
                respond(ex, new ApiException(500, "internal_error", "internal error; see the server log"));
            }
        };
    }

    private static void respond(HttpServerExchange ex, ApiException e) {
        if (ex.isResponseStarted()) {
            ex.endExchange();
            return;
        }
        ex.getResponseHeaders().clear(); // a half-built answer's headers (a download's name, a type) must not stay
        securityHeaders(ex);
        Responses.error(ex, e);
    }

    /** On every response, errors included: no MIME sniffing, and no Referer sent from our pages to other sites. */
    static void securityHeaders(HttpServerExchange ex) {
        ex.getResponseHeaders().put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
        ex.getResponseHeaders().put(HttpString.tryFromString("Referrer-Policy"), "no-referrer");
    }

    /** Auth, access log, metrics and the shutdown gate around every request. */
    static final class Front implements HttpHandler {
        private final HttpHandler router;
        private final HttpHandler noRoute;
        private final Metrics metrics;
        private final CrossSite crossSite;
        private final TrustedProxies trustedProxies;
        private final AtomicInteger active = new AtomicInteger();
        private volatile boolean stopping;

        /**
         * Decodes the path and query (the server runs with DECODE_URL off): a bad percent-encoding is then a JSON
         * 400 here instead of the parser's 400 with an empty body.
         */
        private final HttpHandler decoding = new URLDecodingHandler(ex -> { }, StandardCharsets.UTF_8.name());

        Front(HttpHandler router, HttpHandler noRoute, Metrics metrics, CrossSite crossSite, TrustedProxies trustedProxies) {
            this.crossSite = crossSite;
            this.trustedProxies = trustedProxies;
            this.router = router;
            this.noRoute = noRoute;
            this.metrics = metrics;
        }

        int activeRequests() {
            return active.get();
        }

        /** Refuses new requests from now on (503 JSON). */
        void stopAccepting() {
            stopping = true;
        }

        /** Waits up to {@code millis} for requests in progress to complete; returns whether they did. */
        boolean awaitIdle(long millis) throws InterruptedException {
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (active.get() > 0) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(10);
            }
            return true;
        }

        @Override
        public void handleRequest(HttpServerExchange ex) throws Exception {
            long start = System.nanoTime();
            HttpString method = ex.getRequestMethod();
            active.incrementAndGet();
            ex.addExchangeCompleteListener((done, next) -> {
                active.decrementAndGet();
                String route = done.getAttachment(ROUTE);
                route = route == null ? UNMATCHED : route;
                double seconds = (System.nanoTime() - start) / 1e9;
                metrics.httpRequest(method.toString(), route, Delivery.status(done), seconds);
                apiLog.info("{} {} {} {}{}", method, route, Delivery.status(done), Math.round(seconds * 1000),
                        Delivery.truncated(done) ? " truncated" : "");
                next.proceed();
            });
            securityHeaders(ex);
            InetSocketAddress peer = ex.getSourceAddress();
            ex.putAttachment(CLIENT, trustedProxies.client(peer == null ? null : peer.getAddress(),
                    ex.getRequestHeaders().get(Headers.X_FORWARDED_FOR)));
            if (stopping) {
                ex.putAttachment(ROUTE, "shutdown");
                ex.setPersistent(false);
                Responses.error(ex, new ApiException(503, "shutting_down", "the server is shutting down"));
                return;
            }
            // origin-form only ("/…"): the router would also match "api/…" or "http://host/api/…", which the
            // checks below and the log would see differently; proxies send origin-form
            if (ex.isHostIncludedInRequestURI() || !ex.getRequestURI().startsWith("/")) {
                ex.putAttachment(ROUTE, "request_target");
                ex.setPersistent(false);
                Responses.error(ex, new ApiException(400, "request_target",
                        "the request-target must be a path beginning with / (origin-form)"));
                return;
            }
            try {
                decoding.handleRequest(ex);
            } catch (IllegalArgumentException e) {
                ex.putAttachment(ROUTE, "request_target");
                Responses.error(ex, new ApiException(400, "request_target", "the request-target has an invalid "
                        + "percent-encoding: % must be followed by two hex digits"));
                return;
            }
            String path = ex.getRequestPath();
            String host = ex.getRequestHeaders().getFirst(Headers.HOST);
            if (!crossSite.hostAllowed(host)) {
                ex.putAttachment(ROUTE, "host");
                Responses.error(ex, new ApiException(421, "misdirected_request",
                        "this server does not answer to that host name (see SCANNER_ALLOWED_HOSTS)"));
                return;
            }
            if ((changesState(method) || ex.getRequestHeaders().contains(Headers.UPGRADE))
                    && !CrossSite.originAllowed(ex.getRequestHeaders().getFirst(Headers.ORIGIN), host)) {
                ex.putAttachment(ROUTE, "origin");
                Responses.error(ex, new ApiException(403, "forbidden_origin",
                        "a page from another origin may not change scans or open a stream"));
                return;
            }
            if (headerBytes(ex) > MAX_HEADER_BYTES) {
                ex.putAttachment(ROUTE, "headers");
                ex.setPersistent(false);
                Responses.error(ex, new ApiException(431, "headers_too_large", "the request's headers are larger than "
                        + MAX_HEADER_BYTES + " bytes"));
                return;
            }
            // no route ends in a slash (but Swagger UI's index, /docs/); a template must not match "list/"
            if (path.length() > 1 && path.endsWith("/") && !path.equals("/docs/")) {
                noRoute.handleRequest(ex);
                return;
            }
            router.handleRequest(ex);
        }

        /** The size of the request line and headers as sent. */
        private static long headerBytes(HttpServerExchange ex) {
            long n = ex.getRequestMethod().length() + ex.getRequestURI().length() + ex.getQueryString().length() + 12;
            for (HeaderValues h : ex.getRequestHeaders()) {
                for (String v : h) {
                    n += h.getHeaderName().length() + v.length() + 4;
                }
            }
            return n;
        }

        private static boolean changesState(HttpString method) {
            return !method.equals(Methods.GET) && !method.equals(Methods.HEAD) && !method.equals(Methods.OPTIONS);
        }
    }
}
