package io.lcscanner.core.engine;

import io.lcscanner.core.engine.Language.Def;
import io.lcscanner.core.engine.Language.Section;
import io.lcscanner.core.engine.Language.Type;
import io.lcscanner.core.engine.Language.WindowUse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a read document (scanner-rules.md §1–§4): names, what each section may use, cycles among
 * features, types, arities and windows. Reports every problem it finds with the key and, inside an
 * expression, the character position; a problem's consequences (an unknown name's type, a cycle's
 * members) are not reported again.
 */
final class DocumentChecker {
    /** The checked parts of a document, ready to compile. */
    record Checked(List<Def> features, List<Def> featureOrder, List<Def> signals, Def gate, List<Def> patterns,
                   List<Def> columns, Map<String, List<WindowUse>> windowUses) {
    }

    private final DocumentReader.RawDocument raw;
    private final Problems problems;
    private final List<Def> features = new ArrayList<>(), signals = new ArrayList<>(), patterns = new ArrayList<>(),
            columns = new ArrayList<>();
    private final Map<String, Def> featureByName = new HashMap<>(), signalByName = new HashMap<>(),
            patternByName = new HashMap<>(), columnByName = new HashMap<>();
    private final Map<String, List<WindowUse>> windowUses = new LinkedHashMap<>();
    private Def gate;

    private DocumentChecker(DocumentReader.RawDocument raw, Problems problems) {
        this.raw = raw;
        this.problems = problems;
    }

    static Checked check(DocumentReader.RawDocument raw, Problems problems) {
        return new DocumentChecker(raw, problems).check();
    }

    private Checked check() {
        define(Section.FEATURES, raw.features(), features, featureByName);
        define(Section.SIGNALS, raw.signals(), signals, signalByName);
        define(Section.PATTERNS, raw.patterns(), patterns, patternByName);
        define(Section.COLUMNS, raw.columns(), columns, columnByName);
        if (raw.gate() != null) {
            gate = new Def(Section.GATE, 0, "gate", raw.gate());
            parse(gate);
        }
        FeatureGraph graph = new FeatureGraph();
        List<Def> order = graph.order();
        for (Def f : order) {
            f.type = typeOfDefinition(f);
        }
        for (Def f : features) {
            if (featureByName.get(f.name) != f && f.expr != null) {
                new TypeCheck(f).type(f.expr, true); // a refused name: still report what else is wrong
            }
        }
        for (Def s : signals) {
            s.type = typeOfDefinition(s);
        }
        if (gate != null) {
            gate.type = typeOfDefinition(gate);
        }
        for (Def p : patterns) {
            p.type = typeOfDefinition(p);
        }
        for (Def c : columns) {
            c.type = typeOfDefinition(c);
        }
        return new Checked(List.copyOf(features), order, List.copyOf(signals), gate, List.copyOf(patterns),
                List.copyOf(columns), windowUses);
    }

    // ---- names --------------------------------------------------------------------------------

    private void define(Section section, Map<String, String> entries, List<Def> into, Map<String, Def> byName) {
        int index = 0;
        for (Map.Entry<String, String> e : entries.entrySet()) {
            Def d = new Def(section, index++, e.getKey(), e.getValue());
            into.add(d);
            if (d.text != null) {
                parse(d);
            }
            String clash = nameProblem(d);
            if (clash != null) {
                problems.add(d.key, 0, clash);
            } else {
                byName.put(d.name, d);
            }
        }
    }

