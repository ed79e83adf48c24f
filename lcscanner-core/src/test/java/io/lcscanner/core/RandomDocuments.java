package io.lcscanner.core;

import io.lcscanner.core.engine.EngineAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random and mutated scanner documents and expressions for fuzz tests, drawn from a seeded random source
 * (so a test sees the same cases every run): well-typed documents that mostly compile, random ones that
 * mostly do not, and one to three random edits of either. In core's test-jar, for the library's fuzz test
 * and the server's.
 */
public final class RandomDocuments {
    private static final List<String> NAMES = List.of("o", "h", "l", "c", "v", "o_ua", "h_ua", "l_ua", "c_ua", "v_ua",
            "f1", "f2", "f3", "s1", "s2", "col1", "p1", "zz", "shift", "and", "missing", "true", "false", "Cc");
    /** The language's functions, from its function table, and one that does not exist. */
    private static final List<String> FUNCTIONS = java.util.stream.Stream.concat(
            EngineAccess.functionNames().stream(), java.util.stream.Stream.of("foo")).toList();
    private static final List<String> WINDOW_FUNCTIONS = EngineAccess.windowFunctions();
    private static final List<String> OPERATORS = List.of("+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and",
            "or", "=", "!");
    private static final String CHARS = "abcehlov_0123456789.$()+-*/<>=!,'\" \n\t{}[]:éZ";

    private final SplittableRandom random;

    public RandomDocuments(SplittableRandom random) {
        this.random = random;
    }

    /** The random source the cases are drawn from (a test may draw its own choices from it too). */
    public SplittableRandom random() {
        return random;
    }

    /** Valid documents that {@link #mutate} starts from: LC and a small document using most of the language. */
    public List<String> seeds() {
        return List.of(ScannerDefinition.lc().json(), validDocument(), validDocument());
    }

    /** Case {@code k} of a fuzz run: a random document, a mutated seed, a random expression, or a typed document. */
    public String document(int k, List<String> seeds) {
        return switch (k % 5) {
            case 0 -> randomDocument();
            case 1 -> mutate(seeds.get(random.nextInt(seeds.size())));
            case 2 -> withExpression(randomExpression(4));
            case 3 -> withExpression(mutate(randomExpression(3)));
            default -> random.nextInt(4) == 0 ? mutate(typedDocument()) : typedDocument();
        };
    }

    public String validDocument() {
        return "{\"name\": \"fz\", \"params\": {\"n\": 3, \"k\": 1.5}, \"rounding\": \"reference\","
                + " \"features\": {\"f1\": \"shift(c, 1)\", \"f2\": \"sma(v, $n) / f1\", \"f3\": \"highest(h, 5) - lowest(l, 5)\"},"
                + " \"signals\": {\"s1\": \"c > f1 and f3 > 0\", \"s2\": \"steps(f2, 3, 2, 1, 1, 0)\"},"
                + " \"gate\": \"v > 1000\","
                + " \"patterns\": {\"p1\": \"s1 or f2 >= $k\", \"p2\": \"not s1 and ema(c, 4) > f1\"},"
                + " \"columns\": {\"col1\": \"s2 * 2\", \"col2\": \"tier(f3, 2, 'wide', 'narrow')\", \"f1\": \"f1\"}}";
    }

    /** A document around one expression, used where a feature, a pattern or a column would be. */
    public String withExpression(String expression) {
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

    public String randomDocument() {
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
    public String typedDocument() {
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
            case 9 -> WINDOW_FUNCTIONS.get(random.nextInt(WINDOW_FUNCTIONS.size())) + "(" + num(depth - 1, features)
                    + ", " + (random.nextInt(5) == 0 ? "$n" : 1 + random.nextInt(25)) + ")";
            case 10 -> (random.nextBoolean() ? "max(" : "min(") + num(depth - 1, features) + ", " + num(depth - 1, features)
                    + (random.nextBoolean() ? ", " + num(depth - 1, features) : "") + ")";
            case 11 -> random.nextBoolean() ? "abs(" + num(depth - 1, features) + ")"
                    : "bars_since(" + bool(depth - 1, features) + ")";
            case 12 -> "if(" + bool(depth - 1, features) + ", " + num(depth - 1, features) + ", " + num(depth - 1, features) + ")";
            case 13 -> "steps(" + num(depth - 1, features) + ", " + num(0, features) + ", " + num(0, features) + ", "
                    + finiteNumber() + ", " + finiteNumber() + ", " + num(0, features) + ")";
            default -> num(depth - 1, features) + " / (" + num(depth - 1, features) + " - " + num(0, features) + ")";
        };
    }

    private String bool(int depth, int features) {
        int choice = random.nextInt(depth <= 0 ? 2 : 9);
        return switch (choice) {
            case 0 -> random.nextBoolean() ? "true" : "false";
            case 1 -> num(0, features) + " " + List.of("<", "<=", ">", ">=", "==", "!=").get(random.nextInt(6)) + " " + num(0, features);
            case 2, 3 -> num(depth - 1, features) + " " + List.of("<", "<=", ">", ">=", "==", "!=").get(random.nextInt(6)) + " "
                    + num(depth - 1, features);
            case 4 -> bool(depth - 1, features) + (random.nextBoolean() ? " and " : " or ") + bool(depth - 1, features);
            case 5 -> "not " + bool(depth - 1, features);
            case 6 -> "shift(" + bool(depth - 1, features) + ", " + random.nextInt(4) + ")";
            case 7 -> (random.nextBoolean() ? "crosses_above(" : "crosses_below(") + num(depth - 1, features) + ", "
                    + num(depth - 1, features) + ")";
            default -> "if(" + bool(depth - 1, features) + ", " + bool(depth - 1, features) + ", " + bool(depth - 1, features) + ")";
        };
    }

    public String randomExpression(int depth) {
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
        int fixed = EngineAccess.fixedArity(fn);
        int arity = switch (fn) {
            case "steps", "tier" -> 2 + 2 * random.nextInt(3);
            case "if" -> 3;
            default -> fixed > 0 ? fixed : 2;
        };
        arity += random.nextInt(6) == 0 ? random.nextInt(3) - 1 : 0;
        List<String> args = new ArrayList<>();
        for (int i = 0; i < arity; i++) {
            boolean window = EngineAccess.isWindowArgument(fn, i);
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
    public String mutate(String text) {
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
