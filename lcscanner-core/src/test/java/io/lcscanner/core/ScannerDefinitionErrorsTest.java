package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.ScannerDefinitionException.Problem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bad document is refused with every problem found, each naming its key, the character position
 * inside the key's expression (0 when the problem is not inside one) and what is wrong
 * (scanner-rules.md §4).
 */
class ScannerDefinitionErrorsTest {

    /** A valid document with {@code features} and {@code rest} spliced in. */
    private static String doc(String features, String patterns) {
        return "{\"name\": \"t\", \"params\": {\"n\": 5, \"half\": 2.5}, \"features\": {" + features + "}, "
                + "\"patterns\": {" + patterns + "}}";
    }

    private static List<Problem> problems(String json) {
        try {
            ScannerDefinition.parse(json);
        } catch (ScannerDefinitionException e) {
            assertThat(e.getMessage().lines().toList()).hasSameSizeAs(e.problems());
            assertThat(e.getMessage()).doesNotContain("Exception", "io.lcscanner", "com.fasterxml", "Source:");
            return e.problems();
        }
        throw new AssertionError("accepted: " + json);
    }

    private static Problem only(String json) {
        List<Problem> p = problems(json);
        assertThat(p).as("problems of %s", json).hasSize(1);
        return p.get(0);
    }

    @Test
    void unknownNameIsReportedWithItsPosition() {
        ScannerDefinitionException e = (ScannerDefinitionException) org.assertj.core.api.Assertions.catchThrowable(
                () -> ScannerDefinition.parse(doc("\"pdc\": \"shift(c, 1)\", \"gap\": \"o / pcd - 1\"", "\"p\": \"gap > 0\"")));
        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        assertThat(e.problems()).containsExactly(new Problem("features.gap", 5, "unknown name \"pcd\" (did you mean \"pdc\"?)"));
        assertThat(e.getMessage()).isEqualTo("features.gap: position 5: unknown name \"pcd\" (did you mean \"pdc\"?)");
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        List<Problem> p = problems("{\"name\": \"t\", \"colour\": 1, \"features\": {\"a\": \"c +\", \"b\": \"zz * 2\"},"
                + " \"patterns\": {\"p\": \"c + 1\", \"q\": \"shift(c)\"}}");
        assertThat(p).extracting(Problem::key).containsExactly("colour", "features.a", "features.b", "patterns.p", "patterns.q");
        assertThat(p.get(0)).isEqualTo(new Problem("colour", 0, "unknown key (a document has name, description, params, "
                + "lookback_days, rounding, premarket, features, signals, gate, patterns, columns)"));
        assertThat(p.get(1)).isEqualTo(new Problem("features.a", 4, "expected a value, found the end of the expression"));
        assertThat(p.get(2)).isEqualTo(new Problem("features.b", 1, "unknown name \"zz\""));
        assertThat(p.get(3)).isEqualTo(new Problem("patterns.p", 1, "a pattern must be a condition (a boolean expression), this is a number"));
        assertThat(p.get(4)).isEqualTo(new Problem("patterns.q", 1, "shift takes 2 arguments (x, k), got 1"));
    }