    /** Why {@code d}'s name cannot be used, or null. */
    private String nameProblem(Def d) {
        String n = d.name;
        if (!DocumentReader.NAME.matcher(n).matches()) {
            return "a name must match " + DocumentReader.NAME_RULE;
        }
        if (Language.INPUTS.contains(n)) {
            return "\"" + n + "\" is an input and cannot be redefined";
        }
        if (Functions.isFunction(n)) {
            return "\"" + n + "\" is a function name";
        }
        if (Language.KEYWORDS.contains(n)) {
            return "\"" + n + "\" is a keyword";
        }
        if (featureByName.containsKey(n)) {
            boolean reportsTheFeature = d.section == Section.COLUMNS && d.expr instanceof Expr.Ref r && r.name().equals(n);
            return reportsTheFeature ? null : "\"" + n + "\" is already a feature (a column may share a feature's name "
                    + "only when its expression is exactly that name)";
        }
        if (signalByName.containsKey(n)) {
            return "\"" + n + "\" is already a signal";
        }
        if (patternByName.containsKey(n)) {
            return "\"" + n + "\" is already a pattern";
        }
        return null;
    }

    private void parse(Def d) {
        try {
            d.expr = ExpressionParser.parse(d.text);
        } catch (ExpressionParser.SyntaxError e) {
            problems.add(d.key, e.position, e.getMessage());
        }
    }

    // ---- features: cycles and order ------------------------------------------------------------

    /** Features in an order where each comes after those it uses; members of a cycle are reported and left out. */
    private final class FeatureGraph {
        private final Map<Def, List<Expr.Ref>> uses = new HashMap<>();
        private final Map<Def, Integer> index = new HashMap<>(), low = new HashMap<>();
        private final List<Def> stack = new ArrayList<>();
        private final List<Def> order = new ArrayList<>();
        private int counter;

        List<Def> order() {
            for (Def f : features) {
                List<Expr.Ref> refs = new ArrayList<>();
                if (f.expr != null) {
                    collectFeatureRefs(f.expr, refs);
                }
                uses.put(f, refs);
            }
            for (Def f : features) {
                if (!index.containsKey(f) && featureByName.get(f.name) == f) {
                    strongConnect(f);
                }
            }
            return order;
        }

        private void collectFeatureRefs(Expr e, List<Expr.Ref> out) {
            if (e instanceof Expr.Ref r) {
                if (featureByName.containsKey(r.name())) {
                    out.add(r);
                }
            } else {
                for (Expr x : children(e)) {
                    collectFeatureRefs(x, out);
                }
            }
        }

        /** Tarjan's strongly connected components: each is emitted after every component it uses. */
        private void strongConnect(Def f) {
            index.put(f, counter);
            low.put(f, counter);
            counter++;
            stack.add(f);
            for (Expr.Ref r : uses.get(f)) {
                Def g = featureByName.get(r.name());
                if (!index.containsKey(g)) {
                    strongConnect(g);
                    low.put(f, Math.min(low.get(f), low.get(g)));
                } else if (stack.contains(g)) {
                    low.put(f, Math.min(low.get(f), index.get(g)));
                }
            }
            if (low.get(f).equals(index.get(f))) {
                List<Def> component = new ArrayList<>();
                Def g;
                do {
                    g = stack.remove(stack.size() - 1);
                    component.add(g);
                } while (g != f);
                boolean selfUse = uses.get(f).stream().anyMatch(r -> r.name().equals(f.name));
                if (component.size() == 1 && !selfUse) {
                    order.add(f);
                } else {
                    reportCycle(component);
                }
            }
        }

        private void reportCycle(List<Def> component) {
            Def first = component.stream().min((a, b) -> Integer.compare(a.index, b.index)).orElseThrow();
            // walk from the first member along uses inside the component until it comes back
            List<Def> path = new ArrayList<>();
            List<Expr.Ref> steps = new ArrayList<>();
            Def at = first;
            while (true) {
                path.add(at);
                Expr.Ref step = null;
                for (Expr.Ref r : uses.get(at)) {
                    Def g = featureByName.get(r.name());
                    if (component.contains(g) && (g == first || !path.contains(g))) {
                        step = r;
                        if (g == first) {
                            break;
                        }
                    }
                }
                steps.add(step);
                Def nextDef = featureByName.get(step.name());
                if (nextDef == first) {
                    break;
                }
                at = nextDef;
            }
            StringBuilder cycle = new StringBuilder();
            for (Def d : path) {
                cycle.append(d.name).append(" → ");
            }
            cycle.append(first.name);
            problems.add(first.key, steps.get(0).pos(), "cycle: " + cycle);
            for (Def d : component) {
                d.type = Type.ERROR;
                // check what else is wrong in the members, without their types
                if (d.expr != null) {
                    new TypeCheck(d).type(d.expr, true);
                }
            }
        }
    }

