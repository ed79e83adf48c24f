package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The reference data the repository carries in {@code docs/golden} (copies of the shared golden files,
 * the large ones gzipped), for the tests of every module: this class ships in core's test-jar.
 */
public final class Golden {
    /** The report window of the golden hits. */
    public static final LocalDate FROM = LocalDate.of(2024, 7, 1);
    public static final LocalDate TO = LocalDate.of(2025, 10, 31);
    /** Tickers and bars of {@code bars.csv}. */
    public static final int TICKERS = 120;
    public static final int BARS = 82_378;

    private Golden() {
    }

    /**
     * The repository's root: {@code -Dlcscanner.root} (the build sets it), else the nearest folder
     * above the working directory that holds {@code docs/golden}.
     */
    public static Path root() {
        String configured = System.getProperty("lcscanner.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs").resolve("golden"))) {
                return p;
            }
        }
        throw new IllegalStateException("docs/golden not found above " + Path.of("").toAbsolutePath());
    }

    public static Path dir() {
        return root().resolve("docs").resolve("golden");
    }

    /** A golden file by its shared name: {@code bars.csv} is {@code docs/golden/bars.csv.gz}. */
    public static Path file(String name) {
        Path plain = dir().resolve(name);
        Path gzipped = dir().resolve(name + ".gz");
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        if (Files.isRegularFile(gzipped)) {
            return gzipped;
        }
        throw new IllegalStateException("golden file " + name + " not found in " + dir());
    }

    /**
     * LC's output columns: the header of {@code expected_hits.csv} (spec §6), and with {@code premarket} the
     * five fields spec §7 appends.
     */
    public static List<String> lcColumns(boolean premarket) {
        List<String> columns = new ArrayList<>(List.of(lines("expected_hits.csv").get(0).split(",")));
        if (premarket) {
            columns.addAll(List.of("avg_5d_pm_dol_vol", "valid_pm_liq", "pmh_next_day", "open_next_day",
                    "pm_dol_vol_next_day"));
        }
        return columns;
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

    /** The text of a golden file, decompressed. */
    public static BufferedReader reader(String name) throws IOException {
        Path p = file(name);
        InputStream in = Files.newInputStream(p);
        if (p.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    /** The lines of a golden file, decompressed. */
    public static List<String> lines(String name) {
        try (BufferedReader r = reader(name)) {
            return r.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a golden file, decompressed. */
    public static byte[] bytes(String name) {
        try (InputStream in = open(file(name))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        return p.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /**
     * The shared folder the repository's copies come from ({@code -Dlcscanner.shared}, else {@code ../shared}
     * beside the repository), if it is there: CI has it, a user's clone does not.
     */
    public static Optional<Path> shared() {
        String configured = System.getProperty("lcscanner.shared");
        Path p = configured != null ? Path.of(configured) : root().resolveSibling("shared");
        return Files.isDirectory(p) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
    }

    /** A golden CSV cell against ours: text exactly, numbers within 1e-9 relative, missing only as missing. */
    public static void assertCell(String expected, String actual, String where) {
        if (expected.isEmpty() || actual.isEmpty()) {
            assertThat(actual).as(where + " (missing ↔ missing)").isEqualTo(expected);
            return;
        }
        double e, a;
        try {
            e = Double.parseDouble(expected);
        } catch (NumberFormatException notNumber) {
            assertThat(actual).as(where).isEqualTo(expected);
            return;
        }
        a = Double.parseDouble(actual);
        assertThat(Math.abs(a - e)).as(where + ": expected " + expected + " but was " + actual)
                .isLessThanOrEqualTo(1e-9 * Math.max(Math.abs(e), 1e-300) + (e == 0 ? 1e-12 : 0));
    }
}
