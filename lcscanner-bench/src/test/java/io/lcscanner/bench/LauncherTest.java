package io.lcscanner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lcscanner.core.Golden;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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
        // caches of four earlier builds of the jar, and a leftover of a run killed two days ago
        Path startup = Files.createDirectories(cacheHome.resolve("lcscanner/startup"));
        List<Path> earlierBuilds = new ArrayList<>();
        for (int daysAgo = 1; daysAgo <= 4; daysAgo++) {
            Path old = Files.writeString(startup.resolve("100" + daysAgo + "-200-17.0.1.jsa"), "an earlier build's");
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(daysAgo))));
            earlierBuilds.add(old);
        }
        Path leftover = Files.writeString(startup.resolve(".1005-200-17.0.1.4242.tmp"), "half written");
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        assertThat(scan(javaHome, "")).as("first run, which makes the cache").containsExactlyElementsOf(expected);
        // the cache is assembled in the background after the first run: wait for it (a generous guard)
        List<Path> made = List.of();
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); System.nanoTime() < deadline; ) {
            made = filesIn(startup).stream().filter(p -> !earlierBuilds.contains(p)).toList();
            if (made.size() == 1 && !made.get(0).getFileName().toString().startsWith(".")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(made).as("one cache file for this jar and JDK, no temporary leftovers").hasSize(1)
                .allMatch(p -> p.getFileName().toString().matches("[0-9]+-[0-9]+-.+\\.(jsa|aot)"));
        assertThat(filesIn(startup)).as("the three newest caches of other builds are kept, the oldest removed")
                .containsExactlyInAnyOrder(made.get(0), earlierBuilds.get(0), earlierBuilds.get(1), earlierBuilds.get(2));

        Path classes = cacheHome.resolve("classes.txt");
        assertThat(scan(javaHome, "-Xlog:class+load=info:file=" + classes)).as("second run, from the cache")
                .containsExactlyElementsOf(expected);
        assertThat(filesIn(startup)).as("nothing new once the cache exists")
                .containsExactlyInAnyOrder(made.get(0), earlierBuilds.get(0), earlierBuilds.get(1), earlierBuilds.get(2));
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).as("where the command line's classes came from")
                .anyMatch(line -> line.contains(" io.lcscanner.server.cli.ScanCommand source: shared objects file"));
        if (javaVersion(javaHome) < 19) {
            // picocli is compiled for Java 5: the dynamic archive JDK 17 makes at exit leaves such classes out, the
            // static archive the launcher dumps there keeps them (JDK 25's cache leaves them out too)
            assertThat(loaded).anyMatch(line -> line.contains(" picocli.CommandLine source: shared objects file"));
        }
    }

    /** The feature version of the JDK at {@code javaHome}, from its release file. */
    private static int javaVersion(String javaHome) throws java.io.IOException {
        String release = Files.readString(Path.of(javaHome, "release"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(release);
        assertThat(m.find()).as("JAVA_VERSION in " + javaHome + "/release").isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static List<Path> filesIn(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
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

    private List<String> scan(String javaHome, String javaOptions) throws Exception {
        Path out = cacheHome.resolve("out.csv"), err = cacheHome.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("bin/lcscanner").toString(), "scan", "--csv",
                Golden.file("bars.csv").toString(), "--from", "2024-07-01", "--to", "2025-10-31", "--format", "csv",
                "--quiet").redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("JAVA_HOME", javaHome);
        pb.environment().put("XDG_CACHE_HOME", cacheHome.toString());
        pb.environment().put("LCSCANNER_JAR", JAR.toString());
        pb.environment().remove("POLYGON_API_KEY");
        pb.environment().put("LCSCANNER_JAVA_OPTS", javaOptions);
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the launcher finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        // --quiet means nothing on stderr, the JVM's word on a recorded cache included
        assertThat(Files.readString(err)).as("stderr with --quiet").isEmpty();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
    }
}