    // ---- types ----------------------------------------------------------------------------------

    private Type typeOfDefinition(Def d) {
        if (d.expr == null) {
            return Type.ERROR;
        }
        TypeCheck check = new TypeCheck(d);
        Type t = check.type(d.expr, true);
        switch (d.section) {
            case GATE, PATTERNS -> {
                if (t == Type.NUMBER) {
                    problems.add(d.key, d.expr.pos(), (d.section == Section.GATE ? "the gate" : "a pattern")
                            + " must be a condition (a boolean expression), this is a number");
                    return Type.ERROR;
                }
            }
            default -> {
            }
        }
        if (t == Type.TEXT) {
            d.labels = check.labels;
        }
        return t;
    }

    /** The type of one definition's expression; reports what is wrong in it. */
    private final class TypeCheck {
        private final Def def;
        private List<String> labels = List.of();

        TypeCheck(Def def) {
            this.def = def;
        }

        private void problem(Expr at, String message) {
            problems.add(def.key, at.pos(), message);
        }

        Type type(Expr e, boolean top) {
            if (e instanceof Expr.Num) {
                return Type.NUMBER;
            } else if (e instanceof Expr.Lit l) {
                return l.kind() == Expr.Lit.Kind.MISSING ? Type.NUMBER : Type.BOOL;
            } else if (e instanceof Expr.Str s) {
                problem(s, "a string is only allowed as a label of tier(...)");
                return Type.ERROR;
            } else if (e instanceof Expr.Param p) {
                if (!raw.params().containsKey(p.name())) {
                    problem(p, "unknown param \"$" + p.name() + "\"" + known());
                    return Type.ERROR;
                }
                return Type.NUMBER;
            } else if (e instanceof Expr.Ref r) {
                Type t = reference(r);
                if (t == Type.TEXT) {
                    if (!top) {
                        problem(r, "\"" + r.name() + "\" is a tier: it can only be a column's whole expression");
                        return Type.ERROR;
                    }
                    labels = columnByName.get(r.name()).labels;
                }
                return t;
            } else if (e instanceof Expr.Neg n) {
                number(n.x(), "'-'");
                return Type.NUMBER;
            } else if (e instanceof Expr.Not n) {
                bool(n.x(), "'not'");
                return Type.BOOL;
            } else if (e instanceof Expr.Chain c) {
                boolean logical = c.kind() == Expr.Chain.Kind.AND || c.kind() == Expr.Chain.Kind.OR;
                for (int i = 0; i < c.operands().size(); i++) {
                    String op = "'" + (logical ? c.kind().word : String.valueOf(c.ops()[Math.max(0, i - 1)])) + "'";
                    if (logical) {
                        bool(c.operands().get(i), op);
                    } else {
                        number(c.operands().get(i), op);
                    }
                }
                return logical ? Type.BOOL : Type.NUMBER;
            } else if (e instanceof Expr.Compare c) {
                number(c.a(), "'" + c.op() + "'");
                number(c.b(), "'" + c.op() + "'");
                return Type.BOOL;
            }
            return call((Expr.Call) e, top);
        }

        private String known() {
            return raw.params().isEmpty() ? " (the document has no params)" : " (params: " + String.join(", ", raw.params().keySet()) + ")";
        }

        /** An operand used as a number (booleans count as 0/1). */
        private void number(Expr e, String operator) {
            Type t = type(e, false);
            if (t == Type.TEXT) {
                problem(e, "arithmetic or comparison on a tier (" + operator + ")");
            }
        }

        private void bool(Expr e, String operator) {
            Type t = type(e, false);
            if (t == Type.NUMBER) {
                problem(e, operator + " needs a condition (a boolean), this is a number");
            }
        }

