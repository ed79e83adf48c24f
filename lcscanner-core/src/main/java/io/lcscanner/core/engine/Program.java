package io.lcscanner.core.engine;

import io.lcscanner.core.engine.Graph.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bar-by-bar sub-graph compiled to a straight list of column operations: each instruction runs one
 * loop over all the bars asked for (a range of bars, or a list of selected bars), never an expression
 * walk per bar. Its operands are materialized columns ({@code LOAD}: read in place over a range,
 * gathered over a list), constants (folded into the instruction) or earlier results, which live in a few
 * reusable registers: a result's register is freed after its last reader.
 */
final class Program {
    enum Kind { LOAD, FILL, UNARY, BINARY, BINARY_CONST, CONST_BINARY, IF, STEPS_CONST, STEPS }

    static final class Instr {
        final Kind kind;
        final Op op;
        /** The value this instruction defines. */
        final int out;
        /** Operand values; for LOAD, {@code a} is the node read. */
        final int a, b, c;
        final double k;
        final int[] operands;
        final double[] thresholds, values;

        Instr(Kind kind, Op op, int out, int a, int b, int c, double k, int[] operands, double[] thresholds,
              double[] values) {
            this.kind = kind;
            this.op = op;
            this.out = out;
            this.a = a;
            this.b = b;
            this.c = c;
            this.k = k;
            this.operands = operands;
            this.thresholds = thresholds;
            this.values = values;
        }

        /** The values this instruction reads. */
        int[] reads() {
            return switch (kind) {
                case LOAD, FILL -> new int[0];
                case UNARY, BINARY_CONST, STEPS_CONST -> new int[] {a};
                case CONST_BINARY -> new int[] {b};
                case BINARY -> new int[] {a, b};
                case IF -> new int[] {a, b, c};
                case STEPS -> operands;
            };
        }
    }

    final Instr[] code;
    /** Register of each value. */
    final int[] register;
    final int registers;
    /** The value of the program's root node. */
    final int root;
    /** The materialized nodes it reads: computed (ensured) before it runs. */
    final int[] leaves;

    private Program(Instr[] code, int[] register, int registers, int root, int[] leaves) {
        this.code = code;
        this.register = register;
        this.registers = registers;
        this.root = root;
        this.leaves = leaves;
    }

    int values() {
        return register.length;
    }

    /**
     * Compiles the bar-by-bar nodes under {@code root} down to the materialized ones
     * ({@code materialized[id]}) and constants.
     */
    static Program compile(Graph g, int root, boolean[] materialized) {
        return new Builder(g, materialized).build(root);
    }

    private static final class Builder {
        private final Graph g;
        private final boolean[] materialized;
        private final List<Instr> code = new ArrayList<>();
        private final Map<Integer, Integer> valueOf = new HashMap<>();
        private final Map<Integer, Integer> filled = new HashMap<>();
        private final List<Integer> leaves = new ArrayList<>();
        private int values;

        Builder(Graph g, boolean[] materialized) {
            this.g = g;
            this.materialized = materialized;
        }

        private boolean inline(int id, int root) {
            Node n = g.node(id);
            return n.op.pointwise() && (id == root || !materialized[id]);
        }

        Program build(int root) {
            // post-order over the inlined nodes, without recursion: operands before their user
            ArrayDeque<int[]> stack = new ArrayDeque<>();
            stack.push(new int[] {root, 0});
            while (!stack.isEmpty()) {
                int[] top = stack.peek();
                Node n = g.node(top[0]);
                if (top[1] < n.args.length) {
                    int arg = n.args[top[1]++];
                    if (valueOf.containsKey(arg) || g.node(arg).isConst()) {
                        continue;
                    }
                    if (inline(arg, root)) {
                        stack.push(new int[] {arg, 0});
                    } else {
                        load(arg);
                    }
                    continue;
                }
                stack.pop();
                valueOf.put(n.id, emit(n));
            }
            int rootValue = valueOf.get(root);
            return allocate(rootValue);
        }

        private int load(int node) {
            int v = values++;
            code.add(new Instr(Kind.LOAD, null, v, node, -1, -1, 0, null, null, null));
            valueOf.put(node, v);
            leaves.add(node);
            return v;
        }

        /** The value of an operand, a constant filled into a register if the instruction needs a column. */
        private int value(int node) {
            Integer v = valueOf.get(node);
            if (v != null) {
                return v;
            }
            Node n = g.node(node);
            if (!n.isConst()) {
                throw new IllegalStateException("operand " + node + " not computed");
            }
            return filled.computeIfAbsent(node, id -> {
                int f = values++;
                code.add(new Instr(Kind.FILL, null, f, -1, -1, -1, n.value, null, null, null));
                return f;
            });
        }

