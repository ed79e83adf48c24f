package io.lcscanner.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's command-line examples, run as a fresh clone runs them (paths from the repository's top): every
 * {@code java -jar … scan|scanners} line of its code blocks exits 0, a {@code # N hits of …} line under one is what it
 * prints, and the "Try" sentence prints exactly the golden hits. {@code serve} lines and lines with placeholders
 * ({@code FILE}, {@code [options]}) are left out.
 */
@Tag("slow")
class ReadmeCommandsTest {
    private static final Path ROOT = Golden.root();
    private static final Pattern JAR = Pattern.compile("java -jar lcscanner-server(?:/target/lcscanner-server)?\\.jar (.*)");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\[|\\b(FILE|DIR|NAME)\\b");

    record Example(String command, String expectedSummary) {
    }

    static List<Example> examples() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
        List<Example> out = new ArrayList<>();
        boolean code = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                code = !code;
                continue;
            }
            Matcher m = JAR.matcher(line);
            if (!code || !m.find()) {
                continue;
            }
            StringBuilder command = new StringBuilder(m.group(1).replaceAll("\\s+#.*$", "").trim());
            while (command.toString().endsWith("\\")) {
                command.setLength(command.length() - 1);
                command.append(' ').append(lines.get(++i).trim());
            }
            String c = command.toString().trim();
            if (c.startsWith("serve") || PLACEHOLDER.matcher(c).find()) {
                continue;
            }
            String next = i + 1 < lines.size() ? lines.get(i + 1) : "";
            out.add(new Example(c, next.matches("# [0-9,]+ hits? of .*") ? next.substring(2) : null));
        }
        return out;
    }

    /** Arguments naming a file or folder of the repository are resolved from its top, as in a clone. */
    private static String[] arguments(String command) {
        List<String> args = new ArrayList<>();
        for (String a : command.split("\\s+")) {
            args.add(!a.startsWith("-") && a.contains("/") && Files.exists(ROOT.resolve(a)) ? ROOT.resolve(a).toString() : a);
        }
        return args.toArray(String[]::new);
    }

    @Test
    void everyCommandLineExampleDoesWhatTheReadmeSays() throws IOException {
        List<Example> examples = examples();
        assertThat(examples).extracting(Example::command).anyMatch(c -> c.startsWith("scan --scanner examples/scanners/"))
                .anyMatch(c -> c.equals("scan"));
        for (Example e : examples) {
            ScanCommandTest.Run r = ScanCommandTest.run(arguments(e.command()));
            assertThat(r.status()).as(e.command() + "\n" + r.err()).isZero();
            if (e.expectedSummary() != null) {
                assertThat(r.err()).as(e.command()).contains("lcscanner: " + e.expectedSummary() + " in ");
            }
        }
    }

    @Test
    void theTrySentencePrintsExactlyTheGoldenHits() throws IOException {
        Matcher m = Pattern.compile("Try `(scan [^`]+)`: it prints\\s+exactly").matcher(Files.readString(ROOT.resolve("README.md")));
        assertThat(m.find()).isTrue();
        ScanCommandTest.Run r = ScanCommandTest.run(arguments(m.group(1)));
        assertThat(r.status()).isZero();
        assertThat(r.out().lines().toList()).containsExactlyElementsOf(Golden.lines("expected_hits.csv"));
    }
}
