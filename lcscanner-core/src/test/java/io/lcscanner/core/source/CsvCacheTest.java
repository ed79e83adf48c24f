package io.lcscanner.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvCacheTest {
    private static final String HEADER = "ticker,date,open,high,low,close,volume\n";
    @TempDir
    Path dir;

    /** Opens every bar, and waits for the columnar copy the read may be writing. */
    private static BarSource.Window openAll(CsvBarSource source) throws Exception {
        BarSource.Window w = source.open(LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1), t -> true,
                BarSource.LoadListener.NONE);
        source.awaitCopy();
        return w;
    }

    private Path cacheFile(Path csv) {
        return new CsvCache(csv, dir.resolve("cache")).file();
    }

    /** Every series of both sources equal, column by column, bit for bit. */
    private static void assertSameBars(BarSource.Window a, BarSource.Window b) {
        assertThat(a.tickerCount()).isEqualTo(b.tickerCount());
        for (int i = 0; i < a.tickerCount(); i++) {
            BarSeries x = a.series(i), y = b.series(i);
            assertThat(y.ticker()).isEqualTo(x.ticker());
            assertThat(y.epochDays()).isEqualTo(x.epochDays());
            List<double[]> xs = List.of(x.open(), x.high(), x.low(), x.close(), x.volume(), x.openUa(), x.highUa(),
                    x.lowUa(), x.closeUa(), x.volumeUa());
            List<double[]> ys = List.of(y.open(), y.high(), y.low(), y.close(), y.volume(), y.openUa(), y.highUa(),
                    y.lowUa(), y.closeUa(), y.volumeUa());
            for (int k = 0; k < xs.size(); k++) {
                assertThat(ys.get(k)).as("%s column %d", x.ticker(), k).isEqualTo(xs.get(k));
            }
        }
    }

    @Test
    void aSecondReadIsServedFromTheCopyWithTheSameBars() throws Exception {
        Path csv = Files.copy(Golden.file("bars.csv"), dir.resolve("bars.csv.gz"));
        BarSource.Window parsed = openAll(new CsvBarSource(csv));
        BarSource.Window first = openAll(new CsvBarSource(csv, dir.resolve("cache")));
        assertThat(cacheFile(csv)).exists();
        assertSameBars(parsed, first);

        long written = Files.getLastModifiedTime(cacheFile(csv)).toMillis();
        BarSource.Window second = openAll(new CsvBarSource(csv, dir.resolve("cache")));
        assertSameBars(parsed, second);
        assertThat(Files.getLastModifiedTime(cacheFile(csv)).toMillis()).as("not rewritten").isEqualTo(written);

        // the copy is what a read serves: one saying something the CSV does not, for the CSV's stamp, is believed
        CsvCache cache = new CsvCache(csv, dir.resolve("cache"));
        double[] x = {7.25};
        cache.write(cache.stamp(0, 1 << 20), List.of(BarSeries.adjustedOnly("ZZZ", new int[] {19_000}, x, x, x, x, x)), List.of("w"));
        BarSource.Window fromCopy = openAll(new CsvBarSource(csv, dir.resolve("cache")));
        assertThat(fromCopy.tickerCount()).isEqualTo(1);
        assertThat(fromCopy.ticker(0)).isEqualTo("ZZZ");
        assertThat(fromCopy.series(0).close()).containsExactly(7.25);
        assertThat(fromCopy.warnings()).containsExactly("w");
    }

    @Test
    void aPlainFileReadInManyChunksIsStampedAsItWasReadAndServedAfter() throws Exception {
        StringBuilder text = new StringBuilder(HEADER);
        LocalDate d = LocalDate.of(2024, 1, 2);
        for (int i = 0; i < 300; i++, d = io.lcscanner.core.calendar.NyseCalendar.nextSession(d)) {
            text.append("T").append(i % 7).append(',').append(d).append(",5,6,4,").append(5 + i % 10 / 10.0).append(",200\n");
        }
        Path csv = Files.writeString(dir.resolve("many.csv"), text);
        for (int chunk : new int[] {64, 1000, 1 << 20}) {
            Files.deleteIfExists(cacheFile(csv));
            BarSource.Window parsed = openAll(new CsvBarSource(csv, dir.resolve("cache"), chunk, 2));
            CsvReader.Bars copy = new CsvCache(csv, dir.resolve("cache")).read();
            assertThat(copy).as("chunks of %d bytes: the parse's hashes are the file's", chunk).isNotNull();
            assertSameBars(parsed, openAll(new CsvBarSource(csv)));
            assertThat(copy.series()).hasSize(7);
        }
    }

    @Test
    void withoutACacheDirectoryNothingIsWritten() throws Exception {
        Path csv = Files.writeString(dir.resolve("bars.csv"), HEADER + "AAA,2024-01-02,5,6,4,5.5,200\n");
        openAll(new CsvBarSource(csv));
        assertThat(dir.resolve("cache")).doesNotExist();
        openAll(new CsvBarSource(csv, null));
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    @Test
    void aFileChangedWithTheSameSizeAndTimeIsNeverServedFromTheOldCopy() throws Exception {
        Path csv = Files.writeString(dir.resolve("bars.csv"), HEADER + "AAA,2024-01-02,5,6,4,5.5,200\n");
        FileTime time = Files.getLastModifiedTime(csv);
        assertThat(openAll(new CsvBarSource(csv, dir.resolve("cache"))).series(0).close()).containsExactly(5.5);
        assertThat(cacheFile(csv)).exists();

        Files.writeString(csv, HEADER + "AAA,2024-01-02,5,6,4,5.7,200\n"); // same size
        Files.setLastModifiedTime(csv, time);
        assertThat(Files.getLastModifiedTime(csv)).isEqualTo(time);
        BarSource.Window changed = openAll(new CsvBarSource(csv, dir.resolve("cache")));
        assertThat(changed.series(0).close()).containsExactly(5.7);
        // and the copy was replaced by one of the new content
        assertThat(new CsvCache(csv, dir.resolve("cache")).read().series().get(0).close()).containsExactly(5.7);
    }

    @Test
    void aDamagedOrOlderCopyIsIgnoredAndReplaced() throws Exception {
        Path csv = Files.copy(Golden.file("bars.csv"), dir.resolve("bars.csv.gz"));
        BarSource.Window parsed = openAll(new CsvBarSource(csv));
        openAll(new CsvBarSource(csv, dir.resolve("cache")));
        Path copy = cacheFile(csv);
        byte[] good = Files.readAllBytes(copy);

        // a flipped byte in the bars: the checksum fails, the CSV is parsed again and the copy rewritten
        try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
            f.seek(good.length / 2);
            int b = f.read();
            f.seek(good.length / 2);
            f.write(b ^ 0x10);
        }
        assertSameBars(parsed, openAll(new CsvBarSource(csv, dir.resolve("cache"))));
        assertThat(Files.readAllBytes(copy)).isEqualTo(good);

        // cut short
        Files.write(copy, java.util.Arrays.copyOf(good, good.length / 3));
        assertSameBars(parsed, openAll(new CsvBarSource(csv, dir.resolve("cache"))));
        assertThat(Files.readAllBytes(copy)).isEqualTo(good);

        // an older format version, otherwise valid-looking
        byte[] old = good.clone();
        ByteBuffer.wrap(old).order(ByteOrder.LITTLE_ENDIAN).putInt(8, CsvCache.VERSION - 1);
        Files.write(copy, old);
        assertSameBars(parsed, openAll(new CsvBarSource(csv, dir.resolve("cache"))));
        assertThat(Files.readAllBytes(copy)).isEqualTo(good);

        // garbage of any length
        Files.write(copy, new byte[] {1, 2, 3});
        assertSameBars(parsed, openAll(new CsvBarSource(csv, dir.resolve("cache"))));
        assertThat(Files.readAllBytes(copy)).isEqualTo(good);
        try (Stream<Path> files = Files.list(copy.getParent())) {
            assertThat(files).as("no temporary file left").containsExactly(copy);
        }
    }

    @Test
    void warningsAreKeptWithTheCopy() throws Exception {
        Path csv = Files.writeString(dir.resolve("bars.csv"),
                HEADER + "AAA,2024-07-06,5,6,4,5.5,200\nAAA,2024-07-08,5,6,4,5.5,200\n");
        List<String> first = openAll(new CsvBarSource(csv, dir.resolve("cache"))).warnings();
        assertThat(first).hasSize(1);
        assertThat(openAll(new CsvBarSource(csv, dir.resolve("cache"))).warnings()).isEqualTo(first);
    }

    @Test
    void writingACopyRemovesCopiesOfDeletedFilesAndOtherVersions() throws Exception {
        Path gone = Files.writeString(dir.resolve("gone.csv"), HEADER + "AAA,2024-01-02,5,6,4,5.5,200\n");
        Path kept = Files.writeString(dir.resolve("kept.csv"), HEADER + "AAA,2024-01-02,5,6,4,5.5,200\n");
        openAll(new CsvBarSource(gone, dir.resolve("cache")));
        openAll(new CsvBarSource(kept, dir.resolve("cache")));
        Path old = Files.createDirectories(dir.resolve("cache").resolve("csv-v0"));
        Files.writeString(old.resolve("x.bars"), "old");
        Files.delete(gone);
        Files.delete(cacheFile(kept));

        openAll(new CsvBarSource(kept, dir.resolve("cache")));
        assertThat(cacheFile(kept)).exists();
        assertThat(cacheFile(gone)).doesNotExist();
        assertThat(old).doesNotExist();
    }

    @Test
    void aCopysNameIsA128BitHashOfThePathThatSpreadsNearbyPaths() {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String name = CsvCache.name(Path.of("/data/exports/bars-" + i + ".csv"));
            assertThat(name).matches("[0-9a-f]{32}");
            names.add(name);
        }
        assertThat(names).hasSize(20_000);
        assertThat(CsvCache.name(Path.of("/data/a.csv"))).isEqualTo(CsvCache.name(Path.of("/data/a.csv")));
    }

    @Test
    void aCopyIsKeptPerPath() throws IOException {
        assertThat(new CsvCache(dir.resolve("a.csv"), dir).file()).isNotEqualTo(new CsvCache(dir.resolve("b.csv"), dir).file());
        assertThat(new CsvCache(dir.resolve("a.csv"), dir).file().getParent()).isEqualTo(dir.resolve("csv-v" + CsvCache.VERSION));
    }
}
