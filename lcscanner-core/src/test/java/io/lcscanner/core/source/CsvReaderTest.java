package io.lcscanner.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chunked parallel reader: files cut into many small chunks (a few lines each) on several threads read exactly
 * as commons-csv reads them, and every problem names the file, the right line, the column and the reason, wherever
 * the chunk boundaries fall.
 */
class CsvReaderTest {
    private static final String HEADER = "ticker,date,open,high,low,close,volume";
    private static final String HEADER_UA = HEADER + ",open_ua,high_ua,low_ua,close_ua,volume_ua";
    private static final LocalDate FIRST = LocalDate.of(2024, 1, 2);

    private static final String EXPECTED = "; expected the comma-separated header ticker,date,open,high,low,close,volume (then "
            + "optionally open_ua,high_ua,low_ua,close_ua,volume_ua; other columns are ignored)";

    /** The n-th NYSE session after {@link #FIRST} (bars on other days are left out). */
    private static LocalDate session(long n) {
        return io.lcscanner.core.calendar.NyseCalendar.plusSessions(FIRST, (int) n);
    }
    /** Chunk sizes and threads every problem is checked with: lines cut anywhere, down to one chunk. */
    private static final int[][] CUTS = {{37, 3}, {64, 2}, {200, 2}, {4096, 1}, {CsvReader.DEFAULT_CHUNK_BYTES, 2}};

    @TempDir
    Path dir;

    /** Good line i: tickers T0…T9 in turn, a new date every ten lines, values that pass every check. */
    private static String good(int i, boolean asTraded) {
        String line = "T" + i % 10 + "," + session(i / 10) + ",10.5,11," + (9 + i % 4 * 0.25) + ","
                + (10 + i % 7 / 100.0) + "," + (1000 + i);
        return asTraded ? line + ",21,22,18.5," + (20 + i % 7 / 50.0) + "," + (500 + i) : line;
    }

    /** A file of {@code lines} good lines after the header, with line {@code at} (1-based, in the file) replaced. */
    private Path file(String name, String header, int lines, int at, String bad, boolean gzip) throws IOException {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (int i = 0; i < lines; i++) {
            sb.append(i + 2 == at ? bad : good(i, header.equals(HEADER_UA))).append('\n');
        }
        return write(name, sb.toString(), gzip);
    }

