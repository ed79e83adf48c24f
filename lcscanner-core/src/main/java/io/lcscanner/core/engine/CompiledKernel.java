package io.lcscanner.core.engine;

import io.lcscanner.core.engine.Graph.Node;
import io.lcscanner.core.source.BarSeries;
import java.util.Arrays;
import java.util.List;

/**
 * A scanner document compiled for one request: the {@link Plan} and the output columns. Immutable;
 * each worker thread scans with its own {@link RuleEvaluator}, whose columns, registers and bar lists
 * are reused from ticker to ticker (allocated again only when a longer series comes).
 */
final class CompiledKernel implements ScanKernel {
    private final Plan plan;
    private final List<OutputColumn> columns;
    private final long cost;

    CompiledKernel(Plan plan, List<OutputColumn> columns) {
        this.plan = plan;
        this.columns = List.copyOf(columns);
        this.cost = plan.cost();
    }

    @Override
    public List<OutputColumn> columns() {
        return columns;
    }

    @Override
    public long cost() {
        return cost;
    }

    @Override
    public Evaluator newEvaluator() {
        return new RuleEvaluator(plan, columns.size(), false);
    }

    /**
     * An evaluator that computes every column over every bar and every pattern over the whole report
     * window, then keeps the bars the gate passes: no laziness, no skipping. Tests compare it with the
     * normal one.
     */
    Evaluator newEagerEvaluator() {
        return new RuleEvaluator(plan, columns.size(), true);
    }

    Plan plan() {
        return plan;
    }

    static final class RuleEvaluator implements Evaluator {
        /** A column is computed at the bars in question alone when they are fewer than 1 in this many of its range. */
        private static final int SPARSE_COST = 8;
        /** Operands computed at chosen bars nest at most this deep (a chain of shifts); beyond, over a range. */
        private static final int MAX_AT_DEPTH = 16;

        private final Plan plan;
        private final Node[] nodes;
        private final int outputs;
        private final boolean eager;
        /** The current column of each materialized node: its own buffer, or an input array read in place. */
        private final double[][] cols;
        private final double[][] own;
        /** Bars [computedFrom, end) of a materialized node hold its values for the current ticker. */
        private final int[] computedFrom;
        /** Per running state with a value at one bar, this ticker: its operand whole (1), not (2), not yet known (0). */
        private final byte[] wholeOperand;
        private final double[][] valueArray;
        private final double[][] stepColumns;
        private final int[] inputs;
        private double[][] registers = new double[0][];
        private int capacity;
        private int[][] pool = new int[8][];
        private int poolTop;
        private double[] prefix = new double[0], suffix = new double[0];
        private int[] mark = new int[0], inHits = new int[0], hitOrdinal = new int[0];
        private int stamp;
        private int[] stackNode = new int[64], stackFrom = new int[64];
        private int[] found = new int[256];
        private final int[] foundStart, foundEnd;
        private BarSeries series;
        private int end;

        RuleEvaluator(Plan plan, int outputs, boolean eager) {
            this.plan = plan;
            this.outputs = outputs;
            this.eager = eager;
            int size = plan.graph.size();
            nodes = plan.graph.nodes.toArray(Node[]::new);
            cols = new double[size][];
            own = new double[size][];
            computedFrom = new int[size];
            wholeOperand = new byte[size];
            valueArray = new double[plan.maxValues][];
            int maxOperands = 0;
            for (Program p : plan.programs()) {
                for (Program.Instr in : p.code) {
                    if (in.operands != null) {
                        maxOperands = Math.max(maxOperands, in.operands.length);
                    }
                }
            }
            stepColumns = new double[maxOperands][];
            inputs = Arrays.stream(plan.materializedOrder).filter(id -> nodes[id].op == Op.INPUT).toArray();
            foundStart = new int[plan.patterns.length];
            foundEnd = new int[plan.patterns.length];
        }

        @Override
        public int scan(BarSeries s, int fromDay, int toDay, HitSink sink) {
            int n = s.size();
            int first = s.lowerBound(fromDay);
            int last = toDay == Integer.MAX_VALUE ? n : s.lowerBound(toDay + 1);
            if (first >= last) {
                return n;
            }
            begin(s, last);
            try {
                scanWindow(first, last, sink);
            } finally {
                series = null;
                poolTop = 0;
            }
            return n;
        }

