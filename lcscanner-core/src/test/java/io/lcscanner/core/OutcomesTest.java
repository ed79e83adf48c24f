package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.CsvBarSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Forward outcomes on the golden scan: the hits and every value are the same with and without them, and
 * each outcome equals an independent computation from the golden bars (read here with a plain split).
 */
class OutcomesTest {
    private static final List<String> FIELDS = List.of("next_open_gap", "next_day_return", "next_high", "next_low",
            "ret_1d", "ret_5d", "max_high_5d", "min_low_5d");

    @Test
    void outcomesChangeNoHitAndEqualAnIndependentComputation() {
        ScanResult plain, withOutcomes;
        try (Scanner scanner = Scanner.builder(new CsvBarSource(Golden.file("bars.csv"))).parallelism(2).build()) {
            plain = scanner.run(Golden.request(), ProgressListener.NONE);
            withOutcomes = scanner.run(ScanRequest.builder(Golden.FROM, Golden.TO).outcomes(true).build(),
                    ProgressListener.NONE);
        }
        assertThat(plain.hits()).hasSize(38);
        assertThat(withOutcomes.schema().names()).containsExactlyElementsOf(concat(plain.schema().names(), FIELDS));
        assertThat(withOutcomes.hits()).hasSameSizeAs(plain.hits());
        Map<String, List<double[]>> bars = goldenBars();
        int withNextDay = 0;
        for (int k = 0; k < plain.hits().size(); k++) {
            Hit a = plain.hits().get(k), b = withOutcomes.hits().get(k);
            assertThat(b.values().subList(0, a.values().size())).as(a.ticker() + " " + a.date()).isEqualTo(a.values());
            double[] expected = expectedOutcomes(bars.get(a.ticker()), (int) a.date().toEpochDay());
            for (int f = 0; f < FIELDS.size(); f++) {
                assertThat(b.value(FIELDS.get(f))).as(a.ticker() + " " + a.date() + " " + FIELDS.get(f))
                        .isEqualTo(expected[f]);
            }
            withNextDay += Double.isNaN(expected[1]) ? 0 : 1;
        }
        assertThat(withNextDay).as("hits with a next day").isGreaterThan(30);
        assertThat(plain.summary()).isEmpty();

        OutcomeSummary summary = withOutcomes.summary().orElseThrow();
        assertThat(summary.overall().hits()).isEqualTo(38);
        assertThat(summary.overall().hitsWithNextDay()).isEqualTo(withNextDay);
        assertThat(summary.byPattern().keySet()).containsExactlyElementsOf(withOutcomes.schema().patterns());
        assertThat(summary.byTier().keySet()).containsExactly("A+", "A", "B", "C", "D");
        int perTier = summary.byTier().values().stream().mapToInt(OutcomeSummary.Group::hits).sum();
        assertThat(perTier).isEqualTo(38);
    }

    @Test
    void aHitOnTheLastDayOfTheWindowSeesTheSessionsAfterIt() {
        LocalDate to = LocalDate.of(2024, 10, 21); // ZU has a hit that day
        ScanResult result;
        try (Scanner scanner = Scanner.builder(new CsvBarSource(Golden.file("bars.csv"))).parallelism(2).build()) {
            result = scanner.run(ScanRequest.builder(Golden.FROM, to).outcomes(true).build(), ProgressListener.NONE);
        }
        Hit last = result.hits().get(result.hits().size() - 1);
        assertThat(last.ticker() + " " + last.date()).isEqualTo("ZU 2024-10-21");
        assertThat(result.hits()).allMatch(h -> !h.date().isAfter(to));
        double[] expected = expectedOutcomes(goldenBars().get("ZU"), (int) to.toEpochDay());
        assertThat(expected[5]).isNotNaN();
        assertThat(last.value("ret_5d")).isEqualTo(expected[5]);
        assertThat(last.value("max_high_5d")).isEqualTo(expected[6]);
    }

