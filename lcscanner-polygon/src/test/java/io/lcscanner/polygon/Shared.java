package io.lcscanner.polygon;

import java.nio.file.Files;
import java.nio.file.Path;

/** The golden data beside the repository ({@code ../shared/golden}), as the core tests find it. */
final class Shared {
    private Shared() {
    }

    static Path golden(String name) {
        String shared = System.getProperty("lcscanner.shared");
        Path p = (shared != null ? Path.of(shared, "golden") : Path.of("..", "..", "shared", "golden")).resolve(name);
        if (!Files.exists(p)) {
            throw new IllegalStateException("golden data not found at " + p.toAbsolutePath());
        }
        return p;
    }
}
