package io.lcscanner.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lcscanner.core.Hit;
import io.lcscanner.core.HitSchema;
import java.util.ArrayList;
import java.util.List;

/** Checks hits the API returned as JSON against the library's own. */
final class HitsJson {
    private HitsJson() {
    }

    /** {@code results} holds exactly {@code expected}, in order: the schema's fields in its order, every value. */
    static void assertSame(List<Hit> expected, HitSchema schema, JsonNode results) {
        assertThat(results.size()).isEqualTo(expected.size());
        List<String> columns = schema.names();
        for (int i = 0; i < expected.size(); i++) {
            Hit h = expected.get(i);
            List<String> names = new ArrayList<>();
            results.get(i).fieldNames().forEachRemaining(names::add);
            assertThat(names).containsExactlyElementsOf(columns);
            List<Object> values = h.values();
            for (int c = 0; c < columns.size(); c++) {
                JsonNode v = results.get(i).get(columns.get(c));
                Object e = values.get(c);
                String where = h.ticker() + " " + h.date() + " " + columns.get(c);
                if (e == null) {
                    assertThat(v.isNull()).as(where).isTrue();
                } else if (e instanceof Double d && d == 0) {
                    // the results endpoint reads the stored numbers as decimals, which have no negative zero
                    assertThat(v.doubleValue()).as(where).isZero();
                } else if (e instanceof Double d) {
                    assertThat(v.doubleValue()).as(where).isEqualTo(d);
                } else if (e instanceof Integer n) {
                    assertThat(v.intValue()).as(where).isEqualTo(n);
                } else {
                    assertThat(v.asText()).as(where).isEqualTo(e.toString());
                }
            }
        }
    }
}
