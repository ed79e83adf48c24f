package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.lcscanner.core.engine.OutputColumn;
import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Every feature of spec §2 for the golden tickers (splits, a late listing), computed by the rule engine
 * from rounded inputs before the second rounding, equals the reference within 1e-9 relative; missing ↔
 * missing. The features are written once in {@code lc_features.json} (test resources), a transcription of
 * §2 that reports every feature at every bar; LC's own document must define each feature it shares with
 * it by the same expression.
 */
class GoldenFeaturesTest {

    @Test
    void everyFeatureOfTheGoldenTickersMatchesTheReference() throws Exception {
        Map<String, List<CSVRecord>> expected = readExpected();
        assertThat(expected.keySet()).containsExactlyInAnyOrder("HDDL", "EPN", "AN");
        ScannerDefinition features = ScannerDefinition.parse(resource("/lc_features.json"));
        ScanKernel kernel = features.kernel(Map.of());
        List<String> header = List.of(Golden.lines("expected_features.csv").get(0).split(","));
        // every column of the reference (after ticker and date) is a column of the document, in order
        List<String> reported = kernel.columns().stream().skip(1).map(OutputColumn::name)
                .map(n -> n.startsWith("input_") ? n.substring("input_".length()) : n).toList();
        assertThat(reported).containsExactlyElementsOf(header.subList(2, header.size()));

        // the reference computes from the rounded inputs of the golden scan's window, starting at its first bar
        LocalDate loadFrom = Golden.FROM.minusDays(ScanRequest.DEFAULT_LOOKBACK_DAYS);
        BarSource.Window window = new CsvBarSource(Golden.file("bars.csv"))
                .open(loadFrom, Golden.TO, expected::containsKey, BarSource.LoadListener.NONE);
        List<BarSeries> rounded = new ArrayList<>();
        for (int t = 0; t < window.tickerCount(); t++) {
            rounded.add(roundedInputs(window.series(t)));
        }
        List<KernelHits.Row> rows = KernelHits.rows(kernel, rounded, loadFrom, Golden.TO, 0);

        int checked = 0;
        Map<String, Integer> seen = new TreeMap<>();
        for (KernelHits.Row row : rows) {
            int i = seen.merge(row.ticker(), 1, Integer::sum) - 1;
            CSVRecord record = expected.get(row.ticker()).get(i);
            assertThat(LocalDate.ofEpochDay(row.day()).toString()).isEqualTo(record.get("date"));
            for (int k = 1; k < kernel.columns().size(); k++) {
                String name = header.get(k + 1);
                double x = row.values()[k];
                Golden.assertCell(record.get(name), Double.isNaN(x) ? "" : Double.toString(x),
                        row.ticker() + " " + record.get("date") + " " + name);
                checked++;
            }
        }
        for (String ticker : expected.keySet()) {
            assertThat(seen.get(ticker)).as(ticker + " bars").isEqualTo(expected.get(ticker).size());
        }
        assertThat(checked).isGreaterThan(100_000);
    }

    @Test
    void lcDefinesEveryFeatureItSharesWithTheSpecTranscriptionTheSameWay() throws IOException {
        Map<String, String> spec = features(resource("/lc_features.json"));
        Map<String, String> lc = features(ScannerDefinition.lc().json());
        assertThat(lc).hasSizeGreaterThan(40);
        for (Map.Entry<String, String> e : lc.entrySet()) {
            assertThat(e.getValue()).as("lc.json feature " + e.getKey()).isEqualTo(spec.get(e.getKey()));
        }
    }

    /** The {@code features} object of a scanner document, in order. */
    private static Map<String, String> features(String json) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (key.equals("features")) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        out.put(name, p.nextTextValue());
                    }
                } else if (value.isStructStart()) {
                    p.skipChildren();
                }
            }
        }
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GoldenFeaturesTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static BarSeries roundedInputs(BarSeries s) {
        return new BarSeries(s.ticker(), s.epochDays(), r(s.open()), r(s.high()), r(s.low()), r(s.close()), r(s.volume()),
                r(s.openUa()), r(s.highUa()), r(s.lowUa()), r(s.closeUa()), r(s.volumeUa()));
    }

    /** Spec §1's rounding, written out. */
    private static double[] r(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.rint(x[i] * 100.0) / 100.0;
        }
        return y;
    }

    private static Map<String, List<CSVRecord>> readExpected() throws IOException {
        Map<String, List<CSVRecord>> byTicker = new TreeMap<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader r = Golden.reader("expected_features.csv");
             CSVParser p = CSVParser.builder().setReader(r).setFormat(format).get()) {
            for (CSVRecord rec : p) {
                byTicker.computeIfAbsent(rec.get("ticker"), k -> new ArrayList<>()).add(rec);
            }
        }
        return byTicker;
    }
}
