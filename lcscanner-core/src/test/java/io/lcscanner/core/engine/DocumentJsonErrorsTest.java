package io.lcscanner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.ScannerDefinitionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A document that is not JSON is described in JSON's terms, never in the parser's settings. */
class DocumentJsonErrorsTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\": \"x\", /* a comment */ \"patterns\": {\"p\": \"c > 0\"}}",
            "{\"name\": \"x\", # a comment\n \"patterns\": {\"p\": \"c > 0\"}}",
            "{\"name\": \"x\", \"params\": {\"k\": NaN}, \"patterns\": {\"p\": \"c > 0\"}}",
            "{\"name\": \"x\", \"params\": {\"k\": +1}, \"patterns\": {\"p\": \"c > 0\"}}",
            "{\"name\": \"x\", \"params\": {\"k\": 01}, \"patterns\": {\"p\": \"c > 0\"}}",
            "{'name': 'x', 'patterns': {'p': 'c > 0'}}",
            "{name: \"x\", patterns: {\"p\": \"c > 0\"}}",
            "{\"name\": \"x\", \"patterns\": {\"p\": \"c > 0\",}}",
            "{\"name\": \"a\tb\", \"patterns\": {\"p\": \"c > 0\"}}"})
    void invalidJsonNamesNoParserSetting(String json) {
        assertThatThrownBy(() -> ScannerDefinition.parse(json)).isInstanceOfSatisfying(ScannerDefinitionException.class,
                e -> {
                    String message = e.problems().get(0).message();
                    assertThat(message).startsWith("invalid JSON at line 1").doesNotContain("Feature")
                            .doesNotContain("ALLOW_").doesNotContain("enable").doesNotContain("`")
                            .doesNotContain("JsonParser");
                });
    }

    @Test
    void theCommentCaseStillSaysWhatIsWrong() {
        assertThatThrownBy(() -> ScannerDefinition.parse("{\"name\": \"x\", /* c */ \"patterns\": {}}"))
                .isInstanceOfSatisfying(ScannerDefinitionException.class, e -> assertThat(e.problems().get(0).message())
                        .isEqualTo("invalid JSON at line 1, column 15: Unexpected character ('/' (code 47)): maybe a "
                                + "(non-standard) comment?"));
    }
}