        private int emit(Node n) {
            switch (n.op.shape) {
                case UNARY -> {
                    return add(Kind.UNARY, n.op, value(n.args[0]), -1, -1, 0, null, null, null);
                }
                case BINARY -> {
                    return binary(n.op, n.args[0], n.args[1]);
                }
                default -> {
                }
            }
            switch (n.op) {
                case AND, OR -> {
                    // a chain of two-operand steps: only one partial result is ever live
                    int acc = binary(n.op, n.args[0], n.args[1]);
                    for (int i = 2; i < n.args.length; i++) {
                        Node arg = g.node(n.args[i]);
                        acc = arg.isConst()
                                ? add(Kind.BINARY_CONST, n.op, acc, -1, -1, arg.value, null, null, null)
                                : add(Kind.BINARY, n.op, acc, value(n.args[i]), -1, 0, null, null, null);
                    }
                    return acc;
                }
                case IF -> {
                    return add(Kind.IF, Op.IF, value(n.args[0]), value(n.args[1]), value(n.args[2]), 0, null, null, null);
                }
                case STEPS -> {
                    return steps(n);
                }
                default -> throw new IllegalStateException(n.op.name());
            }
        }

        private int binary(Op op, int x, int y) {
            Node a = g.node(x), b = g.node(y);
            if (b.isConst()) {
                return add(Kind.BINARY_CONST, op, value(x), -1, -1, b.value, null, null, null);
            }
            if (a.isConst()) {
                if (op.commutative() || op == Op.AND || op == Op.OR) {
                    return add(Kind.BINARY_CONST, op, value(y), -1, -1, a.value, null, null, null);
                }
                if (op.comparison()) {
                    return add(Kind.BINARY_CONST, op.flipped(), value(y), -1, -1, a.value, null, null, null);
                }
                return add(Kind.CONST_BINARY, op, -1, value(y), -1, a.value, null, null, null);
            }
            return add(Kind.BINARY, op, value(x), value(y), -1, 0, null, null, null);
        }

        private int steps(Node n) {
            boolean constant = true;
            for (int i = 1; i < n.args.length; i++) {
                constant &= g.node(n.args[i]).isConst();
            }
            if (constant) {
                int pairs = (n.args.length - 2) / 2;
                double[] t = new double[pairs], v = new double[pairs];
                for (int p = 0; p < pairs; p++) {
                    t[p] = g.node(n.args[1 + 2 * p]).value;
                    v[p] = g.node(n.args[2 + 2 * p]).value;
                }
                double otherwise = g.node(n.args[n.args.length - 1]).value;
                return add(Kind.STEPS_CONST, Op.STEPS, value(n.args[0]), -1, -1, otherwise, null, t, v);
            }
            int[] operands = new int[n.args.length];
            for (int i = 0; i < operands.length; i++) {
                operands[i] = value(n.args[i]);
            }
            return add(Kind.STEPS, Op.STEPS, -1, -1, -1, 0, operands, null, null);
        }

        private int add(Kind kind, Op op, int a, int b, int c, double k, int[] operands, double[] t, double[] v) {
            int out = values++;
            code.add(new Instr(kind, op, out, a, b, c, k, operands, t, v));
            return out;
        }

        /** Registers by last use: a value's register is free once the instruction reading it last has run. */
        private Program allocate(int rootValue) {
            int[] lastUse = new int[values];
            Arrays.fill(lastUse, -1);
            for (int i = 0; i < code.size(); i++) {
                for (int r : code.get(i).reads()) {
                    lastUse[r] = i;
                }
            }
            lastUse[rootValue] = Integer.MAX_VALUE;
            int[] register = new int[values];
            ArrayDeque<Integer> free = new ArrayDeque<>();
            int registers = 0;
            for (int i = 0; i < code.size(); i++) {
                Instr in = code.get(i);
                // element-wise operations may write where they read: free the operands first
                for (int r : in.reads()) {
                    if (lastUse[r] == i && !free.contains(register[r])) {
                        free.push(register[r]);
                    }
                }
                register[in.out] = free.isEmpty() ? registers++ : free.pop();
                if (lastUse[in.out] < 0 && in.out != rootValue) {
                    free.push(register[in.out]); // never read (cannot happen for an emitted operand), kept safe
                }
            }
            int[] leafArray = leaves.stream().mapToInt(Integer::intValue).toArray();
            return new Program(code.toArray(Instr[]::new), register, registers, rootValue, leafArray);
        }
    }
}