        private Type reference(Expr.Ref r) {
            String n = r.name();
            if (Language.INPUTS.contains(n)) {
                return Type.NUMBER;
            }
            if (Functions.isFunction(n)) {
                problem(r, "\"" + n + "\" is a function: call it as " + n + "(...)");
                return Type.ERROR;
            }
            Def f = featureByName.get(n);
            if (f != null) {
                return f.type;
            }
            Def s = signalByName.get(n);
            if (s != null) {
                if (def.section == Section.FEATURES) {
                    problem(r, "\"" + n + "\" is a signal: features cannot use signals (they are evaluated after the features)");
                    return Type.ERROR;
                }
                if (def.section == Section.SIGNALS && s.index >= def.index) {
                    problem(r, "\"" + n + "\" is " + (s == def ? "this signal" : "a later signal")
                            + ": a signal may only use earlier signals");
                    return Type.ERROR;
                }
                return s.type;
            }
            if (patternByName.containsKey(n)) {
                problem(r, "\"" + n + "\" is a pattern: patterns cannot be used in expressions (share a condition through a signal)");
                return Type.ERROR;
            }
            Def c = columnByName.get(n);
            if (c != null) {
                if (def.section != Section.COLUMNS) {
                    problem(r, "\"" + n + "\" is a column: only later columns can use it");
                    return Type.ERROR;
                }
                if (c.index >= def.index) {
                    problem(r, "\"" + n + "\" is " + (c == def ? "this column" : "a later column")
                            + ": a column may only use earlier columns");
                    return Type.ERROR;
                }
                return c.type;
            }
            problem(r, "unknown name \"" + n + "\"" + Suggestions.name(n, knownNames()));
            return Type.ERROR;
        }

        /** The names an expression may use, for suggestions: inputs, features and signals. */
        private java.util.List<String> knownNames() {
            java.util.List<String> names = new java.util.ArrayList<>(Language.INPUTS);
            names.addAll(featureByName.keySet());
            names.addAll(signalByName.keySet());
            return names;
        }

        /** A call, checked as its row of {@link Functions#TABLE} says. */
        private Type call(Expr.Call c, boolean top) {
            List<Expr> a = c.args();
            String fn = c.name();
            Functions.Function f = Functions.get(fn);
            if (f == null) {
                boolean known = Language.INPUTS.contains(fn) || featureByName.containsKey(fn)
                        || signalByName.containsKey(fn) || columnByName.containsKey(fn) || patternByName.containsKey(fn);
                problem(c, known ? "\"" + fn + "\" is not a function"
                        : "unknown function \"" + fn + "\"" + Suggestions.function(fn, Functions.names()));
                return Type.ERROR;
            }
            switch (f.form()) {
                case FIXED -> {
                    return fixed(c, f);
                }
                case VARIADIC -> {
                    if (a.size() < 2) {
                        problem(c, fn + " takes 2 or more arguments, got " + a.size());
                        return Type.ERROR;
                    }
                    a.forEach(x -> number(x, fn));
                    return Type.NUMBER;
                }
                case IF -> {
                    if (!arity(c, 3, f.signature())) {
                        return Type.ERROR;
                    }
                    bool(a.get(0), "the condition of if");
                    Type x = branch(a.get(1)), y = branch(a.get(2));
                    if (x != Type.ERROR && y != Type.ERROR && x != y) {
                        problem(c, "the two branches of if must have one type, got " + x.words + " and " + y.words);
                        return Type.ERROR;
                    }
                    return x == Type.ERROR ? y : x;
                }
                default -> {
                    return steps(c, top);
                }
            }
        }

