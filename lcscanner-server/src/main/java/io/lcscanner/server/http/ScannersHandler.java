package io.lcscanner.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.ScannerDefinitionException;
import io.lcscanner.server.ApiException;
import io.lcscanner.server.scan.ScannerLibrary;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/scanners}: the scanners a scan may name (built-ins and stored user documents), storing and
 * deleting user documents, and checking a document without storing it. Bodies are scanner documents
 * (scanner-rules.md), read as the text they are so that problems point into it.
 */
final class ScannersHandler {
    private final ScannerLibrary library;
    private final Duration bodyTimeout;

    ScannersHandler(ScannerLibrary library, Duration bodyTimeout) {
        this.library = library;
        this.bodyTimeout = bodyTimeout;
    }

    /** A scanner as listed: what a form needs to offer it and what its hits will hold. */
    record Listed(String name, String description, Map<String, Double> params, List<String> patterns,
                  List<String> columns, boolean builtin) {
        static Listed of(ScannerLibrary.Entry e) {
            ScannerDefinition d = e.definition();
            return new Listed(d.name(), d.description(), d.params(), d.patterns(), d.columns(), e.builtin());
        }
    }

    /** {@code GET /api/scanners}. */
    record ScannerList(boolean success, List<Listed> scanners) {
    }

    /** {@code GET /api/scanners/{name}}: the document as stored. */
    record Document(boolean success, String name, boolean builtin, JsonNode document) {
    }

    /** {@code PUT /api/scanners/{name}}. */
    record Stored(boolean success, Listed scanner, boolean created, String message) {
    }

    /** {@code DELETE /api/scanners/{name}}. */
    record Deleted(boolean success, String name, String message) {
    }

    /**
     * {@code POST /api/scanners/validate}: whether the document can be used, every problem found, and how long
     * the server took to check and compile it; {@code cost} is its estimated operations per bar with its default
     * params (null when invalid), {@code maxCost} the server's budget.
     */
    record Validation(boolean valid, List<ScannerDefinitionException.Problem> errors, double compileMs, Long cost,
                      long maxCost) {
    }

    void list(HttpServerExchange ex) throws IOException {
        Responses.json(ex, 200, new ScannerList(true, library.list().stream().map(Listed::of).toList()));
    }

    void get(HttpServerExchange ex) throws IOException {
        ScannerLibrary.Entry e = entry(ex);
        Responses.json(ex, 200, new Document(true, e.name(), e.builtin(), ApiHandler.parseJson(
                e.definition().json().getBytes(StandardCharsets.UTF_8))));
    }

    void put(HttpServerExchange ex) {
        ApiHandler.requireJson(ex);
        RequestBody.read(ex, bodyTimeout, (x, body) -> {
            ScannerLibrary.Stored s = library.put(name(x), new String(body, StandardCharsets.UTF_8));
            Responses.json(x, s.created() ? 201 : 200, new Stored(true, Listed.of(s.entry()), s.created(),
                    s.created() ? "Scanner stored" : "Scanner replaced"));
        });
    }

    void delete(HttpServerExchange ex) throws IOException {
        String name = name(ex);
        if (!library.delete(name)) {
            throw notFound(name);
        }
        Responses.json(ex, 200, new Deleted(true, name, "Scanner deleted"));
    }

    void validate(HttpServerExchange ex) {
        ApiHandler.requireJson(ex);
        RequestBody.read(ex, bodyTimeout, (x, body) -> {
            String json = new String(body, StandardCharsets.UTF_8);
            long start = System.nanoTime();
            List<ScannerDefinitionException.Problem> errors;
            Long cost = null;
            try {
                cost = ScannerLibrary.check(json, null).cost();
                errors = List.of();
            } catch (ApiException e) {
                errors = e.problems();
            }
            double ms = Math.round((System.nanoTime() - start) / 1e4) / 100.0;
            Responses.json(x, 200, new Validation(errors.isEmpty(), errors, ms, cost, library.maxScanCost()));
        });
    }

    private ScannerLibrary.Entry entry(HttpServerExchange ex) throws IOException {
        String name = name(ex);
        try {
            return library.find(name).orElseThrow(() -> notFound(name));
        } catch (ScannerDefinitionException e) {
            throw ApiException.withProblems(409, "invalid_stored_scanner", null, e.problems());
        }
    }

    private static String name(HttpServerExchange ex) {
        return ApiHandler.pathParam(ex, "name");
    }

    private static ApiException notFound(String name) {
        return new ApiException(404, "scanner_not_found", "no scanner " + (ScannerLibrary.validName(name)
                ? name : "with that name") + " (GET /api/scanners lists them)");
    }
}
