package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** Where the reference data lives: {@code ../shared/golden} beside the repository (CI puts it there). */
public final class Golden {
    public static final LocalDate FROM = LocalDate.of(2024, 7, 1);
    public static final LocalDate TO = LocalDate.of(2025, 10, 31);

    private Golden() {
    }

    public static Path dir() {
        String shared = System.getProperty("lcscanner.shared");
        Path p = shared != null ? Path.of(shared, "golden") : Path.of("..", "..", "shared", "golden");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("golden data not found at " + p.toAbsolutePath()
                    + ": check out the shared folder beside the repository");
        }
        return p;
    }

    public static Path file(String name) {
        return dir().resolve(name);
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
