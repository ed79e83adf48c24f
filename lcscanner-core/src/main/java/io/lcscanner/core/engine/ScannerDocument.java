package io.lcscanner.core.engine;

import io.lcscanner.core.engine.Language.Def;
import io.lcscanner.core.engine.Language.Type;
import io.lcscanner.core.engine.Language.WindowUse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A scanner document (scanner-rules.md), read and checked; {@link #compile} binds its params and
 * compiles it to a {@link ScanKernel}. The engine's entry point for {@code io.lcscanner.core}'s
 * {@code ScannerDefinition}; immutable and thread-safe.
 */
public final class ScannerDocument {
    /** Receives the problems of a document: key, 1-based position in its expression (0: none), message. */
    @FunctionalInterface
    public interface ProblemSink {
        void problem(String key, int position, String message);
    }

    private final DocumentReader.RawDocument raw;
    private final DocumentChecker.Checked checked;

    private ScannerDocument(DocumentReader.RawDocument raw, DocumentChecker.Checked checked) {
        this.raw = raw;
        this.checked = checked;
    }

    /** The checked document, or empty when {@code problems} was told what is wrong (all that could be found). */
    public static Optional<ScannerDocument> parse(String json, ProblemSink problems) {
        Problems found = new Problems();
        DocumentReader.RawDocument raw = DocumentReader.read(json, found);
        DocumentChecker.Checked checked = raw == null ? null : DocumentChecker.check(raw, found);
        if (found.any()) {
            found.sendTo(problems);
            return Optional.empty();
        }
        return Optional.of(new ScannerDocument(raw, checked));
    }

    public String name() {
        return raw.name();
    }

    /** The description, empty if none. */
    public String description() {
        return raw.description() == null ? "" : raw.description();
    }

    /** Param name → default value, in document order. */
    public Map<String, Double> params() {
        return Collections.unmodifiableMap(raw.params());
    }

    public int lookbackDays() {
        return raw.lookbackDays();
    }

    public boolean referenceRounding() {
        return raw.rounding().equals("reference");
    }

    public boolean premarket() {
        return raw.premarket();
    }

    public List<String> patterns() {
        return List.copyOf(raw.patterns().keySet());
    }

    public List<String> columns() {
        return List.copyOf(raw.columns().keySet());
    }

    /**
     * The kernel of this document with {@code overrides} replacing param defaults, rounding as
     * {@code referenceRounding} says; empty when {@code problems} was told why not (an unknown param, a
     * window param that is not a whole number of bars in range).
     */
    public Optional<ScanKernel> compile(Map<String, Double> overrides, boolean referenceRounding, ProblemSink problems) {
        Problems found = new Problems();
        Map<String, Double> values = new LinkedHashMap<>(raw.params());
        for (Map.Entry<String, Double> e : overrides.entrySet()) {
            String key = "params." + e.getKey();
            Double v = e.getValue();
            if (!raw.params().containsKey(e.getKey())) {
                found.add(key, 0, "unknown param: " + (raw.params().isEmpty() ? "scanner " + name() + " has no params"
                        : "scanner " + name() + " has " + String.join(", ", raw.params().keySet())));
            } else if (v == null || !Double.isFinite(v)) {
                found.add(key, 0, "must be a finite number, got " + v);
            } else {
                for (WindowUse use : checked.windowUses().getOrDefault(e.getKey(), List.of())) {
                    if (!DocumentChecker.isWindow(v, use.min())) {
                        found.add(key, 0, "must be an integer between " + use.min() + " and " + Language.MAX_WINDOW
                                + ": it is " + use.where() + "; got " + DocumentChecker.show(v));
                        break;
                    }
                }
                values.put(e.getKey(), v);
            }
        }
        if (found.any()) {
            found.sendTo(problems);
            return Optional.empty();
        }
        Plan plan = new Plan(Binder.bind(checked, values, referenceRounding));
        List<OutputColumn> outputs = new ArrayList<>();
        for (String p : raw.patterns().keySet()) {
            outputs.add(OutputColumn.flag(p));
        }
        for (Def c : checked.columns()) {
            outputs.add(c.type == Type.TEXT ? OutputColumn.text(c.name, c.labels) : OutputColumn.number(c.name));
        }
        return Optional.of(new CompiledKernel(plan, outputs));
    }
}
