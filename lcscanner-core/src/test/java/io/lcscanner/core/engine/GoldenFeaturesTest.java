package io.lcscanner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * Every feature of spec §2 for the golden tickers (splits, a late listing), computed from rounded inputs
 * before the second rounding, equals the reference within 1e-9 relative; missing ↔ missing.
 */
class GoldenFeaturesTest {

    @Test
    void featuresOfGoldenTickersMatchTheReference() throws Exception {
        Map<String, List<CSVRecord>> expected = readExpected();
        assertThat(expected.keySet()).containsExactlyInAnyOrder("HDDL", "EPN", "AN");
        LocalDate loadFrom = Golden.FROM.minusDays(ScanRequest.DEFAULT_LOOKBACK_DAYS);

        CsvBarSource source = new CsvBarSource(Golden.file("bars.csv"));
        BarSource.Window window = source.open(loadFrom, Golden.TO, expected::containsKey, BarSource.LoadListener.NONE);
        assertThat(window.tickerCount()).isEqualTo(3);
        int checkedValues = 0;
        for (int t = 0; t < window.tickerCount(); t++) {
            BarSeries series = window.series(t);
            Features f = new Features(series.size());
            // the reference rounds inputs, computes in full precision, and rounds features only afterwards
            FeatureKernel.compute(roundedInputs(series), false, f);
            List<CSVRecord> rows = expected.get(series.ticker());
            assertThat(f.size()).as(series.ticker() + " bars").isEqualTo(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                CSVRecord row = rows.get(i);
                assertThat(series.date(i).toString()).isEqualTo(row.get("date"));
                for (Feature feature : Feature.ALL) {
                    String where = series.ticker() + " " + row.get("date") + " " + feature.specName();
                    Golden.assertCell(row.get(feature.specName()), cell(f.get(feature, i)), where);
                    checkedValues++;
                }
            }
        }
        assertThat(checkedValues).isGreaterThan(100_000);
    }

    @Test
    void everySpecFeatureIsAColumnOfTheReference() throws IOException {
        try (Reader r = Golden.reader("expected_features.csv")) {
            String header = new java.io.BufferedReader(r).readLine();
            List<String> names = new ArrayList<>();
            for (Feature f : Feature.ALL) {
                names.add(f.specName());
            }
            assertThat(header).isEqualTo("ticker,date," + String.join(",", names));
        }
    }

    private static String cell(double x) {
        return Double.isNaN(x) ? "" : Double.toString(x);
    }

    private static BarSeries roundedInputs(BarSeries s) {
        return new BarSeries(s.ticker(), s.epochDays(), r(s.open()), r(s.high()), r(s.low()), r(s.close()), r(s.volume()),
                r(s.openUa()), r(s.highUa()), r(s.lowUa()), r(s.closeUa()), r(s.volumeUa()));
    }

    private static double[] r(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = FeatureKernel.round2(x[i]);
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
        assertThat(Set.copyOf(byTicker.keySet())).isNotEmpty();
        return byTicker;
    }
}
