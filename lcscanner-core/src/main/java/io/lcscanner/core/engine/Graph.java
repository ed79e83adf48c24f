package io.lcscanner.core.engine;

import io.lcscanner.core.engine.Language.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A document's expressions as one graph of operations, every distinct computation once: a node is
 * added only if no equal node exists ({@code shift(c, 1)} written in ten places is one column), and an
 * operation whose operands are all constants is computed here, with the very loops that evaluate it
 * over columns. Node ids are a topological order: operands always come first.
 */
final class Graph {
    static final class Node {
        final int id;
        final Op op;
        final Type type;
        final int[] args;
        /** A constant's value. */
        final double value;
        /** An input's index; a series operation's window or shift. */
        final int n;
        /** A tier's labels (a STEPS of type TEXT). */
        final List<String> labels;
        /** A SERIES node's function. */
        final Functions.Function fn;

        Node(int id, Op op, Type type, int[] args, double value, int n, List<String> labels, Functions.Function fn) {
            this.id = id;
            this.op = op;
            this.type = type;
            this.args = args;
            this.value = value;
            this.n = n;
            this.labels = labels;
            this.fn = fn;
        }

        boolean isConst() {
            return op == Op.CONST;
        }

        /** A series operation reading from the first bar on (a running state), whatever bars are asked for. */
        boolean fromFirstBar() {
            return fn != null && fn.fromFirstBar();
        }

        @Override
        public String toString() {
            return id + ":" + (fn != null ? fn.name() : op) + (op == Op.CONST ? "(" + value + ")" : "") + Arrays.toString(args)
                    + (op.shape == Op.Shape.SERIES || op == Op.INPUT ? "/" + n : "");
        }
    }

    /** A node's identity: operation, type, operands, constant, window, labels. */
    private static final class Key {
        private final Op op;
        private final Type type;
        private final int[] args;
        private final long bits;
        private final int n;
        private final List<String> labels;
        private final Functions.Function fn;
        private final int hash;

        Key(Op op, Type type, int[] args, long bits, int n, List<String> labels, Functions.Function fn) {
            this.op = op;
            this.type = type;
            this.args = args;
            this.bits = bits;
            this.n = n;
            this.labels = labels;
            this.fn = fn;
            this.hash = ((Arrays.hashCode(args) * 31 + op.hashCode()) * 31 + Long.hashCode(bits)) * 31 + n;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.op == op && k.type == type && k.bits == bits && k.n == n
                    && k.fn == fn
                    && Arrays.equals(k.args, args) && k.labels.equals(labels);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    final List<Node> nodes = new ArrayList<>();
    private final Map<Key, Integer> index = new HashMap<>();

    Node node(int id) {
        return nodes.get(id);
    }

    int size() {
        return nodes.size();
    }

    int constant(double value, Type type) {
        return intern(Op.CONST, type, new int[0], value, 0, List.of(), null);
    }

    int input(int index) {
        return intern(Op.INPUT, Type.NUMBER, new int[0], 0, index, List.of(), null);
    }

    /** A series operation ({@code n} its window or shift) of the type its result has. */
    int series(Functions.Function fn, Type type, int arg, int n) {
        if (n == 0 && fn.args().contains(Functions.Arg.SHIFT)) {
            return arg; // a shift by 0 bars is its operand
        }
        return intern(Op.SERIES, type, new int[] {arg}, 0, n, List.of(), fn);
    }

    /** A bar-by-bar operation; computed now if every operand is a constant. */
    int pointwise(Op op, Type type, int... args) {
        return pointwise(op, type, List.of(), args);
    }

    int pointwise(Op op, Type type, List<String> labels, int... args) {
        if (op == Op.IF && node(args[0]).isConst()) {
            return node(args[0]).value != 0 ? args[1] : args[2];
        }
        if (op == Op.AND || op == Op.OR) {
            args = Arrays.stream(args).distinct().toArray(); // x and x is x
            if (args.length == 1) {
                return args[0];
            }
        }
        boolean constant = labels.isEmpty();
        for (int a : args) {
            constant &= node(a).isConst();
        }
        if (constant) {
            return constant(fold(op, args), type);
        }
        return intern(op, type, args, 0, 0, labels, null);
    }

    private int intern(Op op, Type type, int[] args, double value, int n, List<String> labels, Functions.Function fn) {
        Key key = new Key(op, type, args, Double.doubleToRawLongBits(value), n, labels, fn);
        Integer existing = index.get(key);
        if (existing != null) {
            return existing;
        }
        int id = nodes.size();
        nodes.add(new Node(id, op, type, args, value, n, labels, fn));
        index.put(key, id);
        return id;
    }

    /** The operation on one bar of constants, through the same loops that evaluate columns. */
    private double fold(Op op, int[] args) {
        double[][] cols = new double[args.length][];
        for (int i = 0; i < args.length; i++) {
            cols[i] = new double[] {node(args[i]).value};
        }
        double[] out = new double[1];
        switch (op.shape) {
            case UNARY -> Ops.unary(op, cols[0], out, 0, 1);
            case BINARY -> Ops.binary(op, cols[0], cols[1], out, 0, 1);
            case NARY -> {
                switch (op) {
                    case AND, OR -> {
                        out[0] = cols[0][0];
                        for (int i = 1; i < args.length; i++) {
                            Ops.binary(op, out, cols[i], out, 0, 1);
                        }
                    }
                    case IF -> Ops.ifThenElse(cols[0], cols[1], cols[2], out, 0, 1);
                    case STEPS -> Ops.steps(cols, args.length, out, 0, 1);
                    default -> throw new IllegalStateException(op.name());
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
        return out[0];
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Node n : nodes) {
            sb.append(n).append('\n');
        }
        return Objects.toString(sb);
    }
}
