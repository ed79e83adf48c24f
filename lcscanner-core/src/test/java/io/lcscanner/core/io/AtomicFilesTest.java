package io.lcscanner.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private Stream<String> names() throws IOException {
        return Files.list(dir.resolve("out")).map(p -> p.getFileName().toString()).sorted();
    }

    @Test
    void writesReplacesAndLeavesNothingBehind() throws IOException {
        Path target = dir.resolve("out/hits.csv");
        AtomicFiles.write(target, "first\n".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(target, out -> out.write("second\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(target)).isEqualTo("second\n");
        assertThat(names()).containsExactly("hits.csv");
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndRemovesItsTemporary() throws IOException {
        Path target = dir.resolve("out/hits.csv");
        AtomicFiles.write(target, "old\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(target)).isEqualTo("old\n");
        assertThat(names()).containsExactly("hits.csv");
    }

    @Test
    void temporariesAreNewFilesBesideTheTargetAndSkipLeftovers() throws IOException {
        Files.createDirectories(dir.resolve("out"));
        Path first = AtomicFiles.createTemporary(dir.resolve("out"), "hits.csv");
        assertThat(first.getFileName().toString()).startsWith(".hits.csv." + ProcessHandle.current().pid() + ".").endsWith(".tmp");
        // a leftover where the next name would be: the next temporary skips it
        String name = first.getFileName().toString();
        long n = Long.parseLong(name.substring(name.lastIndexOf('.', name.length() - 5) + 1, name.length() - 4));
        Path leftover = first.resolveSibling(".hits.csv." + ProcessHandle.current().pid() + "." + (n + 1) + ".tmp");
        Files.writeString(leftover, "leftover");
        Path second = AtomicFiles.createTemporary(dir.resolve("out"), "hits.csv");
        assertThat(second).isNotEqualTo(leftover).isNotEqualTo(first);
        assertThat(Files.size(second)).isZero();
        assertThat(Files.readString(leftover)).isEqualTo("leftover");
    }
}
