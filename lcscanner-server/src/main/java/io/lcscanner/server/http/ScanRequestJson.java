package io.lcscanner.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.lcscanner.core.InvalidRequestException;
import io.lcscanner.core.LcFilters;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.ScannerDefinitionException;
import io.lcscanner.server.ApiException;
import io.lcscanner.server.Json;
import io.lcscanner.server.Problems;
import io.lcscanner.server.scan.ScannerLibrary;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/scan/execute} → a {@link ScanRequest}. Strict: unknown fields, wrong
 * types and invalid values are 400s naming the field (snake_case, {@code filters.x} for filters,
 * {@code params.x} for a scanner's params).
 *
 * <p>{@code scanner} is a name (a built-in or a stored document) or a whole document; LC by default. The
 * seed's {@code filters.min_volume}, {@code min_dollar_volume} and {@code min_price} are LC's params of those
 * names: they set the scanner's param of that name when it has one, and are refused for a scanner without
 * one unless they hold LC's default (so a client that always sends the seed's defaults keeps working).
 */
public final class ScanRequestJson {
    private static final Set<String> TOP = Set.of("scanner", "params", "start_date", "end_date", "filters",
            "lookback_days", "reference_rounding", "intraday", "require_pm_liquidity", "outcomes");
    /** The seed's filters that are LC's params, with LC's defaults. */
    private static final Map<String, Double> PARAM_FILTERS = Map.of(LcFilters.MIN_VOLUME, LcFilters.DEFAULT_MIN_VOLUME,
            LcFilters.MIN_DOLLAR_VOLUME, LcFilters.DEFAULT_MIN_DOLLAR_VOLUME, LcFilters.MIN_PRICE, LcFilters.DEFAULT_MIN_PRICE);
    private static final Set<String> FILTERS = Set.of("min_volume", "min_dollar_volume", "min_price",
            "exclude_tickers", "include_tickers");
    /** ScanRequest's field names ({@link InvalidRequestException#field()}) → the API's. */
    private static final Map<String, String> API_FIELDS = Map.of("from", "start_date", "to", "end_date",
            "lookbackDays", "lookback_days", "includeTickers", "filters.include_tickers", "excludeTickers", "filters.exclude_tickers",
            "requirePmLiquidity", "require_pm_liquidity");

    /**
     * @param request     what to scan
     * @param normalised  the request as stored and listed (every field, defaults filled in)
     */
    record Parsed(ScanRequest request, ObjectNode normalised) {
    }

    private ScanRequestJson() {
    }

