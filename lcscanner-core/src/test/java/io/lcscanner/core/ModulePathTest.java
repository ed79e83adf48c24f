package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library as an application on the module path sees it: a module {@code demo} requiring
 * {@code io.lcscanner.core} compiles against the exported packages, runs a scan of the synthetic market in
 * its own JVM (no class path) and writes a file through {@code io.lcscanner.core.io.AtomicFiles}; a module
 * reaching into the rule engine does not compile, because the engine is not exported.
 */
@Tag("slow")
class ModulePathTest {
    @TempDir
    Path dir;

    /** The library's classes (with its module-info) and the jars it requires, from this test's own paths. */
    private static String libraryModulePath() {
        String paths = System.getProperty("jdk.module.path", "") + File.pathSeparator + System.getProperty("java.class.path", "");
        List<String> keep = new ArrayList<>();
        for (String p : paths.split(File.pathSeparator)) {
            if (p.isEmpty()) {
                continue;
            }
            Path path = Path.of(p);
            boolean library = Files.exists(path.resolve("module-info.class")) && path.toString().contains("lcscanner-core");
            String name = path.getFileName().toString();
            if ((library && !path.toString().contains("test-classes")) || name.startsWith("jackson-core-")
                    || name.startsWith("slf4j-api-")) {
                if (!keep.contains(p)) {
                    keep.add(p);
                }
            }
        }
        assertThat(keep).as("the library and its two dependencies").hasSize(3);
        return String.join(File.pathSeparator, keep);
    }

    private Path module(String name, String mainSource) throws Exception {
        Path src = dir.resolve(name + "-src");
        Files.createDirectories(src.resolve("demo"));
        Files.writeString(src.resolve("module-info.java"), "module demo { requires io.lcscanner.core; }\n");
        Files.writeString(src.resolve("demo/Main.java"), mainSource);
        return src;
    }

    /** The JDK's own tool beside the running {@code java} (the tests run inside the library's module, which reads no compiler). */
    private static String tool(String name) {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        return java.resolveSibling(name).toString();
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + output;
    }

    /** Compiles a module; null when it compiled, else javac's errors. */
    private static String compile(Path src, Path out, String modulePath) throws Exception {
        List<String> args = new ArrayList<>(List.of(tool("javac"), "--module-path", modulePath, "-d", out.toString()));
        try (Stream<Path> files = Files.walk(src)) {
            args.addAll(files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).collect(Collectors.toList()));
        }
        return run(args);
    }

    @Test
    void anApplicationModuleScansAndWritesThroughTheExportedPackagesOnly() throws Exception {
        String modulePath = libraryModulePath();
        Path written = dir.resolve("hits.txt");
        Path src = module("app", """
                package demo;

                import io.lcscanner.core.ProgressListener;
                import io.lcscanner.core.ScanRequest;
                import io.lcscanner.core.ScanResult;
                import io.lcscanner.core.Scanner;
                import io.lcscanner.core.io.AtomicFiles;
                import io.lcscanner.core.synthetic.SyntheticMarket;
                import java.nio.charset.StandardCharsets;
                import java.nio.file.Path;
                import java.time.LocalDate;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        try (Scanner scanner = Scanner.builder(new SyntheticMarket(42, 200)).parallelism(2).build()) {
                            ScanResult r = scanner.run(ScanRequest.builder(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 12, 31))
                                    .param("min_dollar_volume", 1e8).build(), ProgressListener.NONE);
                            String line = "hits " + r.hits().size() + " " + r.schema().names().get(2);
                            AtomicFiles.write(Path.of(args[0]), line.getBytes(StandardCharsets.UTF_8));
                            System.out.println(line);
                        }
                    }
                }
                """);
        Path out = dir.resolve("app-classes");
        assertThat(compile(src, out, modulePath)).isNull();

        // the application alone on the module path: no class path at all
        assertThat(run(List.of(tool("java"), "--module-path", out + File.pathSeparator + modulePath, "-m", "demo/demo.Main",
                written.toString()))).isNull();
        assertThat(Files.readString(written)).matches("hits [1-9][0-9]* lc_frontside_d3_extended_1");
    }

    @Test
    void theRuleEngineIsNotExported() throws Exception {
        Path src = module("engine", """
                package demo;

                public class Main {
                    public static void main(String[] args) {
                        System.out.println(io.lcscanner.core.engine.RollingMean.class);
                    }
                }
                """);
        String errors = compile(src, dir.resolve("engine-classes"), libraryModulePath());
        assertThat(errors).isNotNull().contains("package io.lcscanner.core.engine is not visible");
    }
}
