package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.InMemoryBarSource;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * A result that overflows to ±infinity is missing, as x/0 is (scanner-rules.md §3, issue 23): a document
 * whose column overflows scans to the end, prints the column as missing, and a comparison with an
 * overflow is false.
 */
class OverflowIsMissingTest {
    private static final LocalDate FROM = LocalDate.of(2024, 1, 1), TO = LocalDate.of(2024, 3, 31);

    private static ScanResult scan(String json) throws Exception {
        InMemoryBarSource market = new InMemoryBarSource("synthetic", SyntheticSeries.market().subList(0, 20));
        try (Scanner scanner = Scanner.builder(market).parallelism(2).build()) {
            return scanner.run(ScanRequest.builder(FROM, TO).scanner(ScannerDefinition.parse(json)).build(),
                    ProgressListener.NONE);
        }
    }

    @Test
    void anOverflowingColumnIsMissingAndTheScanCompletes() throws Exception {
        ScanResult r = scan("{\"name\": \"overflow\", \"patterns\": {\"all\": \"c > 0\"}, \"columns\": {"
                + "\"huge\": \"c * 1e308 * 1e308\", \"negative\": \"-(c + 1) * 1e308 - 1e308\", \"summed\": \"sum(c * 1e307 + 1e308, 20)\","
                + "\"spread\": \"stdev(c * 1e300, 5)\", \"fine\": \"c * 2\"}}");
        assertThat(r.hits()).hasSizeGreaterThan(100);
        assertThat(r.hits()).allSatisfy(h -> {
            assertThat(h.value("huge")).isNaN();
            assertThat(h.value("negative")).isNaN();
            assertThat(h.value("summed")).isNaN();
            assertThat(h.value("spread")).isNaN();
            assertThat(h.value("fine")).isFinite();
        });
        StringBuilder csv = new StringBuilder();
        HitFormat.writeCsv(r.schema(), r.hits(), csv);
        assertThat(csv.toString()).doesNotContain("Infinity").doesNotContain("inf");
        assertThat(csv.toString().lines().skip(1).findFirst().orElseThrow()).contains(",,,,");
    }

    @Test
    void aComparisonWithAnOverflowIsFalse() throws Exception {
        ScanResult r = scan("{\"name\": \"overflow\", \"patterns\": {\"big\": \"c * 1e308 * 1e308 > 0\","
                + " \"small\": \"-(c * 1e308 * 1e308) < 0\"}}");
        assertThat(r.hits()).isEmpty();
    }
}
