package io.lcscanner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.CsvBarSource;
import io.lcscanner.core.source.InMemoryBarSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolarsPeerBenchmarkTest {

    @Test
    void ratiosAreTheMedianOfPerRoundPeerOverCommand() {
        Map<String, long[]> times = new LinkedHashMap<>();
        times.put("java -jar", new long[] {1000, 2000, 1500});
        times.put("polars peer", new long[] {3000, 3000, 6000});
        // per round 3.0, 1.5, 4.0: median 3.0 (the median of the times would give 3000/1500 = 2.0)
        String table = PolarsPeerBenchmark.summary(times, "polars peer");
        assertThat(table).contains("| java -jar | 1.50 s | 1.00 s | 3.00× |").contains("| polars peer | 3.00 s | 3.00 s |  |");
        assertThat(PolarsPeerBenchmark.summary(times, null)).contains("| java -jar | 1.50 s | 1.00 s |  |");
        assertThat(PolarsPeerBenchmark.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }

    @Test
    void aMissingPeerOrPolarsIsAMessageNotAFailure(@TempDir Path dir) throws Exception {
        assertThat(PolarsPeerBenchmark.peerProblem("python3", dir.resolve("nope.py"))).contains("nope.py: no such file");
        Path script = Files.writeString(dir.resolve("peer.py"), "");
        assertThat(PolarsPeerBenchmark.peerProblem(dir.resolve("no-python").toString(), script)).contains("cannot be started");
        // an interpreter for which "import polars" fails
        assertThat(PolarsPeerBenchmark.peerProblem("false", script)).contains("Polars is not installed for false");
    }

    @Test
    void theAdjustedOnlyMarketReadsBackAsWritten(@TempDir Path dir) throws Exception {
        List<BarSeries> series = BenchData.universe(5, 30).series();
        Path csv = dir.resolve("m.csv");
        PolarsPeerBenchmark.writeAdjustedOnly(series, csv);
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("ticker,date,open,high,low,close,volume");
        List<BarSeries> back = InMemoryBarSource.copyOf(new CsvBarSource(csv), BenchData.firstOf(30), BenchData.LAST).series();
        assertThat(back).hasSize(series.size());
        for (int t = 0; t < series.size(); t++) {
            BarSeries a = series.get(t), b = back.get(t);
            assertThat(b.ticker()).isEqualTo(a.ticker());
            assertThat(b.epochDays()).isEqualTo(a.epochDays());
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.close()[i]).isEqualTo(Math.round(a.close()[i] * 10_000) / 10_000.0);
                assertThat(b.volume()[i]).isEqualTo((double) Math.round(a.volume()[i]));
                assertThat(b.closeUa()[i]).isEqualTo(b.close()[i]);
            }
        }
        LocalDate[] range = ColdStartBenchmark.dateRange(csv);
        assertThat(range[0]).isEqualTo(series.stream().map(s -> s.date(0)).min(LocalDate::compareTo).orElseThrow());
        assertThat(range[1]).isEqualTo(BenchData.LAST);
    }
}
