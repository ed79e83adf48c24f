package io.lcscanner.server.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.server.ApiException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ScannerDocumentStore} must do, through the {@link ScannerLibrary} the server uses: documents come
 * back byte for byte (spacing, key order, non-ASCII), replace and delete, listed by name after the built-ins.
 */
abstract class ScannerDocumentsContract {
    abstract ScannerDocumentStore newStore() throws Exception;

    private static String doc(String name) throws Exception {
        String gap = Files.readString(Path.of(System.getProperty("lcscanner.root", "..")).resolve("examples/scanners/gap_and_go.json"),
                StandardCharsets.UTF_8);
        return gap.replace("\"gap_and_go\"", "\"" + name + "\"").replace("\"description\": \"", "\"description\": \"é → ");
    }

    @Test
    void documentsComeBackByteForByteAndAreListedByName() throws Exception {
        ScannerLibrary library = new ScannerLibrary(newStore());
        String zeta = doc("zeta");
        String alpha = doc("alpha");
        assertThat(library.put("zeta", zeta).created()).isTrue();
        assertThat(library.put("alpha", alpha).created()).isTrue();
        assertThat(library.list().stream().map(ScannerLibrary.Entry::name).toList()).containsExactly("lc", "alpha", "zeta");
        assertThat(library.find("zeta").orElseThrow().definition().json()).isEqualTo(zeta);
        assertThat(library.find("zeta").orElseThrow().builtin()).isFalse();
        // patterns and columns come out in the document's order
        assertThat(library.find("alpha").orElseThrow().definition().patterns())
                .isEqualTo(io.lcscanner.core.ScannerDefinition.parse(alpha).patterns());

        String replaced = zeta.replace("\"min_gap\": 0.08", "\"min_gap\":   0.1");
        assertThat(replaced).isNotEqualTo(zeta);
        assertThat(library.put("zeta", replaced).created()).isFalse();
        assertThat(library.find("zeta").orElseThrow().definition().json()).isEqualTo(replaced);

        assertThat(library.delete("zeta")).isTrue();
        assertThat(library.delete("zeta")).isFalse();
        assertThat(library.find("zeta")).isEmpty();
        assertThat(library.list().stream().map(ScannerLibrary.Entry::name).toList()).containsExactly("lc", "alpha");
    }

    @Test
    void builtInsAndMisnamedDocumentsAreRefusedBeforeTheStore() throws Exception {
        ScannerDocumentStore store = newStore();
        ScannerLibrary library = new ScannerLibrary(store);
        assertThatThrownBy(() -> library.put("lc", doc("lc"))).isInstanceOf(ApiException.class).hasMessageContaining("built-in");
        assertThatThrownBy(() -> library.put("other", doc("mine"))).isInstanceOf(ApiException.class)
                .hasMessageContaining("the document is named \"mine\"");
        assertThat(store.names()).isEqualTo(List.of());
    }
}
