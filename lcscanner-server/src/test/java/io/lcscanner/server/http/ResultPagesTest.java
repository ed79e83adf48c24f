package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/scan/results/{id}} a page at a time: each page, sorted and filtered by the server, is the slice
 * of the export that an independent sort and filter (here, over the exported JSON) gives.
 */
class ResultPagesTest {
    /** Every bar is a hit (up or down); a number column that is missing on the first bar, and a tier. */
    private static final String DOCUMENT = "{\"name\":\"every_bar\",\"patterns\":{\"up\":\"c > o\",\"down\":\"c <= o\"},"
            + "\"columns\":{\"gap\":\"o / shift(c, 1) - 1\",\"size\":\"tier(v, 3000000, \\\"big\\\", 1000000, \\\"mid\\\", "
            + "\\\"small\\\")\"}}";

    @TempDir
    Path dir;

    @Test
    void pagesSortsAndFiltersAreSlicesOfTheExport() throws Exception {
        try (TestServer s = TestServer.start(dir, new SyntheticMarket(7, 40))) {
            String id = s.execute("{\"start_date\":\"2024-06-03\",\"end_date\":\"2025-06-30\",\"intraday\":false,"
                    + "\"scanner\":" + DOCUMENT + "}");
            JsonNode end = s.awaitFinal(id, Duration.ofSeconds(60));
            assertThat(end.path("status").asText()).as(end.toString()).isEqualTo("completed");
            List<JsonNode> all = new ArrayList<>();
            Json.MAPPER.readTree(s.get("/api/scan/results/" + id + "/export?format=json").body()).forEach(all::add);
            assertThat(all.size()).as("every bar of 40 tickers over a year").isGreaterThan(8000);

            // the default page: the first 1000 in the stored order
            JsonNode first = page(s, id, "");
            assertThat(first.path("total_found").asLong()).isEqualTo(all.size());
            assertThat(first.path("limit").asInt()).isEqualTo(1000);
            assertThat(first.path("next_offset").asLong()).isEqualTo(1000);
            assertThat(rows(first)).isEqualTo(text(all.subList(0, 1000)));

            // the last page, cut short
            int lastFrom = all.size() - 123;
            JsonNode last = page(s, id, "offset=" + lastFrom + "&limit=500");
            assertThat(rows(last)).isEqualTo(text(all.subList(lastFrom, all.size())));
            assertThat(last.path("next_offset").isNull()).isTrue();
            assertThat(rows(page(s, id, "offset=" + all.size()))).isEmpty();

            // a number column both ways: missing values last either way, ties in the stored order
            Comparator<JsonNode> gapUp = Comparator.comparing(h -> h.get("gap").decimalValue());
            assertThat(rows(page(s, id, "sort=gap&order=asc&offset=10&limit=300")))
                    .isEqualTo(text(expected(all, h -> true, gapUp, "gap", 10, 300)));
            assertThat(rows(page(s, id, "sort=gap&offset=0&limit=300")))
                    .isEqualTo(text(expected(all, h -> true, gapUp.reversed(), "gap", 0, 300)));
            List<JsonNode> missingLast = expected(all, h -> true, gapUp.reversed(), "gap", all.size() - 40, 40);
            assertThat(missingLast.get(39).get("gap").isNull()).as("the test covers missing values").isTrue();
            assertThat(rows(page(s, id, "sort=gap&offset=" + (all.size() - 40) + "&limit=40"))).isEqualTo(text(missingLast));

            // a tier, A to Z, filtered by a pattern and a label
            Predicate<JsonNode> upMid = h -> h.get("up").asInt() == 1 && h.get("size").asText().equals("mid");
            Comparator<JsonNode> byTicker = Comparator.comparing(h -> h.get("ticker").asText());
            JsonNode filtered = page(s, id, "pattern=up&filter=" + enc("size:mid") + "&sort=ticker&order=desc&limit=200");
            List<JsonNode> want = expected(all, upMid, byTicker.reversed(), "ticker", 0, 200);
            assertThat(filtered.path("total_found").asLong()).isEqualTo(all.stream().filter(upMid).count()).isPositive();
            assertThat(rows(filtered)).isEqualTo(text(want));
            String ticker = all.get(all.size() / 2).get("ticker").asText();
            JsonNode one = page(s, id, "filter=" + enc("ticker:" + ticker) + "&sort=size&limit=10000");
            assertThat(rows(one)).isEqualTo(text(expected(all, h -> h.get("ticker").asText().equals(ticker),
                    Comparator.comparing(h -> h.get("size").asText()), "size", 0, 10000)));
            assertThat(page(s, id, "filter=" + enc("ticker:NOPE")).path("total_found").asLong()).isZero();

            // refused, naming the parameter
            for (String[] bad : new String[][] {{"limit=0", "limit"}, {"limit=10001", "limit"}, {"offset=-1", "offset"},
                    {"limit=ten", "limit"}, {"order=sideways&sort=gap", "order"}, {"filter=gap:1", "filter"},
                    {"filter=up:2", "filter"}, {"filter=size", "filter"}, {"pattern=size", "pattern"}}) {
                var r = s.get("/api/scan/results/" + id + "?" + bad[0]);
                assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
                assertThat(TestServer.json(r).path("error").path("field").asText()).as(bad[0]).isEqualTo(bad[1]);
            }
        }
    }

    private static JsonNode page(TestServer s, String id, String query) {
        var r = s.get("/api/scan/results/" + id + (query.isEmpty() ? "" : "?" + query));
        assertThat(r.statusCode()).as(query + ": " + r.body()).isEqualTo(200);
        return TestServer.json(r);
    }

    private static List<String> rows(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.path("results").forEach(h -> out.add(h.toString()));
        return out;
    }

    private static List<String> text(List<JsonNode> hits) {
        return hits.stream().map(JsonNode::toString).toList();
    }

    /** The reference: filter, then a stable sort with missing values of {@code column} last, then the slice. */
    private static List<JsonNode> expected(List<JsonNode> all, Predicate<JsonNode> keep, Comparator<JsonNode> order,
                                           String column, int offset, int limit) {
        List<JsonNode> present = new ArrayList<>();
        List<JsonNode> missing = new ArrayList<>();
        for (JsonNode h : all) {
            if (keep.test(h)) {
                (h.get(column).isNull() ? missing : present).add(h);
            }
        }
        present.sort(order); // List.sort is stable
        present.addAll(missing);
        return present.subList(Math.min(offset, present.size()), Math.min(present.size(), offset + limit));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
