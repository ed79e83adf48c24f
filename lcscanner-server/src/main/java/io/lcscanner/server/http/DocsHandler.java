package io.lcscanner.server.http;

import io.lcscanner.server.ApiException;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code /openapi.json} (a resource file, with the schemas of the column model filled in: {@link OpenApi}) and {@code /docs}: Swagger UI from the webjar's resources,
 * with its initializer replaced so it loads {@code /openapi.json}.
 */
final class DocsHandler {
    static final String OPENAPI_RESOURCE = "openapi.json";
    private static final String INITIALIZER = """
            window.onload = function () {
              window.ui = SwaggerUIBundle({
                url: "/openapi.json",
                dom_id: "#swagger-ui",
                deepLinking: true,
                presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
                plugins: [SwaggerUIBundle.plugins.DownloadUrl],
                layout: "StandaloneLayout",
                validatorUrl: null
              });
            };
            """;

    /**
     * Swagger UI's pages: scripts and styles from this server (its own inline styles allowed), no framing; the
     * validator badge, an image from swagger.io, is off.
     */
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final byte[] openApi;
    private final ResourceHandler webjar;

    DocsHandler(String swaggerUiVersion) {
        this.openApi = OpenApi.document(resource(OPENAPI_RESOURCE));
        String prefix = "META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion + "/";
        if (DocsHandler.class.getClassLoader().getResource(prefix + "index.html") == null) {
            throw new IllegalStateException("Swagger UI resources not found at " + prefix);
        }
        this.webjar = new ResourceHandler(new ClassPathResourceManager(DocsHandler.class.getClassLoader(), prefix),
                ex -> Responses.error(ex, ApiException.notFound("no such file under /docs")))
                .setWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false);
    }

    void openApi(HttpServerExchange ex) {
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        ex.getResponseSender().send(ByteBuffer.wrap(openApi));
    }

    /** Everything under {@code /docs}. */
    void docs(HttpServerExchange ex) throws Exception {
        if (!ex.getRequestMethod().equals(Methods.GET) && !ex.getRequestMethod().equals(Methods.HEAD)) {
            throw new ApiException(405, "method_not_allowed", ex.getRequestMethod() + " is not allowed on /docs");
        }
        ex.getResponseHeaders().put(HttpString.tryFromString("Content-Security-Policy"), POLICY);
        String rest = ex.getRequestPath().substring("/docs".length());
        if (rest.isEmpty()) {
            ex.setStatusCode(StatusCodes.FOUND);
            ex.getResponseHeaders().put(Headers.LOCATION, "/docs/");
            ex.endExchange();
            return;
        }
        if (rest.equals("/swagger-initializer.js")) {
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/javascript; charset=utf-8");
            ex.getResponseSender().send(INITIALIZER, StandardCharsets.UTF_8);
            return;
        }
        ex.setRelativePath(rest);
        webjar.handleRequest(ex);
    }

    static byte[] resource(String name) {
        try (InputStream in = DocsHandler.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
