package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The README's library example, kept compiling and true (only the file path differs). */
class ReadmeExampleTest {

    @Test
    void readmeExampleScansAndPrints() {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
        Path bars = Golden.file("bars.csv");

        // --- as in README.md ---
        BarSource source = new CsvBarSource(bars);                        // or new SyntheticMarket(42, 3000)
        try (Scanner scanner = Scanner.builder(source).parallelism(4).build()) {
            ScanRequest request = ScanRequest.builder(LocalDate.of(2024, 7, 1), LocalDate.of(2025, 10, 31))
                    .params(LcFilters.builder().minDollarVolume(1e9).build()) // LC's §5 filters; defaults are the spec's
                    .build();
            ScanResult result = scanner.run(request, p -> System.err.printf("%.0f%% %s%n", p.percent(), p.message()));
            for (Hit hit : result.hits()) {
                out.println(hit.ticker() + " " + hit.date() + " " + hit.patterns()
                        + " score " + hit.value("parabolic_score") + " " + hit.text("parabolic_tier"));
            }
            HitFormat.writeCsv(result.schema(), result.hits(), out);      // the schema's columns: spec §6 for LC
        }
        // ---

        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("KK 2024-07-02 [lc_frontside_d3_extended_1] score 77.0 A").contains("ticker,date,lc_frontside_d3_extended_1");
    }
}