    /**
     * @param intradayDefault whether premarket enrichment runs when the body does not say
     * @param scanners        where a scanner named by the body is looked up
     */
    static Parsed parse(JsonNode body, boolean intradayDefault, ScannerLibrary scanners) throws IOException {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest(null, "the body must be a JSON object");
        }
        unknown(body, TOP, "");
        LocalDate from = date(body, "start_date");
        LocalDate to = date(body, "end_date");
        if (to.isBefore(from)) {
            throw ApiException.badRequest("end_date", "end_date (" + to + ") is before start_date (" + from + ")");
        }
        JsonNode filters = body.path("filters");
        if (!filters.isMissingNode() && !filters.isNull() && !filters.isObject()) {
            throw ApiException.badRequest("filters", "filters must be an object");
        }
        if (filters.isObject()) {
            unknown(filters, FILTERS, "filters.");
        }
        ScannerDefinition scanner = scanner(body.get("scanner"), scanners);
        Map<String, Double> params = params(body.get("params"));
        if (filters.isObject()) {
            for (String name : PARAM_FILTERS.keySet()) {
                if (present(filters, name)) {
                    paramFilter(scanner, name, number(filters, name), params);
                }
            }
        }
        try {
            return build(body, from, to, scanner, params, filters, intradayDefault);
        } catch (ScannerDefinitionException e) { // a param value the document cannot take (a window, say)
            String field = e.problems().get(0).key();
            throw ApiException.badRequest(field.isEmpty() ? "params" : field, Problems.cut(e.getMessage(), 300));
        } catch (InvalidRequestException e) {
            String reason = Problems.cut(e.reason(), 200); // it may quote the client's input
            String apiField = e.field().startsWith("params.") ? Problems.cut(e.field(), Problems.MAX_ECHO)
                    : API_FIELDS.get(e.field());
            throw ApiException.badRequest(apiField, (apiField == null ? e.field() : apiField) + " " + reason);
        }
    }

    private static Parsed build(JsonNode body, LocalDate from, LocalDate to, ScannerDefinition scanner,
                                Map<String, Double> params, JsonNode filters, boolean intradayDefault) {
        ScanRequest.Builder b = ScanRequest.builder(from, to).scanner(scanner).params(params);
        if (present(body, "lookback_days")) {
            JsonNode n = body.get("lookback_days");
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                throw ApiException.badRequest("lookback_days", "lookback_days must be a whole number");
            }
            b.lookbackDays(n.intValue());
        }
        if (present(body, "reference_rounding")) { // else the scanner's own
            b.referenceRounding(bool(body, "reference_rounding", scanner.referenceRounding()));
        }
        b.intraday(bool(body, "intraday", intradayDefault));
        b.requirePmLiquidity(bool(body, "require_pm_liquidity", false));
        b.outcomes(bool(body, "outcomes", false));
        if (filters.isObject()) {
            b.includeTickers(tickers(filters, "include_tickers"));
            b.excludeTickers(tickers(filters, "exclude_tickers"));
        }
        ScanRequest request = b.build();
        return new Parsed(request, normalised(request));
    }

    /** The scanner a body names: LC when it names none, a built-in or stored one by name, or a whole document. */
    private static ScannerDefinition scanner(JsonNode n, ScannerLibrary scanners) throws IOException {
        if (n == null || n.isNull()) {
            return ScannerDefinition.lc();
        }
        if (n.isObject()) {
            return ScannerLibrary.check(Json.MAPPER.writeValueAsString(n), "scanner");
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest("scanner", "scanner must be a scanner's name or a scanner document (a JSON object)");
        }
        try {
            return scanners.find(n.asText()).map(ScannerLibrary.Entry::definition).orElseThrow(() -> new ApiException(
                    400, "unknown_scanner", "no scanner named " + Problems.quote(n.asText()) + " (GET /api/scanners lists them)",
                    "scanner"));
        } catch (ScannerDefinitionException e) {
            throw ApiException.withProblems(409, "invalid_stored_scanner", "scanner", e.problems());
        }
    }

    /** {@code params}: name → number; whether each is the scanner's is checked by the request. */
    private static Map<String, Double> params(JsonNode n) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw ApiException.badRequest("params", "params must be an object of name → number");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = Problems.cut("params." + e.getKey(), Problems.MAX_ECHO);
            double x = e.getValue().isNumber() ? e.getValue().doubleValue() : Double.NaN;
            if (!Double.isFinite(x)) {
                throw ApiException.badRequest(field, field + " must be a finite number");
            }
            out.put(e.getKey(), x);
        }
        return out;
    }

    /** One of the seed's filters that are LC's params, onto the scanner's param of that name. */
    private static void paramFilter(ScannerDefinition scanner, String name, double value, Map<String, Double> params) {
        String field = "filters." + name;
        if (scanner.params().containsKey(name)) {
            Double given = params.get(name);
            if (given != null && given != value) {
                throw ApiException.badRequest(field, field + " (" + value + ") contradicts params." + name + " (" + given + ")");
            }
            params.put(name, value);
        } else if (value != PARAM_FILTERS.get(name)) {
            throw ApiException.badRequest(field, field + " is LC's param " + name + "; scanner " + scanner.name()
                    + " has no such param" + (scanner.params().isEmpty() ? "" : " (its params: "
                    + String.join(", ", scanner.params().keySet()) + ")"));
        }
    }

    /** The request as stored and listed: every field, defaults filled in, ticker lists sorted. */
    record Normalised(String scanner, String startDate, String endDate, Map<String, Double> params, Filters filters,
                      int lookbackDays, boolean referenceRounding, boolean intraday, boolean requirePmLiquidity,
                      boolean outcomes) {
    }

    /** The filters of a {@link Normalised} request; LC's params among them when the scanner has them. */
    record Filters(@JsonInclude(JsonInclude.Include.NON_NULL) Double minVolume,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Double minDollarVolume,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Double minPrice,
                   List<String> excludeTickers, List<String> includeTickers) {
    }

    public static ObjectNode normalised(ScanRequest r) {
        Map<String, Double> params = new LinkedHashMap<>();
        r.scanner().params().keySet().forEach(name -> params.put(name, r.param(name)));
        ObjectNode json = Json.tree(new Normalised(r.scanner().name(), r.from().toString(), r.to().toString(), params,
                new Filters(params.get("min_volume"), params.get("min_dollar_volume"), params.get("min_price"),
                        r.excludeTickers().stream().sorted().toList(), r.includeTickers().stream().sorted().toList()),
                r.lookbackDays(), r.referenceRounding(), r.intraday(), r.requirePmLiquidity(), r.outcomes()));
        wholeNumbers((ObjectNode) json.get("params"));
        wholeNumbers((ObjectNode) json.get("filters"));
        return json;
    }

    /** Echoes 10000000 as the client wrote it, not as a double's 1.0E7. */
    private static void wholeNumbers(ObjectNode o) {
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            double x = e.getValue().asDouble();
            if (e.getValue().isDouble() && x == Math.rint(x) && Math.abs(x) < 1e15) {
                e.setValue(o.numberNode((long) x));
            }
        }
    }

    private static void unknown(JsonNode object, Set<String> allowed, String prefix) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                String field = Problems.cut(prefix + name, Problems.MAX_ECHO);
                throw ApiException.badRequest(field, "unknown field " + Problems.quote(prefix + name));
            }
        }
    }

    private static boolean present(JsonNode o, String name) {
        return o.has(name) && !o.get(name).isNull();
    }

    private static LocalDate date(JsonNode body, String name) {
        JsonNode n = body.get(name);
        if (n == null || n.isNull()) {
            throw ApiException.badRequest(name, name + " is required (YYYY-MM-DD)");
        }
        if (!n.isTextual()) {
            throw ApiException.badRequest(name, name + " must be a string YYYY-MM-DD");
        }
        try {
            String s = n.asText();
            if (!s.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("not YYYY-MM-DD", s, 0);
            }
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, name + " is not a valid date YYYY-MM-DD: " + Problems.quote(n.asText()));
        }
    }

    private static boolean bool(JsonNode body, String name, boolean fallback) {
        if (!present(body, name)) {
            return fallback;
        }
        JsonNode n = body.get(name);
        if (!n.isBoolean()) {
            throw ApiException.badRequest(name, name + " must be true or false");
        }
        return n.booleanValue();
    }

    private static double number(JsonNode filters, String name) {
        JsonNode n = filters.get(name);
        String field = "filters." + name;
        if (!n.isNumber()) {
            throw ApiException.badRequest(field, field + " must be a number");
        }
        double x = n.doubleValue();
        if (!Double.isFinite(x) || x < 0) {
            throw ApiException.badRequest(field, field + " must be a number ≥ 0, got " + Problems.cut(n.asText(), Problems.MAX_ECHO));
        }
        return x;
    }

    private static List<String> tickers(JsonNode filters, String name) {
        String field = "filters." + name;
        if (!present(filters, name)) {
            return List.of();
        }
        JsonNode n = filters.get(name);
        if (!n.isArray()) {
            throw ApiException.badRequest(field, field + " must be an array of ticker strings");
        }
        if (n.size() > 100_000) {
            throw ApiException.badRequest(field, field + " has more than 100000 tickers");
        }
        List<String> out = new ArrayList<>(n.size());
        for (JsonNode t : n) {
            if (!t.isTextual()) {
                throw ApiException.badRequest(field, field + " must be an array of ticker strings");
            }
            out.add(t.asText());
        }
        return out;
    }
}