    @Test
    void theSummaryAveragesWhatExistsPerPatternAndTier() {
        HitSchema schema = HitSchema.of("lc", ScannerDefinition.lc().kernel(java.util.Map.of()).columns()).plus(HitSchema.OUTCOMES);
        List<Hit> hits = List.of(
                hit(schema, "AAA", true, false, "A", 0.02, -0.04, 0.10),
                hit(schema, "BBB", true, true, "A", 0.01, 0.02, Double.NaN),
                hit(schema, "CCC", false, true, "D", Double.NaN, Double.NaN, Double.NaN));
        OutcomeSummary s = OutcomeSummary.of(schema, hits);

        OutcomeSummary.Group all = s.overall();
        assertThat(all.hits()).isEqualTo(3);
        assertThat(all.hitsWithNextDay()).isEqualTo(2);
        assertThat(all.meanNextDayReturn()).isEqualTo((-0.04 + 0.02) / 2);
        assertThat(all.medianNextDayReturn()).isEqualTo((-0.04 + 0.02) / 2);
        assertThat(all.shareNextDayReturnNegative()).isEqualTo(0.5);
        assertThat(all.meanNextOpenGap()).isEqualTo((0.02 + 0.01) / 2);
        assertThat(all.meanRet5d()).isEqualTo(0.10);

        OutcomeSummary.Group d3 = s.byPattern().get("lc_frontside_d3_extended_1");
        assertThat(d3.hits()).isEqualTo(2);
        OutcomeSummary.Group d2x1 = s.byPattern().get("lc_frontside_d2_extended_1");
        assertThat(d2x1.hits()).isEqualTo(2);
        assertThat(d2x1.meanNextDayReturn()).isEqualTo(0.02);
        assertThat(s.byPattern().get("lc_frontside_d2_extended").hits()).isZero();
        assertThat(s.byPattern().get("lc_frontside_d2_extended").meanNextDayReturn()).isNull();
        assertThat(s.byTier().get("A").hits()).isEqualTo(2);
        assertThat(s.byTier().get("D").hitsWithNextDay()).isZero();
        assertThat(s.byTier().get("D").shareNextDayReturnNegative()).isNull();
    }

    /** An LC hit with the given flags (d3x1, d2x1), tier and three of its outcomes; the rest missing. */
    private static Hit hit(HitSchema schema, String ticker, boolean d3, boolean d21, String tier, double gap,
                           double nextDay, double ret5d) {
        double[] values = new double[schema.columns().size() - 2];
        java.util.Arrays.fill(values, Double.NaN);
        values[schema.indexOf("lc_frontside_d3_extended_1") - 2] = d3 ? 1 : 0;
        values[schema.indexOf("lc_frontside_d2_extended") - 2] = 0;
        values[schema.indexOf("lc_frontside_d2_extended_1") - 2] = d21 ? 1 : 0;
        values[schema.indexOf("parabolic_tier") - 2] = List.of("A+", "A", "B", "C", "D").indexOf(tier);
        values[schema.indexOf("next_open_gap") - 2] = gap;
        values[schema.indexOf("next_day_return") - 2] = nextDay;
        values[schema.indexOf("ret_5d") - 2] = ret5d;
        return new Hit(schema, ticker, 20_000, values);
    }

    /** The definitions, on rounded adjusted prices {day, o, h, l, c} in date order. */
    private static double[] expectedOutcomes(List<double[]> series, int day) {
        int d = 0;
        while (series.get(d)[0] != day) {
            d++;
        }
        double[] out = new double[8];
        java.util.Arrays.fill(out, Double.NaN);
        double c0 = series.get(d)[4];
        if (d + 1 < series.size()) {
            double[] next = series.get(d + 1);
            out[0] = ratio(next[1], c0);
            out[1] = ratio(next[4], next[1]);
            out[2] = ratio(next[2], next[1]);
            out[3] = ratio(next[3], next[1]);
            out[4] = ratio(next[4], c0);
            double hi = -Double.MAX_VALUE, lo = Double.MAX_VALUE;
            for (int k = d + 1; k <= d + 5 && k < series.size(); k++) {
                hi = Math.max(hi, series.get(k)[2]);
                lo = Math.min(lo, series.get(k)[3]);
            }
            out[6] = ratio(hi, c0);
            out[7] = ratio(lo, c0);
        }
        if (d + 5 < series.size()) {
            out[5] = ratio(series.get(d + 5)[4], c0);
        }
        return out;
    }

    private static double ratio(double x, double base) {
        return base == 0 ? Double.NaN : x / base - 1;
    }

    /** ticker → bars {epoch day, o, h, l, c}, adjusted and rounded to cents, in date order. */
    private static Map<String, List<double[]>> goldenBars() {
        List<String> lines = Golden.lines("bars.csv");
        assertThat(lines.get(0)).startsWith("ticker,date,open,high,low,close,");
        Map<String, TreeMap<Integer, double[]>> byTicker = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int day = (int) LocalDate.parse(f[1]).toEpochDay();
            double[] bar = {day, cents(f[2]), cents(f[3]), cents(f[4]), cents(f[5])};
            byTicker.computeIfAbsent(f[0], t -> new TreeMap<>()).put(day, bar);
        }
        Map<String, List<double[]>> out = new HashMap<>();
        byTicker.forEach((t, m) -> out.put(t, new ArrayList<>(m.values())));
        return out;
    }

    private static double cents(String text) {
        return Math.rint(Double.parseDouble(text) * 100.0) / 100.0;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
