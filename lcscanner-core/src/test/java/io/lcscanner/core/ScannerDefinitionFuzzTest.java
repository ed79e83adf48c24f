package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.engine.EngineAccess;
import io.lcscanner.core.engine.OutputColumn;
import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * 1,000 random and mutated documents and expressions (seeded, so every run is the same): each is either
 * refused with a {@link ScannerDefinitionException} or compiles within a generous 100 ms, and every one
 * that compiles scans a few synthetic tickers without an exception, its rows shaped as its columns say,
 * the lazy evaluator finding exactly what the evaluator that computes everything finds.
 */
class ScannerDefinitionFuzzTest {
    private static final long SEED = 20_251_130L;
    private static final List<String> NAMES = List.of("o", "h", "l", "c", "v", "o_ua", "h_ua", "l_ua", "c_ua", "v_ua",
            "f1", "f2", "f3", "s1", "s2", "col1", "p1", "zz", "shift", "and", "missing", "true", "false", "Cc");
    private static final List<String> FUNCTIONS = List.of("shift", "sma", "sum", "ema", "highest", "lowest", "max",
            "min", "abs", "if", "steps", "tier", "foo");
    private static final List<String> OPERATORS = List.of("+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and",
            "or", "=", "!");
    private static final String CHARS = "abcehlov_0123456789.$()+-*/<>=!,'\" \n\t{}[]:éZ";

    private SplittableRandom random = new SplittableRandom(SEED + 1);

