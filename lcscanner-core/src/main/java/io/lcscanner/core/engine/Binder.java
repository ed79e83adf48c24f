package io.lcscanner.core.engine;

import io.lcscanner.core.engine.Language.Def;
import io.lcscanner.core.engine.Language.Section;
import io.lcscanner.core.engine.Language.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a checked document, with its params' values and a rounding mode, into one {@link Graph}: the
 * evaluation order of scanner-rules.md §2 made explicit. Features refer to each other unrounded; with
 * reference rounding every numeric feature gets a ROUND node, and that is what signals, the gate,
 * patterns and columns read. Inputs are rounded on load (by the evaluator).
 */
final class Binder {
    /** The graph and the nodes a scan evaluates; {@code gate} is −1 when the document has none. */
    record Bound(Graph graph, int gate, int[] patterns, int[] columns, boolean referenceRounding) {
    }

    private final Graph g = new Graph();
    private final Map<String, Double> params;
    private final Map<String, Integer> featureRaw = new HashMap<>(), featureSeen = new HashMap<>(),
            signals = new HashMap<>(), columns = new HashMap<>();
    private Section section;

    private Binder(Map<String, Double> params) {
        this.params = params;
    }

    static Bound bind(DocumentChecker.Checked doc, Map<String, Double> params, boolean referenceRounding) {
        Binder b = new Binder(params);
        for (Def f : doc.featureOrder()) {
            b.section = Section.FEATURES;
            int raw = b.build(f.expr);
            b.featureRaw.put(f.name, raw);
            boolean round = referenceRounding && f.type == Type.NUMBER;
            b.featureSeen.put(f.name, round ? b.g.pointwise(Op.ROUND, Type.NUMBER, raw) : raw);
        }
        b.section = Section.SIGNALS;
        for (Def s : doc.signals()) {
            b.signals.put(s.name, b.build(s.expr));
        }
        b.section = Section.PATTERNS;
        int gate = doc.gate() == null ? -1 : b.build(doc.gate().expr);
        int[] patterns = new int[doc.patterns().size()];
        for (int i = 0; i < patterns.length; i++) {
            patterns[i] = b.build(doc.patterns().get(i).expr);
        }
        b.section = Section.COLUMNS;
        int[] columns = new int[doc.columns().size()];
        for (int i = 0; i < columns.length; i++) {
            Def c = doc.columns().get(i);
            columns[i] = b.build(c.expr);
            b.columns.put(c.name, columns[i]);
        }
        return new Bound(b.g, gate, patterns, columns, referenceRounding);
    }

    private int build(Expr e) {
        if (e instanceof Expr.Num n) {
            return g.constant(n.value(), Type.NUMBER);
        } else if (e instanceof Expr.Lit l) {
            return switch (l.kind()) {
                case TRUE -> g.constant(1, Type.BOOL);
                case FALSE -> g.constant(0, Type.BOOL);
                case MISSING -> g.constant(Double.NaN, Type.NUMBER);
            };
        } else if (e instanceof Expr.Param p) {
            return g.constant(params.get(p.name()), Type.NUMBER);
        } else if (e instanceof Expr.Ref r) {
            return reference(r.name());
        } else if (e instanceof Expr.Neg n) {
            return g.pointwise(Op.NEG, Type.NUMBER, build(n.x()));
        } else if (e instanceof Expr.Not n) {
            return g.pointwise(Op.NOT, Type.BOOL, build(n.x()));
        } else if (e instanceof Expr.Chain c) {
            return chain(c);
        } else if (e instanceof Expr.Compare c) {
            return g.pointwise(comparison(c.op()), Type.BOOL, build(c.a()), build(c.b()));
        }
        return call((Expr.Call) e);
    }

    private int reference(String name) {
        int input = Language.INPUTS.indexOf(name);
        if (input >= 0) {
            return g.input(input);
        }
        Integer f = (section == Section.FEATURES ? featureRaw : featureSeen).get(name);
        if (f != null) {
            return f;
        }
        Integer s = signals.get(name);
        return s != null ? s : columns.get(name);
    }

    private int chain(Expr.Chain c) {
        List<Expr> operands = c.operands();
        if (c.kind() == Expr.Chain.Kind.AND || c.kind() == Expr.Chain.Kind.OR) {
            int[] args = new int[operands.size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = build(operands.get(i));
            }
            return g.pointwise(c.kind() == Expr.Chain.Kind.AND ? Op.AND : Op.OR, Type.BOOL, args);
        }
        // left to right, as written: ((a + b) - c)
        int acc = build(operands.get(0));
        for (int i = 1; i < operands.size(); i++) {
            Op op = switch (c.ops()[i - 1]) {
                case '+' -> Op.ADD;
                case '-' -> Op.SUB;
                case '*' -> Op.MUL;
                default -> Op.DIV;
            };
            acc = g.pointwise(op, Type.NUMBER, acc, build(operands.get(i)));
        }
        return acc;
    }

    private static Op comparison(String op) {
        return switch (op) {
            case "<" -> Op.LT;
            case "<=" -> Op.LE;
            case ">" -> Op.GT;
            case ">=" -> Op.GE;
            case "==" -> Op.EQ;
            default -> Op.NE;
        };
    }

    /** A call, as its row of {@link Functions#TABLE} says: a series operation, or built from other operations. */
    private int call(Expr.Call c) {
        Functions.Function fn = Functions.get(c.name());
        if (fn.form() == Functions.Form.TIER) {
            return tier(c);
        }
        List<Expr> a = c.args();
        int windowAt = fn.windowArg();
        int[] args = new int[windowAt < 0 ? a.size() : a.size() - 1];
        int k = 0;
        for (int i = 0; i < a.size(); i++) {
            if (i != windowAt) {
                args[k++] = build(a.get(i));
            }
        }
        int window = windowAt < 0 ? 0 : window(a.get(windowAt));
        if (fn.isSeries()) {
            Type type = fn.result() == Functions.AS_FIRST_ARGUMENT ? g.node(args[0]).type : fn.result();
            return g.series(fn, type, args[0], window);
        }
        return fn.build().build(g, args, window);
    }

    /** tier(x, t1, "s1", …, "default"): a STEPS whose values are the labels' indices. */
    private int tier(Expr.Call c) {
        List<Expr> a = c.args();
        List<String> labels = new ArrayList<>();
        int[] args = new int[a.size()];
        args[0] = build(a.get(0));
        for (int i = 1; i < a.size(); i++) {
            boolean threshold = i % 2 == 1 && i < a.size() - 1;
            if (threshold) {
                args[i] = build(a.get(i));
            } else {
                String label = ((Expr.Str) a.get(i)).text();
                if (!labels.contains(label)) {
                    labels.add(label);
                }
                args[i] = g.constant(labels.indexOf(label), Type.NUMBER);
            }
        }
        return g.pointwise(Op.STEPS, Type.TEXT, List.copyOf(labels), args);
    }

    private int window(Expr e) {
        double v = e instanceof Expr.Num n ? n.value() : params.get(((Expr.Param) e).name());
        return (int) v;
    }
}
