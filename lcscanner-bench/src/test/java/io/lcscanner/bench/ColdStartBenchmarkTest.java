package io.lcscanner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Hit;
import io.lcscanner.core.ProgressListener;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import io.lcscanner.core.source.InMemoryBarSource;
import io.lcscanner.core.source.IntradayBars;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.polygon.PolygonBarSource;
import io.lcscanner.polygon.PolygonClient;
import io.lcscanner.polygon.PolygonConfig;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cold-start benchmark's inputs are what it says: its CSV reads back as the market, its Polygon serves the market. */
class ColdStartBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void theCsvInTheGoldenNumberFormatReadsBackAsTheMarketCutWhereAsked() throws Exception {
        List<BarSeries> market = BenchData.universe(40, 120).series();
        Path csv = dir.resolve("bars.csv");
        ColdStartBenchmark.writeGoldenFormat(market, csv, 3_000);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(3_001);
        assertThat(lines.get(1)).matches("[^,]+,\\d{4}-\\d{2}-\\d{2}(,\\d+\\.\\d{6}){4},\\d+\\.\\d(,\\d+\\.\\d{4}){4},\\d+");

        BarSource.Window w = new CsvBarSource(csv).open(LocalDate.of(1970, 1, 1), LocalDate.of(2100, 1, 1), t -> true,
                BarSource.LoadListener.NONE);
        int rows = 0;
        for (int i = 0; i < w.tickerCount(); i++) {
            BarSeries got = w.series(i), want = market.stream().filter(s -> s.ticker().equals(got.ticker())).findFirst().orElseThrow();
            for (int j = 0; j < got.size(); j++, rows++) {
                assertThat(got.epochDays()[j]).isEqualTo(want.epochDays()[j]);
                assertThat(new double[] {got.open()[j], got.high()[j], got.low()[j], got.close()[j], got.volume()[j],
                    got.openUa()[j], got.closeUa()[j], got.volumeUa()[j]})
                        .containsExactly(round(want.open()[j], 6), round(want.high()[j], 6), round(want.low()[j], 6),
                                round(want.close()[j], 6), round(want.volume()[j], 1), round(want.openUa()[j], 4),
                                round(want.closeUa()[j], 4), round(want.volumeUa()[j], 0));
            }
        }
        assertThat(rows).isEqualTo(3_000);
    }

    private static double round(double x, int decimals) {
        return new BigDecimal(x).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    @Test
    void fixedDecimals() {
        StringBuilder sb = new StringBuilder();
        ColdStartBenchmark.fixed(sb, 14.36, 6);
        ColdStartBenchmark.fixed(sb.append(' '), 0.05, 4);
        ColdStartBenchmark.fixed(sb.append(' '), 2596254, 1);
        assertThat(sb).hasToString("14.360000 0.0500 2596254.0");
    }

    @Test
    void thePolygonServesTheMarketAsThePolygonSourceReadsIt() throws Exception {
        LocalDate last = ColdStartBenchmark.lastFinishedSession();
        LocalDate first = NyseCalendar.plusSessions(last, -29);
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.DEFAULT_SEED, 25, first, last);
        InMemoryBarSource bars = InMemoryBarSource.copyOf(market, first, last);
        try (SyntheticPolygonServer polygon = new SyntheticPolygonServer(bars.series(), market.intraday().orElseThrow());
             PolygonClient client = new PolygonClient(PolygonConfig.of("bench-key").withBaseUrl(polygon.baseUrl())
                     .withCacheDir(dir.resolve("cache")))) {
            PolygonBarSource source = new PolygonBarSource(client);
            BarSource.Window w = source.open(first, last, t -> true, BarSource.LoadListener.NONE);
            assertThat(w.tickerCount()).isEqualTo(bars.series().size());
            for (int i = 0; i < w.tickerCount(); i++) {
                BarSeries got = w.series(i), want = bars.series().get(i);
                assertThat(got.ticker()).isEqualTo(want.ticker());
                assertThat(got.epochDays()).containsExactly(want.epochDays());
                assertThat(got.close()).containsExactly(want.close());
                assertThat(got.volumeUa()).containsExactly(want.volumeUa());
            }
            assertThat(polygon.requests()[0]).as("grouped daily, both adjustments").isEqualTo(2L * 30);

            String ticker = bars.series().get(3).ticker();
            IntradayBars served = source.intraday().orElseThrow().thirtyMinuteBars(ticker, last, last);
            IntradayBars made = market.intraday().orElseThrow().thirtyMinuteBars(ticker, last, last);
            assertThat(served.startMillis()).containsExactly(made.startMillis());
            assertThat(served.high()).containsExactly(made.high());
            assertThat(polygon.requests()[1]).isEqualTo(1);

            // gzipped only when asked, as Polygon does: the same answer either way
            HttpClient http = HttpClient.newHttpClient();
            URI uri = polygon.baseUrl().resolve("/v2/aggs/grouped/locale/us/market/stocks/" + last + "?adjusted=true");
            HttpResponse<byte[]> plain = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<byte[]> gzipped = http.send(HttpRequest.newBuilder(uri).header("Accept-Encoding", "gzip").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
            assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
            assertThat(gzipped.body().length).isLessThan(plain.body().length);
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo(new String(plain.body(), StandardCharsets.UTF_8)).contains("\"results\"");
            }
        }
    }

    @Test
    void theWriteJobsScannerHitsEveryBarOfTheWindowWithItsEightColumns() throws Exception {
        InMemoryBarSource universe = BenchData.universe(40, 300);
        LocalDate from = universe.series().get(0).date(250), to = universe.series().get(0).date(299);
        long barsInWindow = universe.series().stream()
                .flatMapToInt(s -> Arrays.stream(s.epochDays()))
                .filter(d -> d >= from.toEpochDay() && d <= to.toEpochDay()).count();
        try (Scanner scanner = Scanner.builder(universe).build()) {
            ScanResult result = scanner.run(ScanRequest.builder(from, to)
                    .scanner(ScannerDefinition.parse(ColdStartBenchmark.EVERY_BAR)).build(), ProgressListener.NONE);
            assertThat(barsInWindow).isGreaterThan(1000);
            assertThat(result.hits()).hasSize((int) barsInWindow);
            assertThat(result.schema().names()).endsWith("open", "high", "low", "close", "volume", "range", "dollar_volume", "change");
            Hit first = result.hits().get(0);
            assertThat(first.value("range")).isEqualTo(first.value("high") - first.value("low"));
        }
    }

    @Test
    void minAndMedianOfRuns() {
        List<ColdStartBenchmark.Run> runs = List.of(run(900), run(700), run(800), run(1000));
        assertThat(ColdStartBenchmark.min(runs, ColdStartBenchmark.Run::wallMs)).isEqualTo(700);
        assertThat(ColdStartBenchmark.median(runs, ColdStartBenchmark.Run::wallMs)).isEqualTo(800);
        assertThat(ColdStartBenchmark.parseTime("Command exited with non-zero status 1\n1.25 0.31 123456\n"))
                .containsExactly(1560, 123456);
        assertThat(ColdStartBenchmark.parseTime("")).containsExactly(-1, -1);
    }

    private static ColdStartBenchmark.Run run(long wall) {
        return new ColdStartBenchmark.Run(wall, 0, 0, 0, 0, 0, 0, -1, -1);
    }
}