        private void scanWindow(int first, int last, HitSink sink) {
            int window = last - first;
            int[] gate = take();
            int gated;
            if (eager) {
                for (int id : plan.materializedOrder) {
                    ensure(id, 0);
                }
            }
            if (plan.gate == null) {
                gated = window;
                for (int q = 0; q < window; q++) {
                    gate[q] = first + q;
                }
            } else {
                gated = filter(plan.gate, null, first, window, gate);
                if (gated == 0 && !eager) {
                    return; // the skip: the gate holds on no bar of the report window
                }
            }
            int stampNow = ++stamp;
            int[] bars = take();
            int total = 0;
            for (int p = 0; p < plan.patterns.length; p++) {
                // a gate holding on every bar leaves the range itself: programs then read columns in place
                int m = eager || gated == window ? filter(plan.patterns[p], null, first, window, bars)
                        : filter(plan.patterns[p], gate, 0, gated, bars);
                if (found.length < total + m) {
                    found = Arrays.copyOf(found, Math.max(found.length * 2, total + m));
                }
                System.arraycopy(bars, 0, found, total, m);
                foundStart[p] = total;
                total += m;
                foundEnd[p] = total;
                for (int q = 0; q < m; q++) {
                    mark[bars[q]] = stampNow;
                }
            }
            if (total == 0) {
                return;
            }
            int hits = 0;
            for (int q = 0; q < gated; q++) {
                int i = gate[q];
                if (mark[i] == stampNow) {
                    hitOrdinal[i] = hits;
                    inHits[i] = stampNow;
                    bars[hits++] = i;
                }
            }
            if (hits == 0) {
                return;
            }
            int patterns = plan.patterns.length;
            double[][] rows = new double[hits][outputs];
            for (int p = 0; p < patterns; p++) {
                for (int q = foundStart[p]; q < foundEnd[p]; q++) {
                    int i = found[q];
                    if (inHits[i] == stampNow) {
                        rows[hitOrdinal[i]][p] = 1;
                    }
                }
            }
            for (int c = 0; c < plan.columns.length; c++) {
                columnAtHits(plan.columns[c], bars, hits, rows, patterns + c);
            }
            int[] days = series.epochDays();
            String ticker = series.ticker();
            for (int k = 0; k < hits; k++) {
                sink.hit(ticker, days[bars[k]], rows[k]);
            }
        }

        private void columnAtHits(Plan.Output c, int[] bars, int hits, double[][] rows, int at) {
            if (c.isConstant()) {
                for (int k = 0; k < hits; k++) {
                    rows[k][at] = c.constant();
                }
                return;
            }
            if (c.program() == null) {
                ensureAt(c.node(), bars, 0, hits);
                double[] col = cols[c.node()];
                for (int k = 0; k < hits; k++) {
                    rows[k][at] = col[bars[k]];
                }
                return;
            }
            Program p = c.program();
            for (int leaf : p.leaves) {
                ensureAt(leaf, bars, 0, hits);
            }
            run(p, bars, 0, hits, null);
            double[] v = valueArray[p.root]; // gathered at the hits: from 0
            for (int k = 0; k < hits; k++) {
                rows[k][at] = v[k];
            }
        }

        // ---- per ticker ----------------------------------------------------------------------

        private void begin(BarSeries s, int last) {
            series = s;
            end = last;
            grow(s.size());
            Arrays.fill(wholeOperand, (byte) 0);
            for (int id : plan.materializedOrder) {
                computedFrom[id] = last;
            }
            if (!plan.referenceRounding) {
                for (int id : inputs) {
                    cols[id] = Language.input(s, nodes[id].n); // read in place: nothing to round
                    computedFrom[id] = 0;
                }
            }
        }

        private void grow(int n) {
            if (n <= capacity) {
                return;
            }
            capacity = Math.max(n, Math.max(64, capacity + capacity / 2));
            Arrays.fill(own, null);
            registers = new double[plan.maxRegisters][capacity];
            Arrays.fill(pool, null);
            prefix = new double[capacity];
            suffix = new double[capacity];
            mark = new int[capacity];
            inHits = new int[capacity];
            hitOrdinal = new int[capacity];
            stamp = 0;
        }

