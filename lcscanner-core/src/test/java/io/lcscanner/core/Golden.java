package io.lcscanner.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** Where the reference data lives: {@code ../shared/golden} beside the repository (CI puts it there). */
final class Golden {
    static final LocalDate FROM = LocalDate.of(2024, 7, 1);
    static final LocalDate TO = LocalDate.of(2025, 10, 31);

    private Golden() {
    }

    static Path dir() {
        String shared = System.getProperty("lcscanner.shared");
        Path p = shared != null ? Path.of(shared, "golden") : Path.of("..", "..", "shared", "golden");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("golden data not found at " + p.toAbsolutePath()
                    + ": check out the shared folder beside the repository");
        }
        return p;
    }

    static Path file(String name) {
        return dir().resolve(name);
    }
}
