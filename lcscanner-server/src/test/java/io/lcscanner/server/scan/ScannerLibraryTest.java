package io.lcscanner.server.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.Golden;
import io.lcscanner.server.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stored scanner documents: parsed once while unchanged, capped, Windows device names refused, one creator. */
class ScannerLibraryTest {
    @TempDir
    Path dir;

    private static String gapAndGo() throws Exception {
        return Files.readString(Golden.root().resolve("examples/scanners/gap_and_go.json"));
    }

    private static String named(String text, String name) {
        return text.replace("\"name\": \"gap_and_go\"", "\"name\": \"" + name + "\"");
    }

    @Test
    void listingParsesADocumentOnlyWhenItsFileChanged() throws Exception {
        String text = gapAndGo();
        ScannerLibrary writer = new ScannerLibrary(dir);
        for (int i = 0; i < 300; i++) {
            writer.put("doc" + i, named(text, "doc" + i));
        }
        ScannerLibrary library = new ScannerLibrary(dir); // a fresh server: nothing parsed yet
        int builtins = io.lcscanner.core.ScannerDefinition.builtins().size();
        assertThat(library.list()).hasSize(builtins + 300);
        assertThat(library.parses()).isEqualTo(300);
        for (int i = 0; i < 5; i++) {
            assertThat(library.list()).hasSize(builtins + 300);
        }
        assertThat(library.parses()).isEqualTo(300);

        // edited by hand: read again, with what the file now says
        Path f = dir.resolve("doc7.json");
        Files.writeString(f, named(text, "doc7").replace("A liquid stock", "An edited stock"));
        assertThat(library.find("doc7").orElseThrow().definition().description()).startsWith("An edited stock");
        assertThat(library.list().stream().filter(e -> e.name().equals("doc7")).findFirst().orElseThrow()
                .definition().description()).startsWith("An edited stock");
        assertThat(library.parses()).isEqualTo(301);
        // deleted by hand: gone from the list
        Files.delete(dir.resolve("doc8.json"));
        assertThat(library.list()).hasSize(builtins + 299);
        assertThat(library.find("doc8")).isEmpty();
    }

    @Test
    void newDocumentsBeyondTheCapAreRefusedReplacingIsNot() throws Exception {
        String text = gapAndGo();
        ScannerLibrary library = new ScannerLibrary(dir, 3);
        for (String name : List.of("a1", "a2", "a3")) {
            assertThat(library.put(name, named(text, name)).created()).isTrue();
        }
        assertThatThrownBy(() -> library.put("a4", named(text, "a4"))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(409);
            assertThat(e.code()).isEqualTo("too_many_scanners");
            assertThat(e.getMessage()).contains("3 scanner documents").contains("SCANNER_MAX_SCANNERS");
        });
        assertThat(Files.exists(dir.resolve("a4.json"))).isFalse();
        assertThat(library.put("a2", named(text, "a2").replace("0.08", "0.1")).created()).isFalse();
        assertThat(library.delete("a1")).isTrue();
        assertThat(library.put("a4", named(text, "a4")).created()).isTrue();
    }

    @Test
    void concurrentNewDocumentsAtTheCapStoreOnlyThoseThatFit() throws Exception {
        String text = gapAndGo();
        ScannerLibrary library = new ScannerLibrary(dir, 5);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String name = "n" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        return library.put(name, named(text, name)).created();
                    } catch (ApiException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<Boolean> r : results) {
                created += r.get() ? 1 : 0;
            }
            assertThat(created).isLessThanOrEqualTo(5);
            try (var files = Files.list(dir)) {
                assertThat(files.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(created);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void windowsDeviceNamesAreRefusedInAnyCase() throws Exception {
        String text = gapAndGo();
        ScannerLibrary library = new ScannerLibrary(dir);
        for (String name : List.of("con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9")) {
            assertThatThrownBy(() -> library.put(name, named(text, name))).as(name)
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.field()).isEqualTo("name");
                        assertThat(e.getMessage()).contains("Windows");
                    });
            assertThat(ScannerLibrary.validName(name.toUpperCase())).isFalse();
        }
        for (String name : List.of("com0", "lpt10", "console", "nul_gap", "auxiliary")) {
            assertThat(library.put(name, named(text, name)).created()).as(name).isTrue();
        }
    }

    @Test
    void ofTwoConcurrentPutsOfANewNameExactlyOneCreatesIt() throws Exception {
        String text = gapAndGo();
        ScannerLibrary library = new ScannerLibrary(dir);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 100; round++) {
                String name = "race" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> both = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    both.add(pool.submit(() -> {
                        go.await();
                        return library.put(name, named(text, name)).created();
                    }));
                }
                go.countDown();
                int created = (both.get(0).get() ? 1 : 0) + (both.get(1).get() ? 1 : 0);
                assertThat(created).as(name).isEqualTo(1);
                assertThat(Files.readString(dir.resolve(name + ".json"))).isEqualTo(named(text, name));
            }
            try (var files = Files.list(dir)) {
                assertThat(files.filter(p -> p.getFileName().toString().startsWith("."))).isEmpty(); // no temp files left
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
