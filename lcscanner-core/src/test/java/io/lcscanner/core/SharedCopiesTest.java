package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository carries copies of the shared specs and golden data in {@code docs/} (large files
 * gzipped), so a clone stands on its own. The shared folder stays the source and can change: where it
 * is beside the repository (as in CI), every file of it must equal its copy, or this test names each
 * copy to refresh.
 */
class SharedCopiesTest {
    private static final List<String> MIRRORED = List.of("spec", "golden", "polygon");

    @Test
    void everySharedSpecAndGoldenFileHasAnIdenticalCopyInDocs() throws IOException {
        Path shared = Golden.shared().orElse(null);
        assumeTrue(shared != null, "no shared folder beside the repository: nothing to compare the copies with");
        Path docs = Golden.root().resolve("docs");
        List<String> stale = new ArrayList<>();
        int compared = 0;
        for (String folder : MIRRORED) {
            try (Stream<Path> files = Files.walk(shared.resolve(folder))) {
                for (Path source : files.filter(Files::isRegularFile).sorted().toList()) {
                    String rel = shared.relativize(source).toString();
                    Path copy = docs.resolve(rel);
                    Path gzipped = docs.resolve(rel + ".gz");
                    Path existing = Files.isRegularFile(copy) ? copy : Files.isRegularFile(gzipped) ? gzipped : null;
                    if (existing == null) {
                        stale.add("docs/" + rel + " is missing (copy it from " + source + ")");
                    } else if (!sameContent(source, existing)) {
                        stale.add(Golden.root().relativize(existing) + " differs from " + source + ": refresh it");
                    }
                    compared++;
                }
            }
        }
        assertThat(stale).as("copies in docs/ that no longer match the shared folder").isEmpty();
        assertThat(compared).as("shared files compared").isGreaterThanOrEqualTo(10);
    }

    private static boolean sameContent(Path source, Path copy) throws IOException {
        try (InputStream a = Files.newInputStream(source); InputStream b = Golden.open(copy)) {
            byte[] x = new byte[1 << 16], y = new byte[1 << 16];
            while (true) {
                int n = a.readNBytes(x, 0, x.length), m = b.readNBytes(y, 0, y.length);
                if (n != m || !Arrays.equals(x, 0, n, y, 0, m)) {
                    return false;
                }
                if (n == 0) {
                    return true;
                }
            }
        }
    }
}
