package io.lcscanner.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.source.BarSeries;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The conditions of an {@code and} are evaluated cheapest first whatever order the document writes them in, so
 * the costly columns (running averages, window extremes) are computed only for tickers where the cheap conditions
 * leave some bar; the hits are those of the written order.
 */
class ConditionOrderTest {
    /** Costly conditions first, as a trader might write them; a cheap one last. */
    private static final String DOC = """
            {"name": "t",
             "features": {"base": "shift((highest(h, 20) - lowest(l, 20)) / c, 1)"},
             "gate": "sma(v, 20) >= 0 and c >= 1",
             "patterns": {"p": "ema(c, 10) > sma(c, 5) and base <= 1 and c > shift(c, 1) and c > o"},
             "columns": {"close": "c"}}
            """;

    private static Plan plan(String json) {
        return ((CompiledKernel) RuleTesting.compile(json)).plan();
    }

    @Test
    void aPatternsConditionsRunCheapestFirst() {
        Plan plan = plan(DOC);
        Plan.Filter[] parts = ((Plan.And) plan.patterns[0]).parts();
        assertThat(parts).hasSize(4);
        // c > o: two inputs; c > shift(c, 1): one shift column; then the two with several columns each: base (two
        // window extremes, a program column, a shift: 64 + 64 + 16 + 1 + 32) and ema > sma (two running states
        // from the first bar: 64 + 64 + 1), the lighter first
        assertThat(described(plan, parts)).containsExactly("c > o", "c > shift", "ema > sma", "base");
    }

    @Test
    void theGatesConditionsRunCheapestFirst() {
        Plan plan = plan(DOC);
        Plan.Filter[] parts = ((Plan.And) plan.gate).parts();
        Plan.Compare first = (Plan.Compare) parts[0];
        assertThat(plan.graph.node(first.a()).op).isEqualTo(Op.INPUT);
        assertThat(first.k()).isEqualTo(1.0);
        Plan.Compare second = (Plan.Compare) parts[1];
        assertThat(plan.graph.node(second.a()).fn.name()).isEqualTo("sma");
    }

    @Test
    void theHitsAreThoseOfEveryConditionWhateverTheOrder() {
        double[] closes = new double[60];
        for (int i = 0; i < closes.length; i++) {
            closes[i] = 10 + i * 0.1 + (i % 7 == 0 ? -0.5 : 0) + (i % 11 == 0 ? 3 : 0);
        }
        BarSeries s = RuleTesting.closes(closes);
        // by hand, in the written order: RuleTesting.closes has o = c − 0.5 (so c > o on every bar), h = c + 1 and
        // l = c − 1; base needs the 20 bars before (from bar 20 on), the ema seeds at the first close
        List<Integer> expected = new ArrayList<>();
        int nearTies = 0;
        double[] ema = new double[closes.length];
        for (int i = 0; i < closes.length; i++) {
            ema[i] = i == 0 ? closes[0] : (1 - 2.0 / 11) * ema[i - 1] + 2.0 / 11 * closes[i];
        }
        for (int i = 20; i < closes.length; i++) {
            double hh = Double.NEGATIVE_INFINITY, ll = Double.POSITIVE_INFINITY;
            for (int j = i - 20; j < i; j++) {
                hh = Math.max(hh, closes[j] + 1);
                ll = Math.min(ll, closes[j] - 1);
            }
            double sma5 = (closes[i] + closes[i - 1] + closes[i - 2] + closes[i - 3] + closes[i - 4]) / 5;
            boolean base = (hh - ll) / closes[i - 1] <= 1;
            if (Math.abs(ema[i] - sma5) <= 1e-9) {
                nearTies++; // where the order of additions could decide: the series is chosen to have none
            }
            if (ema[i] > sma5 && base && closes[i] > closes[i - 1]) {
                expected.add(i);
            }
        }
        assertThat(nearTies).isZero();
        assertThat(expected).isNotEmpty().hasSizeLessThan(40);
        List<Integer> hits = new ArrayList<>();
        int day0 = s.epochDays()[0];
        RuleTesting.compile(DOC).newEvaluator().scan(s, day0, s.epochDays()[s.size() - 1],
                (ticker, day, row) -> hits.add(day - day0));
        assertThat(hits).isEqualTo(expected);
    }

    private static List<String> described(Plan plan, Plan.Filter[] parts) {
        List<String> out = new ArrayList<>();
        for (Plan.Filter f : parts) {
            if (f instanceof Plan.Compare c && c.b() >= 0) {
                Graph.Node a = plan.graph.node(c.a()), b = plan.graph.node(c.b());
                out.add(name(a) + " " + (c.op() == Op.GT ? ">" : c.op().toString()) + " " + name(b));
            } else if (f instanceof Plan.Compare c && plan.graph.node(c.a()).fn != null
                    && plan.graph.node(c.a()).fn.name().equals("shift")) {
                out.add("base");
            } else {
                out.add(f.toString());
            }
        }
        return out;
    }

    private static String name(Graph.Node n) {
        if (n.op == Op.INPUT) {
            return n.n == 0 ? "o" : n.n == 3 ? "c" : "input" + n.n;
        }
        return n.fn != null ? n.fn.name() : n.op.toString();
    }
}