    @Test
    void randomAndMutatedDocumentsAreRefusedCleanlyOrCompileFastAndRun() throws Exception {
        List<BarSeries> series = new ArrayList<>();
        BarSource.Window w = new SyntheticMarket(7, 6).open(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 6, 30),
                t -> true, BarSource.LoadListener.NONE);
        for (int i = 0; i < w.tickerCount(); i++) {
            series.add(w.series(i));
        }
        List<String> seeds = List.of(ScannerDefinition.lc().json(), validDocument(), validDocument());
        // class loading and a first JIT pass out of the timings: a batch of another seed, untimed
        for (int k = 0; k < 60; k++) {
            String doc = k % 3 == 0 ? randomDocument() : k % 3 == 1 ? typedDocument() : mutate(seeds.get(k % seeds.size()));
            try {
                ScannerDefinition.parse(doc).kernel(Map.of()).newEvaluator().scan(series.get(0), 0, Integer.MAX_VALUE,
                        (t, d, r) -> { });
            } catch (ScannerDefinitionException expected) {
                // refused: fine
            }
        }
        random = new SplittableRandom(SEED);
        int[] outcome = new int[2];
        Assertions.assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            for (int k = 0; k < 1000; k++) {
                String doc = switch (k % 5) {
                    case 0 -> randomDocument();
                    case 1 -> mutate(seeds.get(random.nextInt(seeds.size())));
                    case 2 -> withExpression(randomExpression(4));
                    case 3 -> withExpression(mutate(randomExpression(3)));
                    default -> random.nextInt(4) == 0 ? mutate(typedDocument()) : typedDocument();
                };
                outcome[tryDocument(k, doc, series) ? 0 : 1]++;
            }
        });
        // both outcomes must be well represented for the test to mean something
        assertThat(outcome[0]).as("documents that compiled").isGreaterThan(200);
        assertThat(outcome[1]).as("documents refused").isGreaterThan(500);
    }

    /**
     * Documents at the limits of §4, shaped to be expensive: the longest chains in the largest
     * document, 250 signals each using the previous one twice (a tree expanded naively doubles at each),
     * 250 features of series operations on each other. Each compiles within a generous second (after a
     * first, cold compile) and scans as the evaluator computing everything does.
     */
    @Test
    void documentsAtTheLimitsCompileAndRunInBoundedTime() throws Exception {
        List<BarSeries> series = new ArrayList<>();
        BarSource.Window w = new SyntheticMarket(7, 6).open(LocalDate.of(2024, 1, 1), LocalDate.of(2025, 6, 30),
                t -> true, BarSource.LoadListener.NONE);
        for (int i = 0; i < w.tickerCount(); i++) {
            series.add(w.series(i));
        }
        StringBuilder chains = new StringBuilder(), sum = new StringBuilder("f0");
        for (int i = 0; i < 15; i++) {
            chains.append(i == 0 ? "" : ", ").append("\"f").append(i).append("\": \"c").append(" + h".repeat(1020)).append('"');
            sum.append(i == 0 ? "" : " + f" + i);
        }
        StringBuilder signals = new StringBuilder("\"s0\": \"c > o\"");
        StringBuilder series250 = new StringBuilder("\"g0\": \"c\"");
        for (int i = 1; i < 250; i++) {
            signals.append(", \"s").append(i).append("\": \"(s").append(i - 1).append(" and s").append(i - 1)
                    .append(" or h > ").append(i).append(") and (s").append(i - 1).append(" or c > ").append(i).append(")\"");
            series250.append(", \"g").append(i).append("\": \"shift(g").append(i - 1).append(", 1) + sma(g").append(i - 1)
                    .append(", 3) - ema(g").append(i - 1).append(", 5)\"");
        }
        List<String> docs = List.of(
                "{\"name\": \"a\", \"features\": {" + chains + "}, \"patterns\": {\"p\": \"" + sum + " > 0\"},"
                        + " \"columns\": {\"x\": \"f14\"}}",
                "{\"name\": \"b\", \"signals\": {" + signals + "}, \"patterns\": {\"p\": \"s249\"},"
                        + " \"columns\": {\"x\": \"if(s249, 1, 0)\"}}",
                "{\"name\": \"c\", \"features\": {" + series250 + "}, \"patterns\": {\"p\": \"g249 > 0 or c > 0\"},"
                        + " \"columns\": {\"x\": \"g249\"}}");
        for (String doc : docs) {
            assertThat(doc.length()).isLessThanOrEqualTo(64 * 1024);
            ScannerDefinition.parse(doc).kernel(Map.of()); // cold
            long start = System.nanoTime();
            ScanKernel kernel = ScannerDefinition.parse(doc).kernel(Map.of(), false);
            assertThat((System.nanoTime() - start) / 1_000_000).as("compile of %s", doc.substring(0, 20)).isLessThan(1000);
            LocalDate from = LocalDate.of(2024, 9, 1), to = LocalDate.of(2025, 6, 30);
            List<KernelHits.Row> lazy = KernelHits.rows(kernel, series, from, to, 200);
            assertThat(lazy).isNotEmpty();
            LcDocumentSyntheticTest.assertSameRows(kernel, lazy,
                    KernelHits.rows(EngineAccess.eagerEvaluator(kernel), series, from, to, 200));
        }
    }

    /** True if the document compiled (and ran), false if refused. */
    private boolean tryDocument(int k, String doc, List<BarSeries> series) {
        ScanKernel kernel = null;
        ScannerDefinitionException refused = null;
        boolean rounding = random.nextBoolean();
        long ms = Long.MAX_VALUE;
        // a compile that is slow stays slow; a pause of the (shared) machine does not come back: time up to 3 tries
        for (int attempt = 0; attempt < 3 && ms >= 100; attempt++) {
            long start = System.nanoTime();
            try {
                kernel = ScannerDefinition.parse(doc).kernel(Map.of(), rounding);
            } catch (ScannerDefinitionException e) {
                refused = e;
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("case " + k + " threw " + e + " for\n" + doc, e);
            }
            ms = Math.min(ms, (System.nanoTime() - start) / 1_000_000);
        }
        assertThat(ms).as("case %d took %d ms to check and compile:\n%s", k, ms, doc).isLessThan(100);
        if (refused != null) {
            assertThat(refused.problems()).isNotEmpty();
            assertThat(refused.getMessage()).doesNotContain("Exception", "io.lcscanner", "com.fasterxml");
            return false;
        }
        try {
            List<OutputColumn> columns = kernel.columns();
            LocalDate from = LocalDate.of(2024, 9, 1), to = LocalDate.of(2025, 6, 30);
            List<KernelHits.Row> lazy = KernelHits.rows(kernel, series, from, to, 200);
            for (KernelHits.Row r : lazy) {
                assertThat(r.values()).hasSize(columns.size());
                for (int c = 0; c < columns.size(); c++) {
                    double v = r.values()[c];
                    switch (columns.get(c).kind()) {
                        case FLAG -> assertThat(v).isIn(0.0, 1.0);
                        case TEXT -> assertThat((int) v).isBetween(0, columns.get(c).labels().size() - 1);
                        default -> {
                        }
                    }
                }
            }
            List<KernelHits.Row> eager = KernelHits.rows(EngineAccess.eagerEvaluator(kernel), series, from, to, 200);
            LcDocumentSyntheticTest.assertSameRows(kernel, lazy, eager);
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("case " + k + " failed to evaluate: " + e + " for\n" + doc, e);
        }
        return true;
    }

    // ---- generators ----------------------------------------------------------------------------

    private String validDocument() {
        return "{\"name\": \"fz\", \"params\": {\"n\": 3, \"k\": 1.5}, \"rounding\": \"reference\","
                + " \"features\": {\"f1\": \"shift(c, 1)\", \"f2\": \"sma(v, $n) / f1\", \"f3\": \"highest(h, 5) - lowest(l, 5)\"},"
                + " \"signals\": {\"s1\": \"c > f1 and f3 > 0\", \"s2\": \"steps(f2, 3, 2, 1, 1, 0)\"},"
                + " \"gate\": \"v > 1000\","
                + " \"patterns\": {\"p1\": \"s1 or f2 >= $k\", \"p2\": \"not s1 and ema(c, 4) > f1\"},"
                + " \"columns\": {\"col1\": \"s2 * 2\", \"col2\": \"tier(f3, 2, 'wide', 'narrow')\", \"f1\": \"f1\"}}";
    }

    /** A document around one expression, used where a feature, a pattern or a column would be. */
    private String withExpression(String expression) {
        String e = RuleTestingJson.quote(expression);
        return switch (random.nextInt(3)) {
            case 0 -> "{\"name\": \"fz\", \"params\": {\"n\": 3}, \"features\": {\"f1\": " + e + "},"
                    + " \"patterns\": {\"p1\": \"f1 > 0 or c > 0\"}, \"columns\": {\"col1\": \"f1\"}}";
            case 1 -> "{\"name\": \"fz\", \"params\": {\"n\": 3}, \"features\": {\"f1\": \"c\", \"f2\": \"v\", \"f3\": \"h\"},"
                    + " \"patterns\": {\"p1\": " + e + "}}";
            default -> "{\"name\": \"fz\", \"params\": {\"n\": 3}, \"features\": {\"f1\": \"c\", \"f2\": \"v\", \"f3\": \"h\"},"
                    + " \"signals\": {\"s1\": \"c > o\"}, \"patterns\": {\"p1\": \"true\"}, \"columns\": {\"col1\": " + e + "}}";
        };
    }

    private String randomDocument() {
        StringBuilder sb = new StringBuilder("{\"name\": \"").append(random.nextInt(10) == 0 ? "Bad name" : "fz").append('"');
        sb.append(", \"params\": {\"n\": ").append(random.nextInt(8)).append(", \"k\": ").append(random.nextInt(5) * 0.5).append('}');
        if (random.nextInt(4) == 0) {
            sb.append(", \"rounding\": \"").append(random.nextBoolean() ? "reference" : "none").append('"');
        }
        String[] sections = {"features", "signals", "patterns", "columns"};
        String[][] names = {{"f1", "f2", "f3"}, {"s1", "s2"}, {"p1", "p2"}, {"col1", "col2"}};
        for (int s = 0; s < sections.length; s++) {
            if (random.nextInt(5) == 0 && s != 2) {
                continue;
            }
            sb.append(", \"").append(sections[s]).append("\": {");
            int count = 1 + random.nextInt(names[s].length);
            for (int i = 0; i < count; i++) {
                sb.append(i == 0 ? "" : ", ").append('"').append(names[s][i]).append("\": ")
                        .append(RuleTestingJson.quote(randomExpression(3)));
            }
            sb.append('}');
        }
        if (random.nextBoolean()) {
            sb.append(", \"gate\": ").append(RuleTestingJson.quote(randomExpression(2)));
        }
        if (random.nextInt(10) == 0) {
            sb.append(", \"extra\": [1, {\"a\": null}]");
        }
        return sb.append('}').toString();
    }

    /** A document of well-typed random expressions: most compile, and exercise every operation. */
    private String typedDocument() {
        StringBuilder sb = new StringBuilder("{\"name\": \"fz\", \"params\": {\"n\": ").append(1 + random.nextInt(20))
                .append(", \"k\": 0.5}, \"rounding\": \"").append(random.nextBoolean() ? "reference" : "none")
                .append("\", \"features\": {");
        int features = 1 + random.nextInt(4);
        for (int i = 0; i < features; i++) {
            String e = random.nextInt(4) == 0 ? bool(3, i) : num(3, i);
            sb.append(i == 0 ? "" : ", ").append("\"f").append(i).append("\": ").append(RuleTestingJson.quote(e));
        }
        sb.append("}, \"signals\": {\"s0\": ").append(RuleTestingJson.quote(bool(2, features))).append('}');
        if (random.nextBoolean()) {
            sb.append(", \"gate\": ").append(RuleTestingJson.quote(bool(2, features)));
        }
        sb.append(", \"patterns\": {\"p0\": ").append(RuleTestingJson.quote(random.nextBoolean() ? bool(3, features)
                : "s0 or " + bool(2, features))).append(", \"p1\": ").append(RuleTestingJson.quote(bool(3, features)))
                .append("}, \"columns\": {\"x0\": ").append(RuleTestingJson.quote(num(3, features)))
                .append(", \"x1\": \"tier(").append(num(1, features)).append(", 1, 'hi', 0, 'mid', 'lo')\"")
                .append(", \"x2\": ").append(RuleTestingJson.quote(bool(2, features))).append("}}");
        return sb.toString();
    }

    /** A numeric expression over inputs, params and features f0 … f(features−1), some of them boolean. */
    private String num(int depth, int features) {
        int choice = random.nextInt(depth <= 0 ? 4 : 16);
        return switch (choice) {
            case 0 -> NAMES.get(random.nextInt(10));
            case 1 -> finiteNumber();
            case 2 -> random.nextBoolean() ? "$k" : "missing";
            case 3 -> features > 0 ? "f" + random.nextInt(features) : "c";
            case 4, 5 -> num(depth - 1, features) + " " + "+-*/".charAt(random.nextInt(4)) + " " + num(depth - 1, features);
            case 6 -> "-" + num(depth - 1, features);
            case 7 -> "(" + bool(depth - 1, features) + ") * " + num(depth - 1, features);
            case 8 -> "shift(" + num(depth - 1, features) + ", " + (random.nextInt(5) == 0 ? "$n" : random.nextInt(6)) + ")";
            case 9 -> List.of("sma", "sum", "ema", "highest", "lowest").get(random.nextInt(5)) + "(" + num(depth - 1, features)
                    + ", " + (random.nextInt(5) == 0 ? "$n" : 1 + random.nextInt(25)) + ")";
            case 10 -> (random.nextBoolean() ? "max(" : "min(") + num(depth - 1, features) + ", " + num(depth - 1, features)
                    + (random.nextBoolean() ? ", " + num(depth - 1, features) : "") + ")";
            case 11 -> "abs(" + num(depth - 1, features) + ")";
            case 12 -> "if(" + bool(depth - 1, features) + ", " + num(depth - 1, features) + ", " + num(depth - 1, features) + ")";
            case 13 -> "steps(" + num(depth - 1, features) + ", " + num(0, features) + ", " + num(0, features) + ", "
                    + finiteNumber() + ", " + finiteNumber() + ", " + num(0, features) + ")";
            default -> num(depth - 1, features) + " / (" + num(depth - 1, features) + " - " + num(0, features) + ")";
        };
    }

    private String bool(int depth, int features) {
        int choice = random.nextInt(depth <= 0 ? 2 : 8);
        return switch (choice) {
            case 0 -> random.nextBoolean() ? "true" : "false";
            case 1 -> num(0, features) + " " + List.of("<", "<=", ">", ">=", "==", "!=").get(random.nextInt(6)) + " " + num(0, features);
            case 2, 3 -> num(depth - 1, features) + " " + List.of("<", "<=", ">", ">=", "==", "!=").get(random.nextInt(6)) + " "
                    + num(depth - 1, features);
            case 4 -> bool(depth - 1, features) + (random.nextBoolean() ? " and " : " or ") + bool(depth - 1, features);
            case 5 -> "not " + bool(depth - 1, features);
            case 6 -> "shift(" + bool(depth - 1, features) + ", " + random.nextInt(4) + ")";
            default -> "if(" + bool(depth - 1, features) + ", " + bool(depth - 1, features) + ", " + bool(depth - 1, features) + ")";
        };
    }

    private String randomExpression(int depth) {
        int choice = random.nextInt(depth <= 0 ? 3 : 9);
        return switch (choice) {
            case 0 -> NAMES.get(random.nextInt(NAMES.size()));
            case 1 -> number();
            case 2 -> random.nextInt(4) == 0 ? "$" + (random.nextBoolean() ? "n" : "q") : NAMES.get(random.nextInt(10));
            case 3, 4 -> randomExpression(depth - 1) + " " + OPERATORS.get(random.nextInt(OPERATORS.size())) + " "
                    + randomExpression(depth - 1);
            case 5 -> (random.nextBoolean() ? "not " : "-") + randomExpression(depth - 1);
            case 6 -> "(" + randomExpression(depth - 1) + ")";
            default -> call(depth);
        };
    }

    private String call(int depth) {
        String fn = FUNCTIONS.get(random.nextInt(FUNCTIONS.size()));
        int arity = switch (fn) {
            case "steps", "tier" -> 2 + 2 * random.nextInt(3);
            case "if" -> 3;
            case "abs" -> 1;
            default -> 2;
        };
        arity += random.nextInt(6) == 0 ? random.nextInt(3) - 1 : 0;
        List<String> args = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
            boolean window = i == 1 && List.of("shift", "sma", "sum", "ema", "highest", "lowest").contains(fn);
            boolean label = fn.equals("tier") && i > 0 && (i % 2 == 0 || i == arity - 1);
            args.add(window ? (random.nextInt(5) == 0 ? randomExpression(0) : String.valueOf(random.nextInt(30)))
                    : label ? "'t" + i + "'" : randomExpression(depth - 1));
        }
        return fn + "(" + String.join(", ", args) + ")";
    }

    private String number() {
        return switch (random.nextInt(6)) {
            case 0 -> "0";
            case 1 -> String.valueOf(random.nextInt(100));
            case 2 -> String.valueOf(random.nextInt(1000) / 100.0);
            case 3 -> "1e" + (random.nextInt(12) - 3);
            case 4 -> "1e400";
            default -> "2.5e-3";
        };
    }

    private String finiteNumber() {
        String n = number();
        return n.equals("1e400") ? "1e300" : n;
    }

    /** One to three random edits: delete, insert, replace, duplicate or swap characters, or cut the text short. */
    private String mutate(String text) {
        StringBuilder sb = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && sb.length() > 0; e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(6)) {
                case 0 -> sb.delete(at, Math.min(sb.length(), at + 1 + random.nextInt(8)));
                case 1 -> sb.insert(at, CHARS.charAt(random.nextInt(CHARS.length())));
                case 2 -> sb.setCharAt(at, CHARS.charAt(random.nextInt(CHARS.length())));
                case 3 -> {
                    int end = Math.min(sb.length(), at + 1 + random.nextInt(20));
                    sb.insert(end, sb.substring(at, end));
                }
                case 4 -> {
                    int other = random.nextInt(sb.length());
                    char a = sb.charAt(at);
                    sb.setCharAt(at, sb.charAt(other));
                    sb.setCharAt(other, a);
                }
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }

    /** JSON string quoting of an expression. */
    private static final class RuleTestingJson {
        static String quote(String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (char ch : s.toCharArray()) {
                switch (ch) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\t' -> sb.append("\\t");
                    default -> sb.append(ch);
                }
            }
            return sb.append('"').toString();
        }
    }
}
