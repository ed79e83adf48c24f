package io.lcscanner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lcscanner.core.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library's sources and javadoc jars are built beside it (the package phase of lcscanner-core, which runs
 * before this module's tests in a whole build) and hold what an IDE looks for.
 */
class PublishedJarsTest {
    private static Path jar(String classifier) throws IOException {
        try (Stream<Path> files = Files.list(Golden.root().resolve("lcscanner-core/target"))) {
            return files.filter(p -> p.getFileName().toString().matches("lcscanner-core-.*-" + classifier + "\\.jar"))
                    .findFirst().orElse(null);
        }
    }

    @Test
    void sourcesAndJavadocJarsHoldTheApi() throws IOException {
        Path sources = jar("sources"), javadoc = jar("javadoc");
        assumeTrue(sources != null && javadoc != null, "lcscanner-core is packaged in a whole build: run mvn verify");
        try (JarFile s = new JarFile(sources.toFile()); JarFile j = new JarFile(javadoc.toFile())) {
            assertThat(s.getEntry("io/lcscanner/core/Scanner.java")).isNotNull();
            assertThat(s.getEntry("module-info.java")).isNotNull();
            String scannerPage = j.stream().map(e -> e.getName()).filter(n -> n.endsWith("io/lcscanner/core/Scanner.html"))
                    .findFirst().orElse(null);
            assertThat(scannerPage).as("Scanner's javadoc page").isNotNull();
            // the engine is not exported: no page for it
            assertThat(j.stream().map(e -> e.getName())).noneMatch(n -> n.contains("io/lcscanner/core/engine/"));
        }
    }
}
