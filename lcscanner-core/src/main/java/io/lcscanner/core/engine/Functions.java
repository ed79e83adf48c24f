package io.lcscanner.core.engine;

import io.lcscanner.core.engine.Language.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * The functions of the rule language (scanner-rules.md §3), one row each: name, arguments, result, and
 * either the column loop of an operation over the series (with how far back it reads) or how the
 * binder builds it from bar-by-bar operations. The checker, binder, planner and evaluator read this
 * table; adding a function is one row and its loop.
 */
final class Functions {
    /** What an argument must be. */
    enum Arg {
        /** A number (a condition counts as 0/1), never a tier. */
        NUMBER,
        /** A condition (a boolean). */
        CONDITION,
        /** A number or a condition, never a tier; the result has its type. */
        SERIES,
        /** A window: an integer literal or integer param, 1 … {@value Language#MAX_WINDOW}. */
        WINDOW,
        /** A shift: an integer literal or integer param, 0 … {@value Language#MAX_WINDOW}. */
        SHIFT;

        boolean window() {
            return this == WINDOW || this == SHIFT;
        }
    }

    /** How the checker handles a function's arguments: by its {@link Function#args()} or its own rule. */
    enum Form { FIXED, VARIADIC, IF, STEPS, TIER }

    /** As a result type: the first argument's (a shift of a condition is a condition). */
    static final Type AS_FIRST_ARGUMENT = Type.ERROR;

    /** A reach meaning: reads from the series' first bar on, whatever bars are asked for (a running state). */
    static final int FROM_FIRST_BAR = -1;

    /**
     * The column loop of an operation over a series: bars [from, to) of {@code dst} from {@code x} with
     * window (or shift) {@code n}. {@code head} is the value where a shift has no bar (missing, or false
     * for a condition); {@code prefix} and {@code suffix} are scratch columns of at least {@code to} values.
     * An operation reading from the first bar is always asked for {@code from} = 0.
     */
    @FunctionalInterface
    interface Loop {
        void run(double[] x, int n, double head, double[] dst, int from, int to, double[] prefix, double[] suffix);
    }

    /**
     * The value of an operation over the series at one bar {@code i}, from its operand {@code x} (window or shift
     * {@code n}, {@code head} as in {@link Loop}), reading only bars [i − reach, i]: what {@link Loop} writes at
     * bar i, bit for bit. Lets the evaluator compute a window column at a few bars in question instead of over a
     * range. A running state ({@link #FROM_FIRST_BAR}) may have one too: its value at bar i from bars
     * [i − n + 1, i] alone, which holds only where its operand's values from the first bar are missing or whole
     * and small ({@link Ops#exactlySummable}: a running sum of them is exact; the evaluator checks it per ticker).
     */
    @FunctionalInterface
    interface At {
        double at(double[] x, int n, double head, int i);
    }

    /** A function built from other operations: its node, from its operands' nodes and its window. */
    @FunctionalInterface
    interface Build {
        int build(Graph g, int[] args, int window);
    }

    /**
     * One function. {@code args} name and type its fixed arguments (in a {@link Form#FIXED} signature);
     * {@code result} is its type, or {@link #AS_FIRST_ARGUMENT}. A series operation
     * has a {@code loop}, its {@code reach} — how many bars before a bar it reads for window {@code n}, or
     * {@link #FROM_FIRST_BAR} — its {@code cost} per bar for window {@code n} (see {@link Plan#cost()}), and, if it
     * reads a few bars back (or is a mean, over whole operands), its value at one bar ({@code at}, else null) and
     * whether that value reads its operand at bar i − n alone ({@code readsOneBar}: a shift, whose operand is then
     * wanted at those bars only); any other function has a {@code build}.
     */
    record Function(String name, Form form, List<String> argNames, List<Arg> args, Type result, Loop loop,
                    IntUnaryOperator reach, IntUnaryOperator cost, At at, boolean readsOneBar, Build build) {
        /** The signature as error messages show it, e.g. {@code (x, n)}. */
        String signature() {
            return "(" + String.join(", ", argNames) + ")";
        }

        boolean isSeries() {
            return loop != null;
        }

        boolean fromFirstBar() {
            return isSeries() && reach.applyAsInt(1) == FROM_FIRST_BAR;
        }

        /** The index of its window argument, or −1. */
        int windowArg() {
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).window()) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static Function series(String name, List<String> argNames, List<Arg> args, Type result, Loop loop,
                                   IntUnaryOperator reach, IntUnaryOperator cost) {
        return series(name, argNames, args, result, loop, reach, cost, null, false);
    }

    /** A window operation with its value at one bar, and whether that value reads its operand at one bar alone. */
    private static Function series(String name, List<String> argNames, List<Arg> args, Type result, Loop loop,
                                   IntUnaryOperator reach, IntUnaryOperator cost, At at, boolean readsOneBar) {
        return new Function(name, Form.FIXED, argNames, args, result, loop, reach, cost, at, readsOneBar, null);
    }

    private static Function built(String name, Form form, List<String> argNames, List<Arg> args, Type result,
                                  Build build) {
        return new Function(name, form, argNames, args, result, null, null, null, null, false, build);
    }

    private static final IntUnaryOperator FIRST = n -> FROM_FIRST_BAR;
    private static final IntUnaryOperator ONE = n -> 1;

