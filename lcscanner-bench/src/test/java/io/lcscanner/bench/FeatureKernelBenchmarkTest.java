package io.lcscanner.bench;

import io.lcscanner.core.Golden;
import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.engine.Feature;
import io.lcscanner.core.engine.FeatureKernel;
import io.lcscanner.core.engine.Features;
import io.lcscanner.core.source.BarSeries;
import java.io.Reader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The kernel benchmark computes the reference features, and what an unbenchmarked call computes. */
class FeatureKernelBenchmarkTest {

    @Test
    void benchmarkComputesTheGoldenFeatures() throws Exception {
        Map<String, List<CSVRecord>> expected = expectedFeatures();
        ScanRequest request = Golden.request();
        int loadFrom = (int) request.loadFrom().toEpochDay(), to = (int) request.to().toEpochDay();
        List<BarSeries> input = new ArrayList<>();
        for (BarSeries s : Golden.series(expected::containsKey)) {
            // the reference rounds the inputs and computes in full precision: rounding off on rounded inputs
            input.add(roundedInputs(s.slice(loadFrom, to)));
        }
        assertThat(input).hasSize(3);

        FeatureKernelBenchmark bench = new FeatureKernelBenchmark();
        bench.rounding = false;
        bench.use(input);
        BarCounter counter = new BarCounter();
        int checked = 0;
        for (BarSeries s : input) {
            Features f = bench.compute(counter);
            List<CSVRecord> rows = expected.get(s.ticker());
            assertThat(f.size()).as(s.ticker()).isEqualTo(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertThat(s.date(i).toString()).isEqualTo(rows.get(i).get("date"));
                for (Feature feature : Feature.ALL) {
                    double x = f.get(feature, i);
                    Golden.assertCell(rows.get(i).get(feature.specName()), Double.isNaN(x) ? "" : Double.toString(x),
                            s.ticker() + " " + rows.get(i).get("date") + " " + feature.specName());
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(100_000);
        assertThat(counter.bars).isEqualTo(input.stream().mapToLong(BarSeries::size).sum());
    }

    @ParameterizedTest
    @ValueSource(ints = {250, 750, 5000})
    void benchmarkSeriesHaveTheirLengthAndGiveTheDirectResult(int bars) {
        FeatureKernelBenchmark bench = new FeatureKernelBenchmark();
        bench.bars = bars;
        bench.rounding = true;
        bench.setUp();
        BarCounter counter = new BarCounter();
        Set<String> tickers = new HashSet<>();
        // twice round the series: the reused Features must not carry anything over
        for (int call = 0; call < 2 * FeatureKernelBenchmark.SERIES; call++) {
            Features got = bench.compute(counter);
            assertThat(got.size()).isEqualTo(bars);
            BarSeries s = bench.series().get(call % FeatureKernelBenchmark.SERIES);
            tickers.add(s.ticker());
            Features direct = new Features(s.size());
            FeatureKernel.compute(s, true, direct);
            for (Feature feature : Feature.ALL) {
                for (int i = 0; i < bars; i++) {
                    if (Double.doubleToLongBits(got.get(feature, i)) != Double.doubleToLongBits(direct.get(feature, i))) {
                        assertThat(got.get(feature, i)).as("%s %s bar %d", s.ticker(), feature, i)
                                .isEqualTo(direct.get(feature, i));
                    }
                }
            }
        }
        assertThat(tickers).hasSize(FeatureKernelBenchmark.SERIES);
        assertThat(counter.bars).isEqualTo(2L * FeatureKernelBenchmark.SERIES * bars);
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

    private static Map<String, List<CSVRecord>> expectedFeatures() throws Exception {
        Map<String, List<CSVRecord>> byTicker = new TreeMap<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader r = Golden.reader("expected_features.csv");
             CSVParser p = CSVParser.builder().setReader(r).setFormat(format).get()) {
            for (CSVRecord rec : p) {
                byTicker.computeIfAbsent(rec.get("ticker"), k -> new ArrayList<>()).add(rec);
            }
        }
        assertThat(byTicker.keySet()).containsExactlyInAnyOrder("HDDL", "EPN", "AN");
        return byTicker;
    }
}
