package io.lcscanner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The function table, scanner-rules.md §3's table of functions and the examples' README name the same functions. */
class FunctionTableTest {
    private static final Pattern CALL = Pattern.compile("`([a-z_]+)(\\([^`]*\\))`");

    @Test
    void theSpecsTableListsEveryFunctionWithItsSignature() throws IOException {
        String spec = Files.readString(Golden.root().resolve("docs/spec/scanner-rules.md"));
        String section = spec.substring(spec.indexOf("## 3. Expressions"), spec.indexOf("## 4."));
        List<String> names = new ArrayList<>();
        for (String line : section.lines().filter(l -> l.startsWith("| `")).toList()) {
            String first = line.substring(2, line.indexOf(" |", 2));
            Matcher m = CALL.matcher(first);
            while (m.find()) {
                names.add(m.group(1));
                Functions.Function f = Functions.get(m.group(1));
                assertThat(f).as("a row of the function table for %s", m.group(1)).isNotNull();
                if (f.form() == Functions.Form.FIXED) {
                    assertThat(m.group(2)).as("the signature of %s", f.name()).isEqualTo(f.signature());
                }
            }
        }
        assertThat(names).containsExactlyElementsOf(Functions.names());
    }

    @Test
    void theExamplesReadmeNamesEveryFunction() throws IOException {
        String readme = Files.readString(Golden.root().resolve("examples/scanners/README.md"));
        String paragraph = readme.substring(readme.indexOf("Functions: "), readme.indexOf("Operators: "));
        List<String> names = new ArrayList<>();
        Matcher m = CALL.matcher(paragraph);
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).containsExactlyElementsOf(Functions.names());
    }

    @Test
    void everySeriesOperationHasAReachAndACostAndEveryOtherFunctionABuild() {
        for (Functions.Function f : Functions.TABLE) {
            if (f.isSeries()) {
                assertThat(f.reach()).as(f.name()).isNotNull();
                assertThat(f.cost()).as(f.name()).isNotNull();
            } else if (f.form() != Functions.Form.TIER) {
                assertThat(f.build()).as(f.name()).isNotNull();
            }
        }
    }
}