    @Test
    void typeErrors() {
        assertThat(only(doc("", "\"p\": \"c > 1 and h\""))).isEqualTo(
                new Problem("patterns.p", 11, "'and' needs a condition (a boolean), this is a number"));
        assertThat(only(doc("", "\"p\": \"not c\""))).isEqualTo(
                new Problem("patterns.p", 5, "'not' needs a condition (a boolean), this is a number"));
        assertThat(only(doc("", "\"p\": \"if(c, true, false)\""))).isEqualTo(
                new Problem("patterns.p", 4, "the condition of if needs a condition (a boolean), this is a number"));
        assertThat(only(doc("", "\"p\": \"if(c > 1, true, 2) > 0\""))).isEqualTo(
                new Problem("patterns.p", 1, "the two branches of if must have one type, got a boolean and a number"));
        assertThat(only("{\"name\": \"t\", \"gate\": \"v * 2\", \"patterns\": {\"p\": \"true\"}}")).isEqualTo(
                new Problem("gate", 1, "the gate must be a condition (a boolean expression), this is a number"));
        // a tier is text: no arithmetic, no comparison
        assertThat(only(doc("", "\"p\": \"true\"}, \"columns\": {\"t\": \"tier(c, 10, 'hi', 'lo')\", \"u\": \"t + 1\""))).isEqualTo(
                new Problem("columns.u", 1, "\"t\" is a tier: it can only be a column's whole expression"));
        assertThat(only(doc("\"f\": \"tier(c, 10, 'hi', 'lo')\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 1, "tier(...) is only allowed as the whole expression of a column"));
        assertThat(only(doc("", "\"p\": \"c > 'ten'\""))).isEqualTo(
                new Problem("patterns.p", 5, "a string is only allowed as a label of tier(...)"));
        assertThat(only(doc("", "\"p\": \"true\"}, \"columns\": {\"t\": \"tier(c, 10, 20, 'lo')\""))).isEqualTo(
                new Problem("columns.t", 13, "a label of tier must be a string in quotes"));
    }

    @Test
    void cyclesAmongFeatures() {
        assertThat(only(doc("\"a\": \"b + 1\", \"b\": \"c * a\"", "\"p\": \"a > 0\""))).isEqualTo(
                new Problem("features.a", 1, "cycle: a → b → a"));
        assertThat(only(doc("\"x\": \"c\", \"a\": \"x + shift(a, 1)\"", "\"p\": \"a > 0\""))).isEqualTo(
                new Problem("features.a", 11, "cycle: a → a"));
    }

    @Test
    void cycleAndAnotherProblemInAMemberAreBothReported() {
        assertThat(problems(doc("\"a\": \"b\", \"b\": \"a + zz\"", "\"p\": \"true\""))).containsExactly(
                new Problem("features.a", 1, "cycle: a → b → a"),
                new Problem("features.b", 5, "unknown name \"zz\""));
    }

    @Test
    void whatEachSectionMayUse() {
        assertThat(only("{\"name\": \"t\", \"features\": {\"f\": \"s + 1\"}, \"signals\": {\"s\": \"c\"}, "
                + "\"patterns\": {\"p\": \"true\"}}")).isEqualTo(new Problem("features.f", 1,
                "\"s\" is a signal: features cannot use signals (they are evaluated after the features)"));
        assertThat(only("{\"name\": \"t\", \"signals\": {\"a\": \"b > 1\", \"b\": \"c\"}, \"patterns\": {\"p\": \"a\"}}"))
                .isEqualTo(new Problem("signals.a", 1, "\"b\" is a later signal: a signal may only use earlier signals"));
        assertThat(only("{\"name\": \"t\", \"patterns\": {\"p\": \"c > 1\", \"q\": \"p and c > 2\"}}"))
                .isEqualTo(new Problem("patterns.q", 1,
                        "\"p\" is a pattern: patterns cannot be used in expressions (share a condition through a signal)"));
        assertThat(only("{\"name\": \"t\", \"gate\": \"x > 1\", \"patterns\": {\"p\": \"true\"}, \"columns\": {\"x\": \"c\"}}"))
                .isEqualTo(new Problem("gate", 1, "\"x\" is a column: only later columns can use it"));
        assertThat(only("{\"name\": \"t\", \"patterns\": {\"p\": \"true\"}, \"columns\": {\"x\": \"y\", \"y\": \"c\"}}"))
                .isEqualTo(new Problem("columns.x", 1, "\"y\" is a later column: a column may only use earlier columns"));
    }

    @Test
    void namesMustBeWellFormedUniqueAndNotReserved() {
        assertThat(only(doc("\"Gap\": \"c\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.Gap", 0, "a name must match [a-z][a-z0-9_]{0,63}"));
        assertThat(only(doc("\"sma\": \"c\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.sma", 0, "\"sma\" is a function name"));
        assertThat(only(doc("\"c_ua\": \"c\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.c_ua", 0, "\"c_ua\" is an input and cannot be redefined"));
        assertThat(only(doc("\"missing\": \"c\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.missing", 0, "\"missing\" is a keyword"));
        assertThat(only(doc("\"gap\": \"o - c\"", "\"gap\": \"c > 1\""))).isEqualTo(
                new Problem("patterns.gap", 0, "\"gap\" is already a feature (a column may share a feature's name "
                        + "only when its expression is exactly that name)"));
        assertThat(only("{\"name\": \"t\", \"signals\": {\"s\": \"c\"}, \"patterns\": {\"p\": \"true\"}, \"columns\": {\"s\": \"c\"}}"))
                .isEqualTo(new Problem("columns.s", 0, "\"s\" is already a signal"));
        assertThat(only("{\"name\": \"Bad-Name\", \"patterns\": {\"p\": \"true\"}}")).isEqualTo(
                new Problem("name", 0, "must match [a-z][a-z0-9_]{0,63}, got \"Bad-Name\""));
        // a column may report a feature under the feature's own name
        assertThat(ScannerDefinition.parse(doc("\"gap\": \"o - c\"", "\"p\": \"true\"}, \"columns\": {\"gap\": \"gap\"")).columns())
                .containsExactly("gap");
    }

    @Test
    void unknownKeysAndWrongJsonTypes() {
        assertThat(problems("{\"name\": 5, \"description\": [], \"params\": {\"a\": \"x\"}, \"lookback_days\": 1.5,"
                + " \"rounding\": \"sometimes\", \"premarket\": \"yes\", \"features\": [], \"patterns\": {\"p\": true}}"))
                .containsExactly(
                        new Problem("name", 0, "must be a string, got a number"),
                        new Problem("description", 0, "must be a string, got an array"),
                        new Problem("params.a", 0, "must be a number, got a string"),
                        new Problem("lookback_days", 0, "must be a whole number between 0 and 7320, got 1.5"),
                        new Problem("rounding", 0, "must be \"reference\" or \"none\", got \"sometimes\""),
                        new Problem("premarket", 0, "must be true or false, got a string"),
                        new Problem("features", 0, "must be an object of name → expression, got an array"),
                        new Problem("patterns.p", 0, "must be a string, got a boolean"));
        assertThat(only("{\"name\": \"t\"}")).isEqualTo(new Problem("patterns", 0, "is required: at least one pattern"));
        assertThat(only("{\"name\": \"t\", \"patterns\": {}}")).isEqualTo(new Problem("patterns", 0, "needs at least one pattern"));
        assertThat(only("[1, 2]")).isEqualTo(new Problem("", 0, "a scanner document is a JSON object, {\"name\": …, \"patterns\": {…}}"));
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThat(only("{\"name\": \"t\", \"patterns\": {\"p\": \"true\"},\n \"name\": \"u\"}")).isEqualTo(
                new Problem("name", 0, "duplicate key at line 2, column 2"));
        assertThat(only(doc("\"a\": \"c\", \"a\": \"h\"", "\"p\": \"true\""))).satisfies(p -> {
            assertThat(p.key()).isEqualTo("features.a");
            assertThat(p.message()).startsWith("duplicate key at line 1, column ");
        });
    }

    @Test
    void invalidJsonGivesLineAndColumn() {
        Problem p = only("{\"name\": \"t\",\n  \"patterns\": {\"p\": \"true\",}}");
        assertThat(p.key()).isEmpty();
        assertThat(p.position()).isZero();
        assertThat(p.message()).startsWith("invalid JSON at line 2, column ");
        Problem unclosed = only("{\"name\": \"t\", \"patterns\": {\"p\": \"true\"}");
        assertThat(unclosed.message()).startsWith("invalid JSON at line 1, column ").contains("end-of-input");
        assertThat(only("{\"name\": \"t\", \"patterns\": {\"p\": \"true\"}} {}").message())
                .startsWith("unexpected content after the document's closing '}' at line 1");
        assertThat(problems("{\"name\": \"t\", \"params\": " + "[".repeat(100) + "]".repeat(100) + ", \"patterns\": {\"p\": \"true\"}}"))
                .anySatisfy(p2 -> {
                    assertThat(p2.key()).isEmpty();
                    assertThat(p2.message()).startsWith("invalid JSON at line 1, column ").endsWith("nested too deeply or a value too long");
                });
        assertThat(only("{\"name\": \"t\", \"patterns\": {\"p\": \"true\"}, \"x\": tru}").toString())
                .isEqualTo("invalid JSON at line 1, column 47: Unrecognized token 'tru': was expecting "
                        + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
    }

    @Test
    void syntaxErrorsPointAtTheirCharacter() {
        assertThat(only(doc("", "\"p\": \"(c > 1\""))).isEqualTo(
                new Problem("patterns.p", 7, "expected ')' to close the '(' at position 1, found the end of the expression"));
        assertThat(only(doc("", "\"p\": \"c > 1 > 2\""))).isEqualTo(
                new Problem("patterns.p", 7, "comparisons cannot be chained: join them with 'and'"));
        assertThat(only(doc("", "\"p\": \"c = 1\""))).isEqualTo(
                new Problem("patterns.p", 3, "unexpected '=' (compare with '==')"));
        assertThat(only(doc("", "\"p\": \"c > 1 # note\""))).isEqualTo(
                new Problem("patterns.p", 7, "unexpected character '#'"));
        assertThat(only(doc("", "\"p\": \"c > 1e\""))).isEqualTo(
                new Problem("patterns.p", 5, "malformed number: expected digits in the exponent"));
        assertThat(only(doc("", "\"p\": \"c > $\""))).isEqualTo(
                new Problem("patterns.p", 5, "expected a param name right after '$'"));
        assertThat(only(doc("", "\"p\": \"\""))).isEqualTo(new Problem("patterns.p", 1, "empty expression"));
        assertThat(only(doc("", "\"p\": \"c > 1 c\""))).isEqualTo(
                new Problem("patterns.p", 7, "unexpected 'c' after a complete expression"));
    }

    @Test
    void functionsNeedTheirArgumentsAndWindowsWholeNumbersOfBars() {
        assertThat(only(doc("\"f\": \"sma(c)\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 1, "sma takes 2 arguments (x, n), got 1"));
        assertThat(only(doc("\"f\": \"max(c)\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 1, "max takes 2 or more arguments, got 1"));
        assertThat(only(doc("\"f\": \"steps(c, 1, 2)\"", "\"p\": \"true\""))).isEqualTo(new Problem("features.f", 1,
                "steps takes x, then pairs of threshold and value, then a default: an even number of arguments, 4 or more; got 3"));
        assertThat(only(doc("\"f\": \"c + sma(c, 2.5)\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 12, "the window n of sma must be an integer between 1 and 1000, got 2.5"));
        assertThat(only(doc("\"f\": \"ema(c, 0)\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 8, "the window span of ema must be an integer between 1 and 1000, got 0"));
        assertThat(only(doc("\"f\": \"shift(c, -1)\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 10, "the shift k of shift must be an integer between 0 and 1000, got -1"));
        assertThat(only(doc("\"f\": \"highest(c, 1001)\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 12, "the window n of highest must be an integer between 1 and 1000, got 1001"));
        assertThat(only(doc("\"f\": \"sum(c, h)\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 8, "the window n of sum must be an integer literal or an integer param"));
        assertThat(only(doc("\"f\": \"sum(c, $half)\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 8, "the window n of sum must be an integer between 1 and 1000, but $half is 2.5"));
        assertThat(only(doc("\"f\": \"foo(c)\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 1, "unknown function \"foo\""));
        assertThat(only(doc("\"f\": \"c(1)\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 1, "\"c\" is not a function"));
        assertThat(only(doc("\"f\": \"sma + 1\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 1, "\"sma\" is a function: call it as sma(...)"));
        assertThat(only(doc("\"f\": \"c * $m\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 5, "unknown param \"$m\" (params: n, half)"));
    }

    @Test
    void limitsOfSection4() {
        String longExpression = "c" + " + c".repeat(1100);
        assertThat(only(doc("\"f\": \"" + longExpression + "\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 0, "the expression is 4401 characters, more than the 4096 allowed"));
        String deep = "(".repeat(65) + "c" + ")".repeat(65);
        assertThat(only(doc("\"f\": \"" + deep + "\"", "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f", 65, "expression nested deeper than 64 levels"));
        assertThat(ScannerDefinition.parse(doc("\"f\": \"" + "(".repeat(64) + "c" + ")".repeat(64) + "\"", "\"p\": \"true\"")))
                .isNotNull();
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 257; i++) {
            many.append(i == 0 ? "" : ", ").append("\"f").append(i).append("\": \"c\"");
        }
        assertThat(only(doc(many.toString(), "\"p\": \"true\""))).isEqualTo(
                new Problem("features.f256", 0, "more than 256 features, signals, patterns and columns"));
        String huge = "{\"name\": \"t\", \"description\": \"" + "x".repeat(70_000) + "\", \"patterns\": {\"p\": \"true\"}}";
        assertThat(only(huge)).isEqualTo(new Problem("", 0, "the document is " + huge.length()
                + " bytes, more than the 65536 (64 KiB) allowed"));
    }

    @Test
    void requestParamsAreCheckedWhenTheKernelIsBuilt() {
        ScannerDefinition d = ScannerDefinition.parse("{\"name\": \"t\", \"params\": {\"n\": 5, \"k\": 1},"
                + " \"features\": {\"m\": \"sma(c, $n)\"}, \"patterns\": {\"p\": \"m > $k\"}}");
        assertThatThrownBy(() -> d.kernel(Map.of("min_volume", 1.0)))
                .isInstanceOf(ScannerDefinitionException.class)
                .hasMessage("params.min_volume: unknown param: scanner t has n, k");
        assertThatThrownBy(() -> d.kernel(Map.of("n", 2.5)))
                .hasMessage("params.n: must be an integer between 1 and 1000: it is the window n of sma in features.m; got 2.5");
        assertThatThrownBy(() -> d.kernel(Map.of("k", Double.NaN)))
                .hasMessage("params.k: must be a finite number, got NaN");
        assertThat(d.kernel(Map.of("n", 3.0, "k", 2.0)).columns()).hasSize(1);
    }

    @Test
    void unknownBuiltinNamesTheScanner() {
        assertThatThrownBy(() -> ScannerDefinition.builtin("lcd"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown scanner \"lcd\": the built-in scanners are lc");
    }
}
