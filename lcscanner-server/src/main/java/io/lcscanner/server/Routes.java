package io.lcscanner.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
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
    static final String UNMATCHED = "unmatched";
    /** Larger request headers get a 431 JSON answer (Undertow's own, higher limit only closes the connection). */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int UNDERTOW_MAX_HEADER_BYTES = 256 * 1024;

    private Routes() {
    }

    /** Builds the server's root handler. */
    static Front build(ApiHandler api, StreamHandlers streams, DocsHandler docs, Metrics metrics,
                       String version, String apiToken, CrossSite crossSite, BarsHandler bars,
                       DashboardHandler dashboard) {
        RoutingHandler r = new RoutingHandler(false);
        worker(r, "POST", "/api/scan/execute", api::execute);
        worker(r, "GET", "/api/scan/progress/{scan_id}", api::progress);
        worker(r, "GET", "/api/scan/results/{scan_id}", api::results);
        worker(r, "GET", "/api/scan/results/{scan_id}/export", api::export);
        worker(r, "GET", "/api/scan/list", api::list);
        worker(r, "POST", "/api/scan/{scan_id}/cancel", api::cancel);
        worker(r, "DELETE", "/api/scan/{scan_id}", api::delete);
        worker(r, "GET", "/api/scan/universe", api::universe);
        worker(r, "GET", "/api/health", api::health);
        direct(r, "GET", "/api/scan/stream/{scan_id}", streams.serverSentEvents());
        direct(r, "GET", "/ws/scan/{scan_id}", streams.webSocket());
        direct(r, "GET", "/metrics", ex -> {
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, Metrics.CONTENT_TYPE);
            ex.getResponseSender().send(metrics.render(version), StandardCharsets.UTF_8);
        });
        direct(r, "GET", "/openapi.json", docs::openApi);
        worker(r, "GET", "/api/bars/{ticker}", bars::bars);
        for (String page : new String[] {"/", DashboardHandler.ASSETS + "*", "/redoc"}) {
            direct(r, "GET", page, dashboard.handler());
            direct(r, "HEAD", page, dashboard.handler());
        }
        r.setFallbackHandler(Routes::noRoute);
        r.setInvalidMethodHandler(ex -> Json.sendError(ex, new ApiException(405, "method_not_allowed",
                ex.getRequestMethod() + " is not allowed on " + Problems.quote(ex.getRequestPath()))));

        HttpHandler docsRoute = safe(docs::docs);
        return new Front(r, docsRoute, metrics, apiToken, crossSite);
    }

    static void noRoute(HttpServerExchange ex) {
        Json.sendError(ex, new ApiException(404, "not_found", "no route " + ex.getRequestMethod() + " "
                + Problems.quote(ex.getRequestPath())));
    }

    /**
     * An endpoint that reads files or waits for the scan manager: runs on a worker thread. It never
     * starts blocking mode, so its response is written asynchronously and a client that does not read
     * cannot hold the worker.
     */
    private static void worker(RoutingHandler r, String method, String template, HttpHandler h) {
        HttpHandler safe = safe(h);
        r.add(method, template, ex -> {
            ex.putAttachment(ROUTE, template);
            if (ex.isInIoThread()) {
                ex.dispatch(safe);
            } else {
                safe.handleRequest(ex);
            }
        });
    }

    /** An endpoint that never blocks (streams, metrics, static text): stays on the IO thread. */
    private static void direct(RoutingHandler r, String method, String template, HttpHandler h) {
        HttpHandler safe = safe(h);
        r.add(method, template, ex -> {
            ex.putAttachment(ROUTE, template);
            safe.handleRequest(ex);
        });
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
        ex.getResponseHeaders().clear();
        Json.sendError(ex, e);
    }

    /** Auth, access log, metrics and the shutdown gate around every request. */
    static final class Front implements HttpHandler {
        private final HttpHandler router;
        private final HttpHandler docs;
        private final Metrics metrics;
        private final BearerAuth auth;
        private final CrossSite crossSite;
        private final AtomicInteger active = new AtomicInteger();
        private volatile boolean stopping;

        Front(HttpHandler router, HttpHandler docs, Metrics metrics, String token, CrossSite crossSite) {
            this.crossSite = crossSite;
            this.router = router;
            this.docs = docs;
            this.metrics = metrics;
            this.auth = token == null ? null : new BearerAuth(token);
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
            ex.getResponseHeaders().put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
            String path = ex.getRequestPath();
            if (stopping) {
                ex.putAttachment(ROUTE, "shutdown");
                ex.setPersistent(false);
                Json.sendError(ex, new ApiException(503, "shutting_down", "the server is shutting down"));
                return;
            }
            String host = ex.getRequestHeaders().getFirst(Headers.HOST);
            if (!crossSite.hostAllowed(host)) {
                ex.putAttachment(ROUTE, "host");
                Json.sendError(ex, new ApiException(421, "misdirected_request",
                        "this server does not answer to that host name (see SCANNER_ALLOWED_HOSTS)"));
                return;
            }
            if ((changesState(method) || ex.getRequestHeaders().contains(Headers.UPGRADE))
                    && !CrossSite.originAllowed(ex.getRequestHeaders().getFirst(Headers.ORIGIN), host)) {
                ex.putAttachment(ROUTE, "origin");
                Json.sendError(ex, new ApiException(403, "forbidden_origin",
                        "a page from another origin may not change scans or open a stream"));
                return;
            }
            if (auth != null && needsToken(path) && !auth.allows(ex)) {
                ex.putAttachment(ROUTE, "auth");
                ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
                Json.sendError(ex, new ApiException(401, "unauthorized", "missing or wrong bearer token"));
                return;
            }
            if (headerBytes(ex) > MAX_HEADER_BYTES) {
                ex.putAttachment(ROUTE, "headers");
                ex.setPersistent(false);
                Json.sendError(ex, new ApiException(431, "headers_too_large", "the request's headers are larger than "
                        + MAX_HEADER_BYTES + " bytes"));
                return;
            }
            if (path.equals("/docs") || path.startsWith("/docs/")) {
                ex.putAttachment(ROUTE, "/docs");
                docs.handleRequest(ex);
                return;
            }
            if (path.length() > 1 && path.endsWith("/")) { // no route has one; a template must not match "list/"
                noRoute(ex);
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

        private static boolean needsToken(String path) {
            if (path.equals("/api/health")) {
                return false;
            }
            return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/ws/") || path.equals("/metrics");
        }
    }
}