    private Path write(String name, String content, boolean gzip) throws IOException {
        Path file = dir.resolve(name + (gzip ? ".csv.gz" : ".csv"));
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    private static List<BarSeries> read(Path file, int chunkBytes, int threads) throws IOException {
        return new CsvReader(file, chunkBytes, threads).read().series();
    }

    /** Reading {@code file} fails with exactly {@code "<file> line <line>: <problem>"}, however it is cut. */
    private static void failsWith(Path file, long line, String problem) {
        for (int[] cut : CUTS) {
            assertThatThrownBy(() -> read(file, cut[0], cut[1]))
                    .as("chunks of %d bytes on %d threads", cut[0], cut[1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(file + " line " + line + ": " + problem);
        }
    }

    @Test
    void everyProblemInARowNamesFileLineColumnAndReason() throws IOException {
        String[][] cases = { // header, bad line, problem
            {HEADER, "T1,2024-03-01,10,11,9,x5,100", "unparsable number \"x5\" in column close"},
            {HEADER, "T1,2024-03-01,10,11,9,0,100", "price 0.0 in column close is not positive"},
            {HEADER, "T1,2024-03-01,-10,11,9,10,100", "price -10.0 in column open is not positive"},
            {HEADER, "T1,2024-03-01,10,11,-9,10,100", "price -9.0 in column low is not positive"},
            {HEADER_UA, "T1,2024-03-01,10,11,9,10,100,20,22,0.0,21,50", "price 0.0 in column low_ua is not positive"},
            {HEADER, "T1,2024-03-01,10,11,9,,100", "unparsable number \"\" in column close"},
            {HEADER, "T1,2024-13-01,10,11,9,10,100", "unparsable date \"2024-13-01\" in column date (expected YYYY-MM-DD)"},
            {HEADER, "T1,2024-02-30,10,11,9,10,100", "unparsable date \"2024-02-30\" in column date (expected YYYY-MM-DD)"},
            {HEADER, "T1,03/01/2024,10,11,9,10,100", "unparsable date \"03/01/2024\" in column date (expected YYYY-MM-DD)"},
            {HEADER, "T1,2024-03-01,Infinity,11,9,10,100", "non-finite number \"Infinity\" in column open"},
            {HEADER, "T1,2024-03-01,10,1e999,9,10,100", "non-finite number \"1e999\" in column high"},
            {HEADER, "T1,2024-03-01,10,NaN,9,10,100", "non-finite number \"NaN\" in column high"},
            {HEADER, "T1,2024-03-01,5,3,4,5,200", "high < low (3.0 < 4.0) in columns high, low"},
            {HEADER, "T1,2024-03-01,5,6,4,5,-1", "negative volume -1.0 in column volume"},
            {HEADER, "T1,2024-03-01,5,6,4,5", "expected 7 fields, found 6: no value for column volume"},
            {HEADER, "T1", "expected 7 fields, found 1: no value for column date"},
            {HEADER, " ,2024-03-01,5,6,4,5,1", "empty ticker in column ticker"},
            {HEADER_UA, "T1,2024-03-01,5,6,4,5,1,5,3,4,5,1", "high_ua < low_ua (3.0 < 4.0) in columns high_ua, low_ua"},
            {HEADER_UA, "T1,2024-03-01,5,6,4,5,1,5,6,4,5,-5", "negative volume_ua -5.0 in column volume_ua"},
            {HEADER_UA, "T1,2024-03-01,5,6,4,5,1,5,6,4,oops,1", "unparsable number \"oops\" in column close_ua"},
            {HEADER, "T1,2024-03-01,10,11,\"9\"x,10,100", "unexpected character 'x' after the closing quote in column low"},
        };
        for (boolean gzip : new boolean[] {false, true}) {
            for (String[] c : cases) {
                failsWith(file("bad", c[0], 400, 337, c[1], gzip), 337, c[2]);
            }
        }
    }

    @Test
    void problemsInTheHeaderAreOnItsLine() throws IOException {
        failsWith(write("h1", "ticker,date,open,high,low,volume\nT1,2024-01-02,5,6,4,1\n", false), 1,
                "missing required column \"close\"" + EXPECTED);
        failsWith(write("h2", HEADER + ",open_ua\nT1,2024-01-02,5,6,4,5,1,5\n", false), 1,
                "as-traded columns must all be present or all absent (open_ua,high_ua,low_ua,close_ua,volume_ua): "
                        + "has open_ua, lacks high_ua, low_ua, close_ua, volume_ua");
        failsWith(write("h3", HEADER + ",open\n", false), 1, "duplicate column \"open\"");
        failsWith(write("h4", "", false), 1, "no header (the file is empty)" + EXPECTED);
        failsWith(write("h4b", "\n\n", false), 3, "no header (the file is empty)" + EXPECTED);
        failsWith(write("h4c", "ticker;date;open;high;low;close;volume\nT1;2024-01-02;5;6;4;5;1\n", false), 1,
                "the header is separated by \";\", not by commas" + EXPECTED);
        failsWith(write("h4d", "ticker\tdate\topen\thigh\tlow\tclose\tvolume\n", true), 1,
                "the header is separated by tabs, not by commas" + EXPECTED);
        failsWith(write("h5", "\n\r\n" + "ticker,date\n", true), 3, "missing required column \"open\"" + EXPECTED);
    }

    @Test
    void aDuplicateBarNamesBothLinesAcrossChunks() throws IOException {
        // line 2 is T0 on the first date; line 389 repeats it, hundreds of chunks later
        failsWith(file("dup", HEADER, 400, 389, "T0," + FIRST + ",10,11,9,10,1", false), 389,
                "duplicate bar for (T0, " + FIRST + "), first at line 2 (columns ticker, date)");
        failsWith(file("dup", HEADER, 400, 389, "T0," + FIRST + ",10,11,9,10,1", true), 389,
                "duplicate bar for (T0, " + FIRST + "), first at line 2 (columns ticker, date)");
    }

    @Test
    void theFirstProblemInFileOrderIsTheOneReported() throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < 600; i++) {
            sb.append(i == 150 ? "T1,2024-03-01,5,6,4,5,-1" : i == 450 ? "T1,2024-03-01,x,6,4,5,1" : good(i, false))
                    .append('\n');
        }
        failsWith(write("two", sb.toString(), false), 152, "negative volume -1.0 in column volume");
    }

    @Test
    void anUnterminatedQuoteIsReportedWhereItsRecordStarts() throws IOException {
        failsWith(file("open", HEADER, 400, 301, "\"T1,2024-03-01,5,6,4,5,1", false), 301,
                "unterminated quoted field in column ticker (the file ends inside it)");
    }

    /**
     * Quoted fields hold commas, doubled quotes and line breaks; the file is cut at every offset, so some chunk
     * boundary falls inside each quoted field; the bars, and the line numbers after the multi-line records, stay right.
     */
    @Test
    void chunkBoundariesInsideQuotedFields() throws IOException {
        StringBuilder sb = new StringBuilder("note,").append(HEADER).append('\n');
        int lines = 1;
        for (int i = 0; i < 24; i++) {
            String note = i % 3 == 0 ? "\"a note, with a comma\nand a \"\"quoted\"\" line break\n\"" : i % 3 == 1 ? "plain" : "\"\"";
            String ticker = i % 2 == 0 ? "\"T" + i % 4 + "\"" : "T" + i % 4;
            sb.append(note).append(',').append(ticker).append(',').append(session(i / 4))
                    .append(",10,11,9,").append(10 + i).append(",100\n");
            lines += 1 + (i % 3 == 0 ? 2 : 0);
        }
        String good = sb.toString();
        int badLine = lines + 1;
        Path okFile = write("quoted", good, false);
        Path badFile = write("quoted-bad", good + "x,T9,2024-13-01,1,1,1,1,1\n", false);
        for (int chunk = 16; chunk <= good.length() + 1; chunk += 1) {
            List<BarSeries> series = read(okFile, chunk, 2);
            assertThat(series).as("chunks of %d bytes", chunk).hasSize(4);
            for (BarSeries s : series) {
                int t = s.ticker().charAt(1) - '0';
                assertThat(s.size()).isEqualTo(6);
                for (int j = 0; j < 6; j++) {
                    assertThat(s.close()[j]).as("%s bar %d, chunks of %d bytes", s.ticker(), j, chunk)
                            .isEqualTo(10 + t + 4 * j);
                    assertThat(s.epochDays()[j]).isEqualTo((int) session(j).toEpochDay());
                }
            }
            int size = chunk;
            assertThatThrownBy(() -> read(badFile, size, 2)).as("chunks of %d bytes", chunk)
                    .hasMessage(badFile + " line " + badLine
                            + ": unparsable date \"2024-13-01\" in column date (expected YYYY-MM-DD)");
        }
    }

    /** The independent reading: commons-csv, trimmed fields, empty lines skipped; series by ticker, sorted by date. */
    private static Map<String, TreeMap<LocalDate, double[]>> commonsCsv(String content) throws IOException {
        Map<String, TreeMap<LocalDate, double[]>> out = new TreeMap<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        try (Reader reader = new java.io.StringReader(content);
             CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            String[] names = {"open", "high", "low", "close", "volume", "open_ua", "high_ua", "low_ua", "close_ua", "volume_ua"};
            for (CSVRecord r : parser) {
                double[] v = new double[10];
                for (int k = 0; k < 10; k++) {
                    v[k] = Double.parseDouble(r.get(names[k]));
                }
                out.computeIfAbsent(r.get("ticker"), t -> new TreeMap<>()).put(LocalDate.parse(r.get("date")), v);
            }
        }
        return out;
    }

    /**
     * Random files with what real ones have: columns in any order and extra ones, rows in any order, CRLF or LF,
     * empty lines, spaces around fields, quoted fields, numbers in every notation; read as commons-csv reads them,
     * bit for bit, however they are cut.
     */
    @Test
    void readsWhatCommonsCsvReads() throws IOException {
        SplittableRandom random = new SplittableRandom(99);
        for (int round = 0; round < 12; round++) {
            List<String> columns = new ArrayList<>(List.of(HEADER_UA.split(",")));
            columns.add("exchange");
            Collections.shuffle(columns, new java.util.Random(round));
            String eol = round % 3 == 0 ? "\r\n" : "\n";
            List<String> rows = new ArrayList<>();
            int tickers = 1 + random.nextInt(40), days = 1 + random.nextInt(60);
            for (int t = 0; t < tickers; t++) {
                for (int d = 0; d < days; d++) {
                    if (random.nextInt(10) == 0) {
                        continue; // a gap
                    }
                    double low = random.nextInt(1, 100_000) / 100.0;
                    String[] numbers = new String[10];
                    for (int k = 0; k < 10; k += 5) {
                        numbers[k] = number(random, random.nextDouble() * 1000);
                        numbers[k + 1] = number(random, low + random.nextInt(0, 1000) / 100.0 + 10);
                        numbers[k + 2] = number(random, low);
                        numbers[k + 3] = number(random, random.nextDouble() * 1000);
                        numbers[k + 4] = number(random, random.nextInt(0, 100_000_000));
                    }
                    StringBuilder row = new StringBuilder();
                    for (String column : columns) {
                        int k = List.of("open", "high", "low", "close", "volume", "open_ua", "high_ua", "low_ua",
                                "close_ua", "volume_ua").indexOf(column);
                        String field = switch (column) {
                            case "ticker" -> "TK" + t + (t % 5 == 0 ? ".W" : "");
                            case "date" -> session(d).toString();
                            case "exchange" -> random.nextInt(4) == 0 ? "\"NY, \"\"SE\"\"\"" : "XNAS";
                            default -> numbers[k];
                        };
                        if (random.nextInt(30) == 0 && !field.startsWith("\"")) {
                            field = "\"" + field + "\"";
                        } else if (random.nextInt(30) == 0 && !field.startsWith("\"")) {
                            field = " " + field + "  ";
                        }
                        row.append(row.length() == 0 ? "" : ",").append(field);
                    }
                    rows.add(row.toString());
                }
            }
            Collections.shuffle(rows, new java.util.Random(round));
            StringBuilder sb = new StringBuilder(String.join(",", columns)).append(eol);
            for (String row : rows) {
                sb.append(row).append(eol);
                if (random.nextInt(50) == 0) {
                    sb.append(eol);
                }
            }
            String content = sb.toString();
            Map<String, TreeMap<LocalDate, double[]>> expected = commonsCsv(content);
            Path file = write("random" + round, content, round % 4 == 1);
            for (int[] cut : new int[][] {{16 + random.nextInt(200), 2}, {1 + random.nextInt(5000), 3},
                {CsvReader.DEFAULT_CHUNK_BYTES, 2}}) {
                List<BarSeries> series = read(file, cut[0], cut[1]);
                assertThat(series.stream().map(BarSeries::ticker).sorted().toList())
                        .containsExactlyElementsOf(expected.keySet());
                for (BarSeries s : series) {
                    TreeMap<LocalDate, double[]> bars = expected.get(s.ticker());
                    assertThat(s.size()).isEqualTo(bars.size());
                    int i = 0;
                    for (Map.Entry<LocalDate, double[]> bar : bars.entrySet()) {
                        assertThat(s.date(i)).isEqualTo(bar.getKey());
                        double[][] got = {s.open(), s.high(), s.low(), s.close(), s.volume(),
                            s.openUa(), s.highUa(), s.lowUa(), s.closeUa(), s.volumeUa()};
                        for (int k = 0; k < 10; k++) {
                            assertThat(Double.doubleToRawLongBits(got[k][i])).as("%s %s column %d, cut %d",
                                    s.ticker(), bar.getKey(), k, cut[0])
                                    .isEqualTo(Double.doubleToRawLongBits(bar.getValue()[k]));
                        }
                        i++;
                    }
                }
            }
        }
    }

    /** x written as a CSV from anywhere might have it: plain, fixed decimals, 17 digits, an exponent. */
    private static String number(SplittableRandom random, double x) {
        return switch (random.nextInt(6)) {
            case 0 -> Double.toString(x);
            case 1 -> String.format(java.util.Locale.ROOT, "%.6f", x);
            case 2 -> new java.math.BigDecimal(x).round(new java.math.MathContext(17)).toPlainString();
            case 3 -> String.format(java.util.Locale.ROOT, "%.4e", x);
            case 4 -> new java.math.BigDecimal(x).round(new java.math.MathContext(19)).toString();
            default -> java.math.BigDecimal.valueOf(Math.round(x * 100), 2).toPlainString();
        };
    }

    /** Numbers of every shape the fast path meets read bit for bit as Double.parseDouble reads their text. */
    @Test
    void valuesAreBitForBitWhatDoubleParseDoubleReads() throws IOException {
        SplittableRandom random = new SplittableRandom(17);
        int rows = 60_000;
        String[] opens = new String[rows];
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            text.setLength(0);
            int digits = 1 + random.nextInt(random.nextInt(3) == 0 ? 21 : 17);
            int point = random.nextInt(digits + 1);
            for (int d = 0; d < digits; d++) {
                text.append(d == point && d > 0 ? "." : "").append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextInt(8) == 0) {
                text.append('e').append(random.nextInt(-30, 30));
            }
            if (Double.parseDouble(text.toString()) == 0) { // prices must be positive
                text.insert(0, '1');
            }
            opens[i] = text.toString();
            sb.append("T").append(i % 100).append(',').append(session(i / 100)).append(',').append(opens[i])
                    .append(",1e300,1e-300,").append(opens[i]).append(",0\n");
        }
        Path file = write("numbers", sb.toString(), false);
        List<BarSeries> series = read(file, 1 << 16, 2);
        for (int i = 0; i < rows; i++) {
            BarSeries s = series.get(i % 100);
            assertThat(s.ticker()).isEqualTo("T" + i % 100);
            long expected = Double.doubleToRawLongBits(Double.parseDouble(opens[i]));
            assertThat(Double.doubleToRawLongBits(s.open()[i / 100])).as(opens[i]).isEqualTo(expected);
            assertThat(Double.doubleToRawLongBits(s.close()[i / 100])).as(opens[i]).isEqualTo(expected);
        }
    }

    @Test
    void datesAsLocalDateReadsThem() {
        LocalDate d = LocalDate.of(0, 1, 1);
        while (d.getYear() <= 9999) {
            assertThat(CsvChunk.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth())).isEqualTo(d.toEpochDay());
            assertThat(CsvChunk.lengthOfMonth(d.getYear(), d.getMonthValue())).isEqualTo(d.lengthOfMonth());
            d = d.plusDays(1);
        }
    }
}
