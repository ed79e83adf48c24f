package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.Golden;
import io.lcscanner.core.source.CsvBarSource;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/bars/{ticker}}: the chart's bars and EMAs agree with the golden hits (so a chart drawn over
 * a hit shows the hit's values), and bad requests are refused naming the field.
 */
class BarsEndpointTest {
    private static final String[] EMAS = {"ema9", "ema20", "ema50", "ema200"};
    private static final String[] PRICES = {"open_price", "high_price", "low_price", "close_price"};
    private static final String[] BAR_PRICES = {"open", "high", "low", "close"};

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(dir, new CsvBarSource(Golden.file("bars.csv")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The golden hits as maps column → text. */
    static List<Map<String, String>> goldenHits(String file) {
        List<String> lines = Golden.lines(file);
        String[] header = lines.get(0).split(",");
        List<Map<String, String>> hits = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> hit = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                hit.put(header[i], cells[i]);
            }
            hits.add(hit);
        }
        return hits;
    }

    private static JsonNode bar(JsonNode response, String date) {
        for (JsonNode b : response.path("bars")) {
            if (b.path("date").asText().equals(date)) {
                return b;
            }
        }
        throw new AssertionError("no bar on " + date + " in " + response);
    }

    private static JsonNode ok(String path) {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return TestServer.json(r);
    }

    @Test
    void everyGoldenHitsPricesAndEmasOverTheScansWindow() {
        // the scan's own window: from its start, seeded 400 days earlier
        Map<String, JsonNode> byTicker = new HashMap<>();
        List<Map<String, String>> hits = goldenHits("expected_hits.csv");
        assertThat(hits).hasSize(38);
        for (Map<String, String> hit : hits) {
            JsonNode r = byTicker.computeIfAbsent(hit.get("ticker"),
                    t -> ok("/api/bars/" + t + "?from=2024-07-01&to=2025-10-31&lookback_days=400"));
            JsonNode b = bar(r, hit.get("date"));
            for (String ema : EMAS) {
                assertThat(b.path(ema).decimalValue()).as(hit.get("ticker") + " " + hit.get("date") + " " + ema)
                        .isEqualByComparingTo(hit.get(ema));
            }
            for (int i = 0; i < PRICES.length; i++) {
                assertThat(b.path(BAR_PRICES[i]).decimalValue()).as(PRICES[i]).isEqualByComparingTo(hit.get(PRICES[i]));
            }
        }
        JsonNode kk = byTicker.get("KK");
        assertThat(kk.path("ticker").asText()).isEqualTo("KK");
        assertThat(kk.path("rounding").asText()).isEqualTo("reference");
        assertThat(kk.path("lookback_days").asInt()).isEqualTo(400);
        // only [from, to]: the first bar is the first session in the range
        assertThat(kk.path("bars").get(0).path("date").asText()).isEqualTo("2024-07-01");
        assertThat(kk.path("bars").get(kk.path("bars").size() - 1).path("date").asText()).isEqualTo("2025-10-31");
    }

    @Test
    void theChartsWindowAroundAHitSeededWhereTheScanWasGivesTheHitsEmas() {
        // what the page asks: about 100 days before the hit, with the lookback reaching back to the scan's seed
        Map<String, String> hit = goldenHits("expected_hits.csv").stream()
                .filter(h -> h.get("ticker").equals("EPN") && h.get("date").equals("2025-02-27")).findFirst().orElseThrow();
        LocalDate hitDay = LocalDate.parse(hit.get("date"));
        LocalDate from = hitDay.minusDays(104);
        LocalDate seed = Golden.FROM.minusDays(400);
        long lookback = ChronoUnit.DAYS.between(seed, from);
        JsonNode r = ok("/api/bars/EPN?from=" + from + "&to=" + hitDay.plusDays(40) + "&lookback_days=" + lookback);
        JsonNode b = bar(r, hit.get("date"));
        for (String ema : EMAS) {
            assertThat(b.path(ema).decimalValue()).as(ema).isEqualByComparingTo(hit.get(ema));
        }
        assertThat(r.path("bars").size()).isBetween(60 + 1 + 20, 110);
        // seeded elsewhere, the slow EMA differs: the lookback matters
        JsonNode other = bar(ok("/api/bars/EPN?from=" + from + "&to=" + hitDay + "&lookback_days=30"), hit.get("date"));
        assertThat(other.path("ema200").decimalValue()).isNotEqualByComparingTo(hit.get("ema200"));
    }

