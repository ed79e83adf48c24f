package io.lcscanner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lcscanner.core.Golden;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Tag;

/**
 * {@code bin/lcscanner} prints what {@code java -jar} prints: its first run makes the start-up cache, the
 * next ones use it, and the JVM's own messages never reach the results on stdout. Run here because the
 * server's jar exists once that module is packaged.
 */
@Tag("slow")
class LauncherTest {
    private static final Path ROOT = Golden.root();
    private static final Path JAR = ROOT.resolve("lcscanner-server/target/lcscanner-server.jar");

    @TempDir
    Path cacheHome;

    /** The JDK running the tests, and the newest other one on this machine. */
    static Stream<String> javaHomes() {
        List<String> homes = new ArrayList<>(List.of(System.getProperty("java.home")));
        File[] jvms = new File("/usr/lib/jvm").listFiles((dir, name) -> name.startsWith("temurin-"));
        if (jvms != null) {
            for (File jvm : jvms) {
                if (new File(jvm, "bin/java").canExecute() && !jvm.getPath().equals(homes.get(0))) {
                    homes.add(jvm.getPath());
                }
            }
        }
        return homes.stream();
    }

    @ParameterizedTest
    @MethodSource("javaHomes")
    void theLauncherScansLikeJavaJarAndReusesItsStartUpCache(String javaHome) throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "the server jar is built in the package phase: run mvn verify");
        List<String> expected = Golden.lines("expected_hits.csv");

        assertThat(scan(javaHome)).as("first run, which makes the cache").containsExactlyElementsOf(expected);
        Path startup = cacheHome.resolve("lcscanner/startup");
        // JDK 25 assembles its cache in the background after the first run: wait for it (a generous guard)
        List<Path> caches = List.of();
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); System.nanoTime() < deadline; ) {
            try (Stream<Path> files = Files.list(startup)) {
                caches = files.toList();
            }
            if (caches.size() == 1 && !caches.get(0).getFileName().toString().startsWith(".")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(caches).as("one cache file for this jar and JDK, no temporary leftovers").hasSize(1)
                .allMatch(p -> p.getFileName().toString().matches("[0-9]+-[0-9]+-.+\\.(jsa|aot)"));
        assertThat(scan(javaHome)).as("second run, from the cache").containsExactlyElementsOf(expected);
        try (Stream<Path> files = Files.list(startup)) {
            assertThat(files.toList()).containsExactlyElementsOf(caches);
        }
    }

    @ParameterizedTest
    @MethodSource("javaHomes")
    void theLaunchersHelpNamesTheLauncher(String javaHome) throws Exception {
        assumeTrue(Files.isRegularFile(JAR), "the server jar is built in the package phase: run mvn verify");
        Path launcher = ROOT.resolve("bin/lcscanner");
        for (String[] args : new String[][] {{"--help"}, {"scan", "--help"}}) {
            List<String> command = new ArrayList<>(List.of(launcher.toString()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().put("JAVA_HOME", javaHome);
            pb.environment().put("XDG_CACHE_HOME", cacheHome.toString());
            pb.environment().put("LCSCANNER_JAR", JAR.toString());
            Process p = pb.start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(text).isZero();
            assertThat(text).as(String.join(" ", args)).contains("Usage: " + launcher + " ")
                    .doesNotContain("java -jar lcscanner-server.jar");
        }
    }

    private List<String> scan(String javaHome) throws Exception {
        Path out = cacheHome.resolve("out.csv"), err = cacheHome.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bin/lcscanner").toString(), "scan", "--csv",
                Golden.file("bars.csv").toString(), "--from", "2024-07-01", "--to", "2025-10-31", "--format", "csv",
                "--quiet").redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("JAVA_HOME", javaHome);
        pb.environment().put("XDG_CACHE_HOME", cacheHome.toString());
        pb.environment().put("LCSCANNER_JAR", JAR.toString());
        pb.environment().remove("POLYGON_API_KEY");
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        // --quiet means nothing on stderr, the JVM's word on a recorded cache included
        assertThat(Files.readString(err)).as("stderr with --quiet").isEmpty();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }
}