    /** Every function, in the order of scanner-rules.md §3's table. */
    static final List<Function> TABLE = List.of(
            series("shift", List.of("x", "k"), List.of(Arg.SERIES, Arg.SHIFT), AS_FIRST_ARGUMENT,
                    (x, n, head, dst, from, to, p, s) -> Ops.shift(x, n, head, dst, from, to), n -> n, ONE,
                    (x, n, head, i) -> i < n ? head : x[i - n], true),
            // a running state with a value at one bar: where its operand is whole and small (volumes) from the first bar
            series("sma", List.of("x", "n"), List.of(Arg.NUMBER, Arg.WINDOW), Type.NUMBER,
                    (x, n, head, dst, from, to, p, s) -> RollingMean.mean(x, to, n, dst), FIRST, ONE,
                    (x, n, head, i) -> RollingMean.exactAt(x, n, i), false),
            // added left to right per bar (spec §3's order): n additions a bar, the estimate's worst case (a
            // running sum where every value is whole and small, when that gives the same bits)
            series("sum", List.of("x", "n"), List.of(Arg.NUMBER, Arg.WINDOW), Type.NUMBER,
                    (x, n, head, dst, from, to, p, s) -> Ops.sum(x, n, dst, from, to), n -> n - 1, n -> n),
            series("ema", List.of("x", "span"), List.of(Arg.NUMBER, Arg.WINDOW), Type.NUMBER,
                    (x, n, head, dst, from, to, p, s) -> Ops.ema(x, n, dst, to), FIRST, ONE),
            series("highest", List.of("x", "n"), List.of(Arg.NUMBER, Arg.WINDOW), Type.NUMBER,
                    (x, n, head, dst, from, to, p, s) -> Ops.extreme(x, n, true, dst, from, to, p, s), n -> n - 1, n -> 3,
                    (x, n, head, i) -> Ops.extremeAt(x, n, true, i), false),
            series("lowest", List.of("x", "n"), List.of(Arg.NUMBER, Arg.WINDOW), Type.NUMBER,
                    (x, n, head, dst, from, to, p, s) -> Ops.extreme(x, n, false, dst, from, to, p, s), n -> n - 1, n -> 3,
                    (x, n, head, i) -> Ops.extremeAt(x, n, false, i), false),
            built("max", Form.VARIADIC, List.of("a", "b", "…"), List.of(), Type.NUMBER, (g, a, w) -> chain(g, Op.MAX, a)),
            built("min", Form.VARIADIC, List.of("a", "b", "…"), List.of(), Type.NUMBER, (g, a, w) -> chain(g, Op.MIN, a)),
            series("stdev", List.of("x", "n"), List.of(Arg.NUMBER, Arg.WINDOW), Type.NUMBER,
                    (x, n, head, dst, from, to, p, s) -> Ops.stdev(x, n, dst, to), FIRST, ONE),
            series("rsi", List.of("x", "n"), List.of(Arg.NUMBER, Arg.WINDOW), Type.NUMBER,
                    (x, n, head, dst, from, to, p, s) -> Ops.rsi(x, n, dst, to), FIRST, ONE),
            series("bars_since", List.of("cond"), List.of(Arg.CONDITION), Type.NUMBER,
                    (x, n, head, dst, from, to, p, s) -> Ops.barsSince(x, dst, to), FIRST, ONE),
            built("crosses_above", Form.FIXED, List.of("a", "b"), List.of(Arg.NUMBER, Arg.NUMBER), Type.BOOL,
                    (g, a, w) -> crossing(g, Op.GT, Op.LE, a)),
            built("crosses_below", Form.FIXED, List.of("a", "b"), List.of(Arg.NUMBER, Arg.NUMBER), Type.BOOL,
                    (g, a, w) -> crossing(g, Op.LT, Op.GE, a)),
            built("abs", Form.FIXED, List.of("x"), List.of(Arg.NUMBER), Type.NUMBER,
                    (g, a, w) -> g.pointwise(Op.ABS, Type.NUMBER, a[0])),
            // the branches' type, as its checker (Form.IF) and its build say
            built("if", Form.IF, List.of("condition", "then", "else"), List.of(), Type.ERROR,
                    (g, a, w) -> g.pointwise(Op.IF, g.node(a[1]).type, a[0], a[1], a[2])),
            built("steps", Form.STEPS, List.of("x", "t1", "v1", "…", "default"), List.of(), Type.NUMBER,
                    (g, a, w) -> g.pointwise(Op.STEPS, Type.NUMBER, a)),
            built("tier", Form.TIER, List.of("x", "t1", "\"s1\"", "…", "\"default\""), List.of(), Type.TEXT, null));

    private static final Map<String, Function> BY_NAME = new LinkedHashMap<>();

    static {
        for (Function f : TABLE) {
            BY_NAME.put(f.name(), f);
        }
    }

    private Functions() {
    }

    /** The function of that name, or null. */
    static Function get(String name) {
        return BY_NAME.get(name);
    }

    static boolean isFunction(String name) {
        return BY_NAME.containsKey(name);
    }

    /** The names, in table order. */
    static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** {@code a today b and a before b} on the previous bar: false where any of the four is missing. */
    private static int crossing(Graph g, Op today, Op before, int[] ab) {
        Function shift = get("shift");
        // numbers even for a condition's 0/1: the first bar's "previous" value is missing, not false
        int a1 = g.series(shift, Type.NUMBER, ab[0], 1), b1 = g.series(shift, Type.NUMBER, ab[1], 1);
        return g.pointwise(Op.AND, Type.BOOL, g.pointwise(today, Type.BOOL, ab[0], ab[1]),
                g.pointwise(before, Type.BOOL, a1, b1));
    }

    /** a op b op c …, left to right. */
    private static int chain(Graph g, Op op, int[] args) {
        int acc = args[0];
        for (int i = 1; i < args.length; i++) {
            acc = g.pointwise(op, Type.NUMBER, acc, args[i]);
        }
        return acc;
    }
}