    @Test
    void roundingNoneGivesTheUnroundedScansEmas() {
        for (Map<String, String> hit : goldenHits("expected_hits_unrounded.csv").subList(0, 5)) {
            JsonNode r = ok("/api/bars/" + hit.get("ticker") + "?from=2024-07-01&to=" + hit.get("date") + "&rounding=none");
            JsonNode b = bar(r, hit.get("date"));
            assertThat(r.path("rounding").asText()).isEqualTo("none");
            for (String ema : EMAS) {
                double expected = Double.parseDouble(hit.get(ema));
                assertThat(b.path(ema).doubleValue()).as(ema).isCloseTo(expected, within(Math.abs(expected) * 1e-9));
            }
        }
    }

    @Test
    void volumesAreWholeNumbersAndEveryBarHasItsFields() {
        JsonNode r = ok("/api/bars/KK?from=2024-07-01&to=2024-07-05");
        // the 4th is Independence Day
        assertThat(r.path("bars").findValuesAsText("date")).containsExactly("2024-07-01", "2024-07-02", "2024-07-03", "2024-07-05");
        JsonNode b = bar(r, "2024-07-02");
        assertThat(b.path("volume").isIntegralNumber()).isTrue();
        assertThat(b.path("volume").asLong()).isEqualTo(615_635_911L);
        List<String> names = new ArrayList<>();
        b.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("date", "open", "high", "low", "close", "volume", "ema9", "ema20", "ema50", "ema200");
    }

    @Test
    void aKnownTickerWithoutBarsInTheRangeHasNone() {
        JsonNode r = ok("/api/bars/KK?from=2020-01-01&to=2020-12-31");
        assertThat(r.path("bars").isArray()).isTrue();
        assertThat(r.path("bars")).isEmpty();
    }

    @Test
    void anUnknownTickerIs404() {
        HttpResponse<String> r = server.get("/api/bars/NOSUCH?from=2024-07-01&to=2024-07-31");
        assertThat(r.statusCode()).isEqualTo(404);
        JsonNode e = TestServer.json(r);
        assertThat(e.path("success").asBoolean(true)).isFalse();
        assertThat(e.at("/error/code").asText()).isEqualTo("ticker_not_found");
        assertThat(e.at("/error/message").asText()).contains("NOSUCH");
    }

    @Test
    void badRequestsAre400sNamingTheField() {
        refused("/api/bars/KK?to=2024-07-31", "from", "from is required");
        refused("/api/bars/KK?from=2024-07-01", "to", "to is required");
        refused("/api/bars/KK?from=2024-7-1&to=2024-07-31", "from", "YYYY-MM-DD");
        refused("/api/bars/KK?from=2024-07-01&to=2024-02-30", "to", "not a valid date");
        refused("/api/bars/KK?from=2024-07-31&to=2024-07-01", "to", "before");
        refused("/api/bars/KK?from=2024-07-01&to=2024-07-31&lookback_days=-1", "lookback_days", "between 0 and");
        refused("/api/bars/KK?from=2024-07-01&to=2024-07-31&lookback_days=ten", "lookback_days", "whole number");
        refused("/api/bars/KK?from=2024-07-01&to=2024-07-31&rounding=up", "rounding", "reference or none");
        refused("/api/bars/KK?from=2024-07-01&to=2024-07-31&frm=1", "frm", "unknown");
        refused("/api/bars/KK?from=2024-07-01&from=2024-07-02&to=2024-07-31", "from", "more than once");
        refused("/api/bars/K%20K?from=2024-07-01&to=2024-07-31", "ticker", "letters, digits");
    }

    @Test
    void aSpanOfMoreThanFiveYearsLookbackIncludedIsRefused() {
        // SCANNER_BARS_MAX_YEARS defaults to 5: 2019-07-01 … 2024-07-01 is exactly that
        assertThat(server.get("/api/bars/KK?from=2019-07-01&to=2024-07-01&lookback_days=0").statusCode()).isEqualTo(200);
        refused("/api/bars/KK?from=2019-07-01&to=2024-07-02&lookback_days=0", "to", "more than 5 years");
        refused("/api/bars/KK?from=2019-07-02&to=2024-07-01&lookback_days=2", "lookback_days", "more than 5 years");
        refused("/api/bars/KK?from=0001-01-01&to=9999-12-31", "from", "between 1900-01-01 and 2199-12-31");
    }

    private static void refused(String path, String field, String message) {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(400);
        JsonNode e = TestServer.json(r);
        assertThat(e.at("/error/field").asText()).as(path).isEqualTo(field);
        assertThat(e.at("/error/message").asText()).as(path).contains(message);
    }
}
