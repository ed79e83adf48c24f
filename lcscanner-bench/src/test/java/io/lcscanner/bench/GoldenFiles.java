package io.lcscanner.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The reference data in {@code ../shared/golden} beside the repository, and how its tests compare numbers. */
public final class GoldenFiles {
    /** The report window of the golden hits. */
    public static final LocalDate FROM = LocalDate.of(2024, 7, 1);
    public static final LocalDate TO = LocalDate.of(2025, 10, 31);
    /** Tickers and bars of {@code bars.csv}. */
    public static final int TICKERS = 120;
    public static final int BARS = 82_378;

    private GoldenFiles() {
    }

    public static Path file(String name) {
        String shared = System.getProperty("lcscanner.shared");
        Path dir = shared != null ? Path.of(shared, "golden") : Path.of("..", "..", "shared", "golden");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("golden data not found at " + dir.toAbsolutePath()
                    + ": check out the shared folder beside the repository");
        }
        return dir.resolve(name);
    }

    /** The request of the golden hits: spec defaults over the golden window. */
    public static ScanRequest request() {
        return ScanRequest.builder(FROM, TO).build();
    }

    /** Every series of {@code bars.csv} accepted by {@code tickers}, whole. */
    public static List<BarSeries> series(Predicate<String> tickers) throws IOException {
        BarSource.Window w = new CsvBarSource(file("bars.csv"))
                .open(LocalDate.of(1970, 1, 1), LocalDate.of(2100, 12, 31), tickers, BarSource.LoadListener.NONE);
        List<BarSeries> out = new ArrayList<>();
        for (int i = 0; i < w.tickerCount(); i++) {
            out.add(w.series(i));
        }
        return out;
    }

    /** Cell comparison of the golden tests: missing ↔ missing, text exactly, numbers within 1e-9 relative. */
    public static void assertCell(String expected, String actual, String where) {
        if (expected.isEmpty() || actual.isEmpty()) {
            assertThat(actual).as(where + " (missing ↔ missing)").isEqualTo(expected);
            return;
        }
        double e;
        try {
            e = Double.parseDouble(expected);
        } catch (NumberFormatException notNumber) {
            assertThat(actual).as(where).isEqualTo(expected);
            return;
        }
        double a = Double.parseDouble(actual);
        assertThat(Math.abs(a - e)).as(where + ": expected " + expected + " but was " + actual)
                .isLessThanOrEqualTo(1e-9 * Math.max(Math.abs(e), 1e-300) + (e == 0 ? 1e-12 : 0));
    }
}