        /** A function of fixed arguments: each as its kind says; the result as the row says. */
        private Type fixed(Expr.Call c, Functions.Function f) {
            if (!arity(c, f.args().size(), f.signature())) {
                return Type.ERROR;
            }
            Type result = f.result();
            for (int i = 0; i < f.args().size(); i++) {
                Expr x = c.args().get(i);
                String name = f.argNames().get(i);
                switch (f.args().get(i)) {
                    case NUMBER -> number(x, f.name());
                    case CONDITION -> bool(x, "the condition of " + f.name());
                    case SERIES -> {
                        Type t = type(x, false);
                        if (t == Type.TEXT) {
                            problem(x, f.name() + " of a tier");
                            t = Type.ERROR;
                        }
                        result = t;
                    }
                    case WINDOW -> window(x, "the window " + name + " of " + f.name(), 1);
                    case SHIFT -> window(x, "the shift " + name + " of " + f.name(), 0);
                }
            }
            return result;
        }

        private Type branch(Expr e) {
            Type t = type(e, false);
            if (t == Type.TEXT) {
                problem(e, "if cannot choose a tier");
                return Type.ERROR;
            }
            return t;
        }

        private Type steps(Expr.Call c, boolean top) {
            List<Expr> a = c.args();
            boolean tier = c.name().equals("tier");
            if (tier && !(top && def.section == Section.COLUMNS)) {
                problem(c, "tier(...) is only allowed as the whole expression of a column");
                return Type.ERROR;
            }
            if (a.size() < 4 || a.size() % 2 != 0) {
                problem(c, c.name() + " takes x, then pairs of threshold and " + (tier ? "label" : "value")
                        + ", then a default: an even number of arguments, 4 or more; got " + a.size());
                return Type.ERROR;
            }
            number(a.get(0), c.name());
            List<String> names = new ArrayList<>();
            for (int i = 1; i < a.size(); i++) {
                boolean threshold = i % 2 == 1 && i < a.size() - 1;
                Expr x = a.get(i);
                if (threshold || !tier) {
                    number(x, c.name());
                } else if (x instanceof Expr.Str s) {
                    if (!names.contains(s.text())) {
                        names.add(s.text());
                    }
                } else {
                    problem(x, "a label of tier must be a string in quotes");
                }
            }
            if (!tier) {
                return Type.NUMBER;
            }
            labels = List.copyOf(names);
            return Type.TEXT;
        }

        private boolean arity(Expr.Call c, int n, String signature) {
            if (c.args().size() != n) {
                problem(c, c.name() + " takes " + n + (n == 1 ? " argument " : " arguments ") + signature + ", got "
                        + c.args().size());
                return false;
            }
            return true;
        }

        /** A window or shift: an integer literal or an integer param, {@code min} … {@value Language#MAX_WINDOW}. */
        private void window(Expr e, String what, int min) {
            String range = "an integer between " + min + " and " + Language.MAX_WINDOW;
            if (e instanceof Expr.Num n) {
                if (!isWindow(n.value(), min)) {
                    problem(e, what + " must be " + range + ", got " + show(n.value()));
                }
            } else if (e instanceof Expr.Neg neg && neg.x() instanceof Expr.Num n) {
                problem(e, what + " must be " + range + ", got -" + show(n.value()));
            } else if (e instanceof Expr.Param p) {
                Double value = raw.params().get(p.name());
                if (value == null) {
                    problem(p, "unknown param \"$" + p.name() + "\"" + known());
                } else {
                    windowUses.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(new WindowUse(what + " in " + def.key, min));
                    if (!isWindow(value, min)) {
                        problem(p, what + " must be " + range + ", but $" + p.name() + " is " + show(value));
                    }
                }
            } else {
                problem(e, what + " must be an integer literal or an integer param");
            }
        }
    }

    /** The operands of {@code e}, in written order. */
    static List<Expr> children(Expr e) {
        if (e instanceof Expr.Neg n) {
            return List.of(n.x());
        } else if (e instanceof Expr.Not n) {
            return List.of(n.x());
        } else if (e instanceof Expr.Chain c) {
            return c.operands();
        } else if (e instanceof Expr.Compare c) {
            return List.of(c.a(), c.b());
        } else if (e instanceof Expr.Call c) {
            return c.args();
        }
        return List.of();
    }

    static boolean isWindow(double v, int min) {
        return v == Math.rint(v) && v >= min && v <= Language.MAX_WINDOW;
    }

    static String show(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