        private int[] take() {
            if (poolTop == pool.length) {
                pool = Arrays.copyOf(pool, pool.length * 2);
            }
            int[] b = pool[poolTop];
            if (b == null) {
                b = pool[poolTop] = new int[capacity];
            }
            poolTop++;
            return b;
        }

        private void release(int count) {
            poolTop -= count;
        }

        // ---- materialized columns, computed on demand -------------------------------------------

        /** Makes bars [from, end) of materialized {@code node} available, computing what it needs first. */
        private void ensure(int node, int from) {
            if (from >= computedFrom[node]) {
                return;
            }
            int sp = push(0, node, from);
            while (sp > 0) {
                int id = stackNode[sp - 1], f = stackFrom[sp - 1];
                int have = computedFrom[id];
                if (f >= have) {
                    sp--;
                    continue;
                }
                boolean ready = true;
                for (int dep : plan.deps[id]) {
                    int need = needFrom(id, f);
                    if (need < computedFrom[dep]) {
                        sp = push(sp, dep, need);
                        ready = false;
                    }
                }
                if (ready) {
                    compute(id, f, have);
                    computedFrom[id] = f;
                    sp--;
                }
            }
        }

        /**
         * Makes {@code node}'s values at the selection's bars available in its column: over the range from the first
         * of them ({@link #ensure}), or, when they are few against that range and the node is a window operation or a
         * bar-by-bar column over one, at those bars alone (a 20-bar high at 4 % of a ticker's bars costs a fifth of
         * the column). The values are the same either way; only a range computed is remembered.
         */
        private void ensureAt(int node, int[] in, int lo, int m) {
            int first = in == null ? lo : in[0];
            if (first >= computedFrom[node]) {
                return;
            }
            int rangeFrom = nodes[node].fromFirstBar() ? 0 : first;
            // the cost first: a running mean's operand is checked (a pass) only when its bars in question are few
            if (in == null || eager || (long) m * sparseCost(node) >= end - rangeFrom || !atBarsOnly(node)) {
                ensure(node, first);
                return;
            }
            valuesAt(node, in, m, 0);
        }

        /**
         * Whether {@code node} can be computed at chosen bars: a window operation with a value at one bar, a running
         * mean over an operand whole from the first bar (its window's exact sum), or a program.
         */
        private boolean atBarsOnly(int node) {
            Node n = nodes[node];
            if (n.op != Op.SERIES) {
                return plan.programOf[node] != null;
            }
            return n.fn.at() != null && (!n.fn.fromFirstBar() || wholeOperand(node));
        }

        /** Whether a running state's operand is missing or whole and small on every bar: checked once a ticker. */
        private boolean wholeOperand(int node) {
            if (wholeOperand[node] == 0) {
                int x = nodes[node].args[0];
                ensure(x, 0); // the state reads it from the first bar either way
                wholeOperand[node] = Ops.exactlySummable(cols[x], 0, end) ? (byte) 1 : (byte) 2;
            }
            return wholeOperand[node] == 1;
        }

        /** How many bars of a range one bar computed alone is worth (its window's fold, or gathering its operands). */
        private int sparseCost(int node) {
            Node n = nodes[node];
            int reach = n.op != Op.SERIES ? 0 : n.fn.fromFirstBar() ? n.n - 1 : n.fn.reach().applyAsInt(n.n);
            return Math.max(SPARSE_COST, reach + 1);
        }

