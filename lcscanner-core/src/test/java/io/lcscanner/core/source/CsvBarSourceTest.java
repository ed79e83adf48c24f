package io.lcscanner.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvBarSourceTest {
    private static final String HEADER = "ticker,date,open,high,low,close,volume\n";
    @TempDir
    Path dir;

    private CsvBarSource csv(String content) throws IOException {
        Path file = dir.resolve("bars.csv");
        Files.writeString(file, content);
        return new CsvBarSource(file);
    }

    private static BarSource.Window openAll(CsvBarSource source) throws Exception {
        return source.open(LocalDate.of(2000, 1, 1), LocalDate.of(2100, 1, 1), t -> true, BarSource.LoadListener.NONE);
    }

    @Test
    void rowsInAnyOrderBecomeSortedSeriesAndAdjustedServesAsAsTraded() throws Exception {
        CsvBarSource source = csv(HEADER
                + "BBB,2024-01-03,10,11,9,10.5,1000\n"
                + "AAA,2024-01-03,5,6,4,5.5,200\n"
                + "BBB,2024-01-02,9,10,8,9.5,900\n");
        BarSource.Window w = openAll(source);

        assertThat(w.tickerCount()).isEqualTo(2);
        assertThat(w.ticker(0)).isEqualTo("AAA");
        BarSeries bbb = w.series(1);
        assertThat(bbb.date(0)).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(bbb.close()).containsExactly(9.5, 10.5);
        assertThat(bbb.closeUa()).containsExactly(9.5, 10.5);
        assertThat(source.universe().firstSession()).isEqualTo(LocalDate.of(2024, 1, 2));
        assertThat(source.universe().lastSession()).isEqualTo(LocalDate.of(2024, 1, 3));
    }

    @Test
    void windowAndSelectionLimitWhatIsReturned() throws Exception {
        CsvBarSource source = csv(HEADER
                + "AAA,2024-01-02,5,6,4,5.5,200\nAAA,2024-01-03,5,6,4,5.5,200\nAAA,2024-01-04,5,6,4,5.5,200\n"
                + "BBB,2024-01-02,9,10,8,9.5,900\n");
        BarSource.Window w = source.open(LocalDate.of(2024, 1, 3), LocalDate.of(2024, 1, 3), "AAA"::equals,
                BarSource.LoadListener.NONE);
        assertThat(w.tickerCount()).isEqualTo(1);
        assertThat(w.series(0).size()).isEqualTo(1);
        assertThat(w.series(0).date(0)).isEqualTo(LocalDate.of(2024, 1, 3));
    }

    @Test
    void goldenFileReadsAsTradedColumns() throws Exception {
        CsvBarSource source = new CsvBarSource(Golden.file("bars.csv"));
        assertThat(source.universe().tickers()).hasSize(120);
        BarSource.Window w = source.open(LocalDate.of(2023, 1, 1), LocalDate.of(2025, 12, 31), "EPN"::equals,
                BarSource.LoadListener.NONE);
        BarSeries s = w.series(0);
        boolean split = false;
        for (int i = 0; i < s.size(); i++) {
            split |= s.close()[i] != s.closeUa()[i];
        }
        assertThat(split).as("EPN has a reverse split: adjusted differs from as-traded somewhere").isTrue();
    }

    @Test
    void badDataNamesFileLineAndProblem() throws IOException {
        assertThatThrownBy(() -> openAll(csv(HEADER + "AAA,2024-01-02,5,6,4,x5,200\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bars.csv line 2").hasMessageContaining("unparsable number \"x5\" in column close");
        assertThatThrownBy(() -> openAll(csv(HEADER + "AAA,2024-01-02,5,6,4,5,200\nAAA,2024-13-02,5,6,4,5,200\n")))
                .hasMessageContaining("line 3").hasMessageContaining("unparsable date \"2024-13-02\"");
        assertThatThrownBy(() -> openAll(csv(HEADER + "AAA,2024-01-02,5,3,4,5,200\n")))
                .hasMessageContaining("line 2").hasMessageContaining("high < low");
        assertThatThrownBy(() -> openAll(csv(HEADER + "AAA,2024-01-02,5,6,4,5,-1\n")))
                .hasMessageContaining("line 2").hasMessageContaining("negative volume");
        assertThatThrownBy(() -> openAll(csv(HEADER + "AAA,2024-01-02,5,6,4,5,1\nBBB,2024-01-02,5,6,4,5,1\nAAA,2024-01-02,5,6,4,5,1\n")))
                .hasMessageContaining("line 4").hasMessageContaining("duplicate bar for (AAA, 2024-01-02), first at line 2");
        assertThatThrownBy(() -> openAll(csv("ticker,date,open,high,low,volume\nAAA,2024-01-02,5,6,4,1\n")))
                .hasMessageContaining("line 1").hasMessageContaining("missing required column \"close\"");
        assertThatThrownBy(() -> openAll(csv(HEADER.trim() + ",open_ua\nAAA,2024-01-02,5,6,4,5,1,5\n")))
                .hasMessageContaining("as-traded columns must all be present or all absent");
    }

    @Test
    void aMissingFileFailsAtConstructionNamingIt() throws IOException {
        assertThatThrownBy(() -> new CsvBarSource(dir.resolve("nope.csv"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("nope.csv") + ": no such file");
        assertThatThrownBy(() -> new CsvBarSource(Path.of("nope.csv"), dir)).hasMessage("nope.csv: no such file");
        Files.createDirectories(dir.resolve("adir"));
        assertThatThrownBy(() -> new CsvBarSource(dir.resolve("adir"))).hasMessage(dir.resolve("adir") + ": not a regular file");
    }

    @Test
    void barsOnDaysWithoutASessionAreLeftOutWithOneCountedWarning() throws Exception {
        // 2024-07-06 is a Saturday, 2024-07-04 Independence Day, 2024-12-25 Christmas: three bars left out
        CsvBarSource source = csv(HEADER
                + "AAA,2024-07-03,5,6,4,5.5,200\n"
                + "AAA,2024-07-04,5,6,4,5.5,200\n"
                + "AAA,2024-07-05,5,6,4,5.5,200\n"
                + "BBB,2024-07-06,9,10,8,9.5,900\n"
                + "BBB,2024-07-08,9,10,8,9.5,900\n"
                + "BBB,2024-12-25,9,10,8,9.5,900\n");
        BarSource.Window w = openAll(source);
        assertThat(w.series(0).epochDays()).containsExactly((int) LocalDate.of(2024, 7, 3).toEpochDay(),
                (int) LocalDate.of(2024, 7, 5).toEpochDay());
        assertThat(w.series(1).epochDays()).containsExactly((int) LocalDate.of(2024, 7, 8).toEpochDay());
        assertThat(w.warnings()).containsExactly(dir.resolve("bars.csv")
                + ": 3 bars dated on days the NYSE did not trade were left out (the first at line 3: 2024-07-04, a holiday)");
        BarSource.Window saturday = openAll(csv(HEADER + "BBB,2024-07-06,9,10,8,9.5,900\nBBB,2024-07-08,9,10,8,9.5,900\n"));
        assertThat(saturday.warnings()).containsExactly(dir.resolve("bars.csv")
                + ": 1 bar dated on days the NYSE did not trade were left out (the first at line 2: 2024-07-06, a Saturday)");
        assertThat(openAll(csv(HEADER + "BBB,2024-07-08,9,10,8,9.5,900\n")).warnings()).isEmpty();
    }

    @Test
    void aNonPositivePriceIsRefusedNamingLineAndColumn() {
        assertThatThrownBy(() -> openAll(csv(HEADER + "AAA,2024-01-02,5,6,4,5,1\nAAA,2024-01-03,0,6,4,5,1\n")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir.resolve("bars.csv") + " line 3: price 0.0 in column open is not positive");
    }

    @Test
    void inMemorySourceServesYourOwnSeries() throws Exception {
        double[] x = {10, 11};
        BarSeries b = BarSeries.adjustedOnly("BBB", new int[] {19_000, 19_001}, x, x, x, x, x);
        BarSeries a = BarSeries.adjustedOnly("AAA", new int[] {19_001}, new double[] {5}, new double[] {5},
                new double[] {5}, new double[] {5}, new double[] {5});
        InMemoryBarSource source = new InMemoryBarSource("mine", java.util.List.of(b, a));
        assertThat(source.universe().tickers()).containsExactly("AAA", "BBB");
        assertThat(source.universe().firstSession()).isEqualTo(LocalDate.ofEpochDay(19_000));
        BarSource.Window w = source.open(LocalDate.ofEpochDay(19_001), LocalDate.ofEpochDay(19_001), t -> true,
                BarSource.LoadListener.NONE);
        assertThat(w.series(1).close()).containsExactly(11.0);
        assertThatThrownBy(() -> new InMemoryBarSource("twice", java.util.List.of(a, a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AAA appears twice");
    }
}
