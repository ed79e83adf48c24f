package io.lcscanner.core.engine;

import io.lcscanner.core.engine.Graph.Node;
import io.lcscanner.core.engine.Language.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * How a bound document is evaluated per ticker.
 *
 * <p>Nodes that need their history — inputs, the series operations (shift, sma, sum, ema, highest,
 * lowest) and what those read — are <em>materialized</em>: a column per node, computed lazily over the
 * bars something asks for (an sma or ema always from the first bar, a shift or a window from as far
 * back as it reaches). Everything else is bar by bar and compiled into {@link Program}s that run only on
 * the bars still in question: the gate and the patterns are {@link Filter} trees that narrow a list of
 * bars condition by condition ({@code and} stops as soon as no bar is left, as the hand-written
 * patterns' {@code &&} does), and columns are computed at the hits only. So a ticker that fails the
 * gate's first condition everywhere costs that condition's columns over the report window and nothing
 * else; this lazy gate is the skip pre-pass.
 */
final class Plan {
    /** A bar-by-bar program above this many operations is materialized instead (bounds every program). */
    static final int MAX_INLINE = 256;
    /** Filter trees nest at most this deep and hold at most {@link #MAX_FILTERS} nodes; beyond, a program. */
    static final int MAX_FILTER_DEPTH = 48;
    static final int MAX_FILTERS = 4096;

    /** Narrows a list of bars to those where a condition holds. */
    sealed interface Filter {
    }

    record Const(boolean value) implements Filter {
    }

    record And(Filter[] parts) implements Filter {
    }

    record Or(Filter[] parts) implements Filter {
    }

    record Not(Filter part) implements Filter {
    }

    /** A materialized boolean column. */
    record Column(int node) implements Filter {
    }

    /** {@code a op b} of two materialized columns, or {@code a op k} when {@code b} is −1. */
    record Compare(Op op, int a, int b, double k) implements Filter {
    }

    record Run(Program program) implements Filter {
    }

    /** How a column's values at the hits are found: a constant, a materialized column, or a program. */
    record Output(int node, double constant, boolean isConstant, Program program) {
    }

    final Graph graph;
    final boolean referenceRounding;
    final boolean[] materialized;
    /** For a materialized bar-by-bar node: the program computing its column. */
    final Program[] programOf;
    /** For a materialized node: the materialized nodes its computation reads. */
    final int[][] deps;
    /** Materialized nodes, operands first. */
    final int[] materializedOrder;
    final Filter gate;
    final Filter[] patterns;
    final Output[] columns;
    final int maxRegisters, maxValues;
    private int filterBudget = MAX_FILTERS;
    /** The order of each and's conditions, decided once so that the dry run and the build walk alike. */
    private final java.util.Map<Integer, int[]> andOrder = new java.util.HashMap<>();
    /** The nodes the gate reads (null: no gate), and those {@link #weight} counts as free (null while the gate is built). */
    private boolean[] gateCone, inGate;

    Plan(Binder.Bound bound) {
        this.graph = bound.graph();
        this.referenceRounding = bound.referenceRounding();
        int size = graph.size();
        boolean[] reach = reachable(bound);
        materialized = new boolean[size];
        for (int id = 0; id < size; id++) {
            Node n = graph.node(id);
            if (!reach[id]) {
                continue;
            }
            if (n.op == Op.INPUT || n.op.shape == Op.Shape.SERIES) {
                materialized[id] = true;
            }
            if (n.op.shape == Op.Shape.SERIES) {
                materialized[n.args[0]] = true;
            }
        }
        capInlinePrograms(reach);
        if (bound.gate() >= 0) {
            gateCone = new boolean[size];
            gateCone[bound.gate()] = true;
            for (int id = bound.gate(); id >= 0; id--) {
                if (gateCone[id]) {
                    for (int a : graph.node(id).args) {
                        gateCone[a] = true;
                    }
                }
            }
        }
        // a first pass over the gate and patterns materializes the conditions they cannot expand
        buildFilters(bound, true);
        programOf = new Program[size];
        deps = new int[size][];
        List<Integer> order = new ArrayList<>();
        for (int id = 0; id < size; id++) {
            if (!materialized[id]) {
                continue;
            }
            order.add(id);
            Node n = graph.node(id);
            if (n.op.pointwise()) {
                programOf[id] = Program.compile(graph, id, materialized);
                deps[id] = programOf[id].leaves;
            } else {
                deps[id] = n.op.shape == Op.Shape.SERIES ? new int[] {n.args[0]} : new int[0];
            }
        }
        materializedOrder = order.stream().mapToInt(Integer::intValue).toArray();
        Filter[] filters = buildFilters(bound, false);
        gate = filters[0];
        patterns = java.util.Arrays.copyOfRange(filters, 1, filters.length);
        columns = new Output[bound.columns().length];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = output(bound.columns()[i]);
        }
        int regs = 0, values = 0;
        for (Program p : programs()) {
            regs = Math.max(regs, p.registers);
            values = Math.max(values, p.values());
        }
        maxRegisters = regs;
        maxValues = values;
    }

    private boolean[] reachable(Binder.Bound bound) {
        boolean[] reach = new boolean[graph.size()];
        if (bound.gate() >= 0) {
            reach[bound.gate()] = true;
        }
        for (int p : bound.patterns()) {
            reach[p] = true;
        }
        for (int c : bound.columns()) {
            reach[c] = true;
        }
        for (int id = graph.size() - 1; id >= 0; id--) {
            if (reach[id]) {
                for (int a : graph.node(id).args) {
                    reach[a] = true;
                }
            }
        }
        return reach;
    }

    /**
     * Materializes a bar-by-bar node whose program would exceed {@link #MAX_INLINE} operations (logical
     * operators excepted: they are filter trees), so that no program, and no compile, grows with
     * sharing.
     */
    private void capInlinePrograms(boolean[] reach) {
        int[] weight = new int[graph.size()];
        for (int id = 0; id < graph.size(); id++) {
            Node n = graph.node(id);
            if (!reach[id] || !n.op.pointwise() || materialized[id]) {
                continue;
            }
            long w = 1;
            for (int a : n.args) {
                w += weight[a];
            }
            boolean logical = n.op == Op.AND || n.op == Op.OR || n.op == Op.NOT;
            if (w > MAX_INLINE && !logical) {
                materialized[id] = true;
            } else {
                weight[id] = (int) Math.min(w, MAX_INLINE + 1L);
            }
        }
    }

    /** The gate's filter (null if none), then the patterns'; a dry run only marks what must be materialized. */
    private Filter[] buildFilters(Binder.Bound bound, boolean dry) {
        filterBudget = MAX_FILTERS;
        Filter[] out = new Filter[1 + bound.patterns().length];
        inGate = null;
        out[0] = bound.gate() < 0 ? null : filter(bound.gate(), 0, dry);
        inGate = gateCone;
        for (int i = 0; i < bound.patterns().length; i++) {
            out[1 + i] = filter(bound.patterns()[i], 0, dry);
        }
        return out;
    }

    /**
     * The conditions of an {@code and}, cheapest first (stable): an {@code and} keeps the bars where all hold,
     * whatever the order, so the conditions reading only inputs and cheap columns narrow the bars before those
     * that need costly ones (a running average, a window extreme) are asked for; when no bar is left the costly
     * columns are never computed for that ticker. This is what LC's own order does by hand (its gate refuses
     * most tickers on inputs alone); a document written in another order gets the same benefit.
     */
    private int[] cheapestFirst(int[] conditions) {
        Integer[] order = new Integer[conditions.length];
        long[] weight = new long[conditions.length];
        for (int i = 0; i < conditions.length; i++) {
            order[i] = i;
            weight[i] = weight(conditions[i]);
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> weight[i]));
        int[] out = new int[conditions.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = conditions[order[i]];
        }
        return out;
    }

    /** How many bar-by-bar operations on the bars in question one operation of a column is worth (a guess: the few bars a condition keeps). */
    private static final int COLUMN_WEIGHT = 16;

    /** Visits of the cone below one condition at most; beyond, it counts as the costliest. */
    private static final int MAX_WEIGHT_VISITS = 4096;

    /**
     * The estimated work a condition adds: each column in its cone as {@link #cost()} counts it, weighted by
     * {@link #COLUMN_WEIGHT} (twice for a running state), and one per bar-by-bar operation; the nodes the gate reads
     * are free (already computed when a pattern runs). Counts at most {@link #MAX_WEIGHT_VISITS} nodes.
     */
    private long weight(int condition) {
        java.util.BitSet seen = new java.util.BitSet();
        int[] stack = new int[16];
        int sp = 0;
        stack[sp++] = condition;
        long w = 0;
        int visits = 0;
        while (sp > 0) {
            int id = stack[--sp];
            if (seen.get(id) || inGate != null && inGate[id]) {
                continue;
            }
            seen.set(id);
            if (++visits > MAX_WEIGHT_VISITS) {
                return Long.MAX_VALUE;
            }
            Node n = graph.node(id);
            if (n.op == Op.SERIES || materialized[id] && n.op.pointwise()) {
                // a column is computed over every bar from the first one asked for, a running state from the
                // series' first bar: far more than a bar-by-bar operation on the bars still in question
                long op = n.op == Op.SERIES ? n.fn.cost().applyAsInt(n.n) + 1 : 1;
                w += op * COLUMN_WEIGHT * (n.fromFirstBar() ? 2 : 1);
            } else if (n.op.pointwise()) {
                w += 1;
            }
            for (int a : n.args) {
                if (sp == stack.length) {
                    stack = java.util.Arrays.copyOf(stack, sp * 2);
                }
                stack[sp++] = a;
            }
        }
        return w;
    }

    private Filter filter(int id, int depth, boolean dry) {
        Node n = graph.node(id);
        if (n.isConst()) {
            return new Const(n.value != 0);
        }
        if (materialized[id]) {
            return new Column(id);
        }
        boolean logical = n.op == Op.AND || n.op == Op.OR || n.op == Op.NOT;
        if (logical) {
            if (depth < MAX_FILTER_DEPTH && filterBudget >= n.args.length) {
                filterBudget -= n.args.length;
                Filter[] parts = new Filter[n.args.length];
                int[] order = n.op != Op.AND ? n.args
                        : andOrder.computeIfAbsent(id, k -> cheapestFirst(n.args)); // the dry run's order, kept
                for (int i = 0; i < parts.length; i++) {
                    parts[i] = filter(order[i], depth + 1, dry);
                }
                return n.op == Op.AND ? new And(parts) : n.op == Op.OR ? new Or(parts) : new Not(parts[0]);
            }
            if (dry) {
                // shared conditions would be expanded again and again: one column instead, computed once a ticker
                materialized[id] = true;
                return new Column(id);
            }
        }
        if (dry) {
            return null;
        }
        if (n.op.comparison()) {
            Node a = graph.node(n.args[0]), b = graph.node(n.args[1]);
            if (materialized[a.id] && b.isConst()) {
                return new Compare(n.op, a.id, -1, b.value);
            }
            if (a.isConst() && materialized[b.id]) {
                return new Compare(n.op.flipped(), b.id, -1, a.value); // k < x ≡ x > k, bit for bit
            }
            if (materialized[a.id] && materialized[b.id]) {
                return new Compare(n.op, a.id, b.id, 0);
            }
        }
        return new Run(Program.compile(graph, id, materialized));
    }

    private Output output(int id) {
        Node n = graph.node(id);
        if (n.isConst()) {
            return new Output(id, n.value, true, null);
        }
        if (materialized[id]) {
            return new Output(id, 0, false, null);
        }
        return new Output(id, 0, false, Program.compile(graph, id, materialized));
    }

    /** The leaves of the gate's and the patterns' filters (comparisons, columns, programs), through and, or and not. */
    private List<Filter> leaves() {
        List<Filter> out = new ArrayList<>();
        List<Filter> todo = new ArrayList<>();
        if (gate != null) {
            todo.add(gate);
        }
        todo.addAll(List.of(patterns));
        while (!todo.isEmpty()) {
            Filter f = todo.remove(todo.size() - 1);
            if (f instanceof And a) {
                todo.addAll(List.of(a.parts()));
            } else if (f instanceof Or o) {
                todo.addAll(List.of(o.parts()));
            } else if (f instanceof Not x) {
                todo.add(x.part());
            } else {
                out.add(f);
            }
        }
        return out;
    }

    /** Every program of the plan. */
    List<Program> programs() {
        List<Program> out = new ArrayList<>();
        for (Program p : programOf) {
            if (p != null) {
                out.add(p);
            }
        }
        for (Filter f : leaves()) {
            if (f instanceof Run r) {
                out.add(r.program());
            }
        }
        for (Output c : columns) {
            if (c.program() != null) {
                out.add(c.program());
            }
        }
        return out;
    }

    /**
     * The estimated work of evaluating the document on one bar, in elementary operations: each input
     * loaded, each series operation as its row of {@link Functions#TABLE} counts it (a running state
     * one, sum(x, n) its n additions in the spec's order, highest/lowest a few comparisons), each
     * instruction of every bar-by-bar program and each comparison of the gate's and patterns' filters.
     * An upper bound of the per-bar work: the lazy gate usually does much less.
     */
    long cost() {
        long ops = 0;
        for (int id : materializedOrder) {
            Node n = graph.node(id);
            if (n.op == Op.SERIES) {
                ops += n.fn.cost().applyAsInt(n.n);
            } else if (!n.op.pointwise()) {
                ops += 1; // an input (or a constant column) loaded
            }
        }
        for (Program p : programs()) {
            ops += p.code.length;
        }
        for (Filter f : leaves()) {
            if (f instanceof Compare || f instanceof Column) {
                ops += 1;
            }
        }
        return ops;
    }

    boolean isBool(int node) {
        return graph.node(node).type == Type.BOOL;
    }
}