        /** Computes {@code node} at {@code bars[0..m)} (sorted, m > 0), its operands where it reads them first. */
        private void valuesAt(int node, int[] bars, int m, int depth) {
            Node n = nodes[node];
            double[] dst = own[node];
            if (dst == null) {
                dst = own[node] = new double[capacity];
            }
            cols[node] = dst;
            if (n.op == Op.SERIES) {
                int x = n.args[0];
                if (n.fn.readsOneBar()) {
                    // one bar, n back (a shift): its operand is wanted at those bars only
                    int[] back = take();
                    int mb = 0;
                    for (int q = 0; q < m; q++) {
                        if (bars[q] >= n.n) {
                            back[mb++] = bars[q] - n.n;
                        }
                    }
                    operandAt(x, back, mb, depth);
                    release(1);
                } else {
                    ensure(x, needFrom(node, bars[0])); // the windows overlap: the operand over their range
                }
                double[] xs = cols[x];
                double head = plan.isBool(node) ? 0 : Double.NaN;
                Functions.At at = n.fn.at();
                for (int q = 0; q < m; q++) {
                    int i = bars[q];
                    dst[i] = Numbers.finite(at.at(xs, n.n, head, i));
                }
            } else {
                Program p = plan.programOf[node];
                for (int leaf : p.leaves) {
                    operandAt(leaf, bars, m, depth);
                }
                run(p, bars, 0, m, null);
                double[] v = valueArray[p.root]; // gathered at the bars: from 0
                for (int q = 0; q < m; q++) {
                    dst[bars[q]] = v[q];
                }
            }
        }

        private void operandAt(int node, int[] bars, int m, int depth) {
            if (m == 0 || bars[0] >= computedFrom[node]) {
                return;
            }
            if (depth >= MAX_AT_DEPTH || !atBarsOnly(node)) {
                ensure(node, bars[0]);
                return;
            }
            valuesAt(node, bars, m, depth + 1);
        }

        private int push(int sp, int node, int from) {
            if (sp == stackNode.length) {
                stackNode = Arrays.copyOf(stackNode, sp * 2);
                stackFrom = Arrays.copyOf(stackFrom, sp * 2);
            }
            stackNode[sp] = node;
            stackFrom[sp] = nodes[node].fromFirstBar() ? 0 : from;
            return sp + 1;
        }

        /** The first bar of its operands that bars [from, …) of {@code node} read. */
        private int needFrom(int node, int from) {
            Node n = nodes[node];
            if (n.fn == null) {
                return from;
            }
            int back = n.fn.reach().applyAsInt(n.n);
            return back == Functions.FROM_FIRST_BAR ? 0 : Math.max(0, from - back);
        }

        private void compute(int id, int from, int to) {
            Node n = nodes[id];
            double[] dst = own[id];
            if (dst == null) {
                dst = own[id] = new double[capacity];
            }
            cols[id] = dst;
            switch (n.op) {
                case INPUT -> Ops.round(Language.input(series, n.n), dst, from, to);
                case CONST -> Ops.fill(n.value, dst, from, to - from);
                case SERIES -> {
                    n.fn.loop().run(cols[n.args[0]], n.n, plan.isBool(id) ? 0 : Double.NaN, dst, from, to, prefix, suffix);
                    for (int i = from; i < to; i++) {
                        dst[i] = Numbers.finite(dst[i]); // a window's overflow (a sum, a variance) is missing
                    }
                }
                default -> run(plan.programOf[id], null, from, to - from, dst);
            }
        }

        // ---- programs ------------------------------------------------------------------------

        /**
         * Runs {@code p} over bars [lo, lo+len) ({@code idx} null) or over the bars {@code idx[0..len)};
         * the root goes to {@code rootDst} if given (at bar lo: a column's own place), else to its register.
         * Every value of a run is at one offset, {@link #offset}: bar lo over a range, 0 over gathered bars (so the
         * operations' loops vectorize).
         */
        private void run(Program p, int[] idx, int lo, int len, double[] rootDst) {
            double[][] va = valueArray;
            int at = offset(idx, lo);
            for (Program.Instr in : p.code) {
                int v = in.out;
                if (in.kind == Program.Kind.LOAD) {
                    double[] col = cols[in.a];
                    if (idx == null) {
                        va[v] = col;
                    } else {
                        double[] r = registers[p.register[v]];
                        for (int k = 0; k < len; k++) {
                            r[k] = col[idx[k]];
                        }
                        va[v] = r;
                    }
                    continue;
                }
                double[] o = v == p.root && rootDst != null ? rootDst : registers[p.register[v]];
                switch (in.kind) {
                    case FILL -> Ops.fill(in.k, o, at, len);
                    case UNARY -> Ops.unary(in.op, va[in.a], o, at, len);
                    case BINARY -> Ops.binary(in.op, va[in.a], va[in.b], o, at, len);
                    case BINARY_CONST -> Ops.binaryConst(in.op, va[in.a], in.k, o, at, len);
                    case CONST_BINARY -> Ops.constBinary(in.op, in.k, va[in.b], o, at, len);
                    case IF -> Ops.ifThenElse(va[in.a], va[in.b], va[in.c], o, at, len);
                    case STEPS_CONST -> Ops.steps(va[in.a], in.thresholds, in.values, in.k, o, at, len);
                    case STEPS -> {
                        int count = in.operands.length;
                        for (int i = 0; i < count; i++) {
                            stepColumns[i] = va[in.operands[i]];
                        }
                        Ops.steps(stepColumns, count, o, at, len);
                    }
                    default -> throw new IllegalStateException(in.kind.name());
                }
                va[v] = o;
            }
        }

