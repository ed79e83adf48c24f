package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean" in scanner documents: a near name, another tool's function name, another language's operator. */
class RuleSuggestionsTest {
    private static List<String> problems(String features, String pattern) {
        String json = "{\"name\": \"x\", \"features\": {" + features + "}, \"patterns\": {\"p\": \"" + pattern + "\"}}";
        return catchThrowableOfType(() -> ScannerDefinition.parse(json), ScannerDefinitionException.class)
                .problems().stream().map(ScannerDefinitionException.Problem::toString).toList();
    }

    @Test
    void aSwappedLetterSuggestsTheDefinedName() {
        assertThat(problems("\"pdc\": \"shift(c, 1)\", \"gap\": \"o / pcd - 1\"", "gap > 0"))
                .containsExactly("features.gap: position 5: unknown name \"pcd\" (did you mean \"pdc\"?)");
        assertThat(problems("\"gap\": \"o / shift(c, 1) - 1\"", "gpa > 0"))
                .containsExactly("patterns.p: position 1: unknown name \"gpa\" (did you mean \"gap\"?)");
        // an input: c_au for c_ua
        assertThat(problems("\"a\": \"c_au * 2\"", "a > 0"))
                .containsExactly("features.a: position 1: unknown name \"c_au\" (did you mean \"c_ua\"?)");
    }

    @Test
    void anotherToolsFunctionNameSuggestsTheLanguagesOwn() {
        assertThat(problems("\"avg_v\": \"avg(v, 20)\"", "v > avg_v"))
                .containsExactly("features.avg_v: position 1: unknown function \"avg\" (did you mean \"sma\"?)");
        assertThat(problems("\"e\": \"emma(c, 20)\"", "c > e"))
                .containsExactly("features.e: position 1: unknown function \"emma\" (did you mean \"ema\"?)");
    }

    @Test
    void anotherLanguagesOperatorSuggestsTheWord() {
        assertThat(problems("\"up\": \"c > o\"", "up & v > 1000"))
                .containsExactly("patterns.p: position 4: unexpected character '&' (did you mean \"and\"?)");
        assertThat(problems("\"up\": \"c > o\"", "up | v > 1000"))
                .containsExactly("patterns.p: position 4: unexpected character '|' (did you mean \"or\"?)");
    }

    @Test
    void nothingNearGivesNoGuess() {
        assertThat(problems("\"a\": \"c * 2\"", "zzzz > 0")).containsExactly("patterns.p: position 1: unknown name \"zzzz\"");
        assertThat(problems("\"a\": \"foo(c)\"", "a > 0")).containsExactly("features.a: position 1: unknown function \"foo\"");
    }
}
