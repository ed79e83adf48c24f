package io.lcscanner.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.HitFormat;
import io.lcscanner.core.ProgressListener;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A file past the row counts a packed sort key can hold (over 3,000,000 rows, written date by date as
 * grouped-daily exports are) reads back exactly the series it was written from, and scans to the same
 * hits as the same bars split into smaller files, one of them gzipped.
 */
@Tag("slow")
class CsvBarSourceLargeFileTest {
    private static final String HEADER =
            "ticker,date,open,high,low,close,volume,open_ua,high_ua,low_ua,close_ua,volume_ua\n";
    private static final int MIN_ROWS = 3_000_000;
    private static final int PARTS = 3;

    @TempDir
    Path dir;

    @Test
    void moreThanThreeMillionRowsReadBackExactlyAndScanLikeTheSameBarsInSmallerFiles() throws Exception {
        List<BarSeries> written = syntheticSeries();
        long rows = written.stream().mapToLong(BarSeries::size).sum();
        assertThat(rows).isGreaterThanOrEqualTo(MIN_ROWS);

        Path big = dir.resolve("big.csv");
        writeDateMajor(written, Files.newOutputStream(big));
        List<Path> parts = new ArrayList<>();
        int per = (written.size() + PARTS - 1) / PARTS;
        for (int p = 0; p < PARTS; p++) {
            List<BarSeries> slice = written.subList(p * per, Math.min(written.size(), (p + 1) * per));
            Path part = dir.resolve("part" + p + (p == 0 ? ".csv.gz" : ".csv"));
            writeDateMajor(slice, p == 0 ? new GZIPOutputStream(Files.newOutputStream(part), 1 << 16)
                    : Files.newOutputStream(part));
            parts.add(part);
        }

        CsvBarSource source = new CsvBarSource(big);
        BarSource.Window all = source.open(LocalDate.of(1970, 1, 1), LocalDate.of(2100, 1, 1), t -> true,
                BarSource.LoadListener.NONE);
        assertThat(all.tickerCount()).isEqualTo(written.size());
        for (int i = 0; i < written.size(); i++) {
            assertSameBars(all.series(i), written.get(i));
        }

        ScanRequest request = ScanRequest.builder(LocalDate.of(2023, 1, 1), LocalDate.of(2025, 12, 31)).build();
        List<String> fromBigFile = hitLines(source, request);
        List<String> fromParts = new ArrayList<>();
        for (Path part : parts) {
            fromParts.addAll(hitLines(new CsvBarSource(part), request));
        }
        fromParts.sort(null); // lines start with the ticker; the scan orders by date, so compare as sets of lines
        List<String> sortedBig = new ArrayList<>(fromBigFile);
        sortedBig.sort(null);
        assertThat(fromBigFile).as("hits of the big file").hasSizeGreaterThan(50);
        assertThat(sortedBig).containsExactlyElementsOf(fromParts);
    }

    /** The default synthetic market over its whole range, enough tickers for {@link #MIN_ROWS} rows. */
    private static List<BarSeries> syntheticSeries() throws Exception {
        SyntheticMarket market = new SyntheticMarket(SyntheticMarket.DEFAULT_SEED, 3_400);
        BarSource.Window w = market.open(SyntheticMarket.DEFAULT_FIRST, SyntheticMarket.DEFAULT_LAST, t -> true,
                BarSource.LoadListener.NONE);
        List<BarSeries> out = new ArrayList<>();
        for (int i = 0; i < w.tickerCount(); i++) {
            out.add(w.series(i));
        }
        return out;
    }

    /** Writes every bar, all tickers of a day before the next day, numbers as round-trip decimal text. */
    private static void writeDateMajor(List<BarSeries> series, OutputStream target) throws IOException {
        int[] next = new int[series.size()];
        try (Writer out = new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.US_ASCII), 1 << 20)) {
            out.write(HEADER);
            StringBuilder line = new StringBuilder(160);
            while (true) {
                int day = Integer.MAX_VALUE;
                for (int t = 0; t < series.size(); t++) {
                    if (next[t] < series.get(t).size()) {
                        day = Math.min(day, series.get(t).epochDays()[next[t]]);
                    }
                }
                if (day == Integer.MAX_VALUE) {
                    return;
                }
                String date = LocalDate.ofEpochDay(day).toString();
                for (int t = 0; t < series.size(); t++) {
                    BarSeries s = series.get(t);
                    int i = next[t];
                    if (i < s.size() && s.epochDays()[i] == day) {
                        line.setLength(0);
                        line.append(s.ticker()).append(',').append(date);
                        for (double[] column : columns(s)) {
                            line.append(',').append(column[i]);
                        }
                        out.append(line).append('\n');
                        next[t]++;
                    }
                }
            }
        }
    }

    private static double[][] columns(BarSeries s) {
        return new double[][] {s.open(), s.high(), s.low(), s.close(), s.volume(),
                s.openUa(), s.highUa(), s.lowUa(), s.closeUa(), s.volumeUa()};
    }

    private static void assertSameBars(BarSeries actual, BarSeries expected) {
        assertThat(actual.ticker()).isEqualTo(expected.ticker());
        assertThat(actual.epochDays()).as(expected.ticker() + " dates").containsExactly(expected.epochDays());
        double[][] a = columns(actual), e = columns(expected);
        for (int k = 0; k < a.length; k++) {
            assertThat(a[k]).as(expected.ticker() + " column " + k).containsExactly(e[k]);
        }
    }

    private static List<String> hitLines(BarSource source, ScanRequest request) {
        try (Scanner scanner = Scanner.builder(source).parallelism(2).build()) {
            ScanResult result = scanner.run(request, ProgressListener.NONE);
            StringBuilder csv = new StringBuilder();
            HitFormat.writeCsv(result.schema(), result.hits(), csv);
            List<String> lines = new ArrayList<>(csv.toString().lines().toList());
            lines.remove(0);
            return lines;
        }
    }
}