        /** Where a run over bars [lo, …) ({@code idx} null) or over gathered bars {@code idx} keeps its values. */
        private static int offset(int[] idx, int lo) {
            return idx == null ? lo : 0;
        }

        // ---- filters: bar lists narrowed condition by condition -----------------------------------

        /**
         * Writes to {@code out} the bars of the selection where {@code f} holds, in order, and returns
         * their count. The selection is bars [lo, lo+m) when {@code in} is null, else {@code in[0..m)};
         * {@code out} may be {@code in}.
         */
        private int filter(Plan.Filter f, int[] in, int lo, int m, int[] out) {
            if (m == 0) {
                return 0;
            }
            if (f instanceof Plan.Compare c) {
                ensureAt(c.a(), in, lo, m);
                if (c.b() < 0) {
                    return Selections.compareConst(c.op(), cols[c.a()], c.k(), in, lo, m, out);
                }
                ensureAt(c.b(), in, lo, m);
                return Selections.compareColumns(c.op(), cols[c.a()], cols[c.b()], in, lo, m, out);
            }
            if (f instanceof Plan.And a) {
                int count = filter(a.parts()[0], in, lo, m, out);
                for (int i = 1; i < a.parts().length && count > 0; i++) {
                    count = filter(a.parts()[i], out, 0, count, out);
                }
                return count;
            }
            if (f instanceof Plan.Run r) {
                Program p = r.program();
                for (int leaf : p.leaves) {
                    ensureAt(leaf, in, lo, m);
                }
                run(p, in, lo, m, null);
                return Selections.nonZero(valueArray[p.root], offset(in, lo), in, lo, m, out);
            }
            if (f instanceof Plan.Column c) {
                ensureAt(c.node(), in, lo, m);
                return Selections.nonZeroAt(cols[c.node()], in, lo, m, out);
            }
            if (f instanceof Plan.Or o) {
                return or(o, in, lo, m, out);
            }
            if (f instanceof Plan.Not x) {
                int[] yes = take();
                int ny = filter(x.part(), in, lo, m, yes);
                int count = Selections.difference(in, lo, m, yes, ny, out);
                release(1);
                return count;
            }
            boolean all = ((Plan.Const) f).value();
            if (!all) {
                return 0;
            }
            for (int q = 0; q < m; q++) {
                out[q] = in == null ? lo + q : in[q];
            }
            return m;
        }

        /** Each part filters only the bars the earlier ones left out; the union is kept in order. */
        private int or(Plan.Or o, int[] in, int lo, int m, int[] out) {
            int[] acc = take(), rest = take(), got = take(), merged = take();
            int na = filter(o.parts()[0], in, lo, m, acc);
            int nr = Selections.difference(in, lo, m, acc, na, rest);
            for (int i = 1; i < o.parts().length && nr > 0; i++) {
                int ng = filter(o.parts()[i], rest, 0, nr, got);
                if (ng == 0) {
                    continue;
                }
                na = Selections.union(acc, na, got, ng, merged);
                int[] t = acc;
                acc = merged;
                merged = t;
                nr = Selections.difference(rest, 0, nr, got, ng, rest);
            }
            System.arraycopy(acc, 0, out, 0, na);
            release(4);
            return na;
        }
    }
}
