package io.lcscanner.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.server.ApiException;
import io.lcscanner.server.Json;
import io.lcscanner.server.Problems;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /api/scan/execute} → a {@link ScanRequest}. Strict: unknown fields, wrong
 * types and invalid values are 400s naming the field (snake_case, {@code filters.x} for filters).
 */
public final class ScanRequestJson {
    private static final Set<String> TOP = Set.of("start_date", "end_date", "filters", "lookback_days",
            "reference_rounding", "intraday", "require_pm_liquidity");
    private static final Set<String> FILTERS = Set.of("min_volume", "min_dollar_volume", "min_price",
            "exclude_tickers", "include_tickers");
    /** ScanRequest's field names (in its validation messages) → the API's. */
    private static final Map<String, String> API_FIELDS = Map.of("from", "start_date", "to", "end_date",
            "lookbackDays", "lookback_days", "minVolume", "filters.min_volume",
            "minDollarVolume", "filters.min_dollar_volume", "minPrice", "filters.min_price",
            "includeTickers", "filters.include_tickers", "excludeTickers", "filters.exclude_tickers",
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
     */
    static Parsed parse(JsonNode body, boolean intradayDefault) {
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
        ScanRequest.Builder b = ScanRequest.builder(from, to);
        if (present(body, "lookback_days")) {
            JsonNode n = body.get("lookback_days");
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                throw ApiException.badRequest("lookback_days", "lookback_days must be a whole number");
            }
            b.lookbackDays(n.intValue());
        }
        b.referenceRounding(bool(body, "reference_rounding", true));
        boolean intraday = bool(body, "intraday", intradayDefault);
        b.intraday(intraday);
        b.requirePmLiquidity(bool(body, "require_pm_liquidity", false));
        if (filters.isObject()) {
            if (present(filters, "min_volume")) {
                b.minVolume(number(filters, "min_volume"));
            }
            if (present(filters, "min_dollar_volume")) {
                b.minDollarVolume(number(filters, "min_dollar_volume"));
            }
            if (present(filters, "min_price")) {
                b.minPrice(number(filters, "min_price"));
            }
            b.includeTickers(tickers(filters, "include_tickers"));
            b.excludeTickers(tickers(filters, "exclude_tickers"));
        }
        ScanRequest request;
        try {
            request = b.build();
        } catch (IllegalArgumentException e) {
            String msg = Problems.cut(String.valueOf(e.getMessage()), 200); // it may quote the client's input
            String field = msg.contains(" ") ? msg.substring(0, msg.indexOf(' ')) : msg;
            String apiField = API_FIELDS.getOrDefault(field, null);
            throw ApiException.badRequest(apiField, apiField == null ? msg : apiField + msg.substring(field.length()));
        }
        return new Parsed(request, normalised(request));
    }

    /** The request as stored and listed: every field, defaults filled in, ticker lists sorted. */
    record Normalised(String startDate, String endDate, Filters filters, int lookbackDays, boolean referenceRounding,
                      boolean intraday, boolean requirePmLiquidity) {
    }

    /** The filters of a {@link Normalised} request. */
    record Filters(double minVolume, double minDollarVolume, double minPrice, List<String> excludeTickers,
                   List<String> includeTickers) {
    }

    public static ObjectNode normalised(ScanRequest r) {
        return Json.tree(new Normalised(r.from().toString(), r.to().toString(), new Filters(r.minVolume(), r.minDollarVolume(),
                r.minPrice(), r.excludeTickers().stream().sorted().toList(), r.includeTickers().stream().sorted().toList()),
                r.lookbackDays(), r.referenceRounding(), r.intraday(), r.requirePmLiquidity()));
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
