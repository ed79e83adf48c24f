package io.lcscanner.core;

import io.lcscanner.core.engine.ScanKernel;
import io.lcscanner.core.engine.ScannerDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A scanner: a JSON document of scanner-rules.md naming its params, features, signals, gate, patterns
 * and columns. Built-in scanners ({@link #lc()} first) ship as resources; users write their own and
 * {@link #parse} them. A definition is checked when created: a bad one never gets as far as loading data.
 *
 * <pre>{@code
 * ScannerDefinition gapAndGo = ScannerDefinition.parse(Files.readString(Path.of("gap_and_go.json")));
 * gapAndGo.patterns();   // [gap_up]
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ScannerDefinition {
    /** The built-in scanners, each {@code scanners/<name>.json} beside this class. */
    private static final List<String> BUILTIN_NAMES = List.of("lc");
    /** Kernels compiled for recent param overrides; compiling is cheap, this only spares repeats. */
    private static final int KERNEL_CACHE = 8;

    private final String json;
    private final ScannerDocument document;
    private final Map<KernelKey, ScanKernel> kernels = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<KernelKey, ScanKernel> eldest) {
            return size() > KERNEL_CACHE;
        }
    };

    /**
     * A compiled kernel's key. Its equals and hashCode are written out: a record's generated ones bootstrap
     * through {@code java.lang.runtime.ObjectMethods}' method handles at their first call, some 40 ms in a fresh JVM.
     */
    private record KernelKey(Map<String, Double> overrides, boolean referenceRounding) {
        @Override
        public boolean equals(Object o) {
            return o instanceof KernelKey k && k.referenceRounding == referenceRounding && k.overrides.equals(overrides);
        }

        @Override
        public int hashCode() {
            return overrides.hashCode() * 31 + Boolean.hashCode(referenceRounding);
        }
    }

    private ScannerDefinition(String json, ScannerDocument document) {
        this.json = json;
        this.document = document;
    }

    /**
     * Reads and checks a scanner document.
     *
     * @throws ScannerDefinitionException with every problem found (key, position, message)
     *
     * @param json a scanner document
     * @return the checked, compiled scanner
     */
    public static ScannerDefinition parse(String json) {
        Objects.requireNonNull(json, "json");
        List<ScannerDefinitionException.Problem> problems = new ArrayList<>();
        Optional<ScannerDocument> doc = ScannerDocument.parse(json,
                (key, position, message) -> problems.add(new ScannerDefinitionException.Problem(key, position, message)));
        if (doc.isEmpty()) {
            throw new ScannerDefinitionException(problems);
        }
        return new ScannerDefinition(json, doc.get());
    }

    /**
     * A built-in scanner by name.
     *
     * @throws IllegalArgumentException if there is no built-in scanner of that name
     *
     * @param name a built-in scanner's name, e.g. {@code lc}
     * @return that scanner
     */
    public static ScannerDefinition builtin(String name) {
        Objects.requireNonNull(name, "name");
        ScannerDefinition d = Builtins.BY_NAME.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown scanner \"" + name + "\": the built-in scanners are "
                    + String.join(", ", BUILTIN_NAMES));
        }
        return d;
    }

    /**
     * Every built-in scanner, LC first.
     *
     * @return the built-in scanners
     */
    public static List<ScannerDefinition> builtins() {
        return List.copyOf(Builtins.BY_NAME.values());
    }

    /**
     * The LC scanner of lc-scanner.md (scanner-rules.md §5).
     *
     * @return LC
     */
    public static ScannerDefinition lc() {
        return builtin("lc");
    }

    private static final class Builtins {
        static final Map<String, ScannerDefinition> BY_NAME = load();

        private static Map<String, ScannerDefinition> load() {
            Map<String, ScannerDefinition> out = new LinkedHashMap<>();
            for (String name : BUILTIN_NAMES) {
                String resource = "scanners/" + name + ".json";
                try (InputStream in = ScannerDefinition.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("built-in scanner " + name + " is missing from the jar");
                    }
                    out.put(name, parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read built-in scanner " + name, e);
                }
            }
            return java.util.Collections.unmodifiableMap(out);
        }
    }

    /**
     * The id used by the API and the command line.
     *
     * @return the name
     */
    public String name() {
        return document.name();
    }

    /**
     * Free text; empty if the document has none.
     *
     * @return the description
     */
    public String description() {
        return document.description();
    }

    /**
     * Param name → default value, in document order.
     *
     * @return the params and their defaults
     */
    public Map<String, Double> params() {
        return document.params();
    }

    /**
     * Calendar days loaded before a scan's {@code from} unless the request says otherwise.
     *
     * @return the default lookback, in calendar days
     */
    public int lookbackDays() {
        return document.lookbackDays();
    }

    /**
     * {@code rounding: "reference"}: inputs and features rounded to 2 decimals (lc-scanner.md §1).
     *
     * @return whether the document rounds as the reference does
     */
    public boolean referenceRounding() {
        return document.referenceRounding();
    }

    /**
     * Whether hits get the premarket fields of lc-scanner.md §7 (appended by the scanner, not the kernel).
     *
     * @return whether the premarket stage runs on the hits
     */
    public boolean premarket() {
        return document.premarket();
    }

    /**
     * Pattern names, in document order: one 0/1 flag each in a hit.
     *
     * @return the pattern names
     */
    public List<String> patterns() {
        return document.patterns();
    }

    /**
     * Column names, in document order: reported with each hit after the flags.
     *
     * @return the column names
     */
    public List<String> columns() {
        return document.columns();
    }

    /**
     * The document's text, as given.
     *
     * @return the JSON text
     */
    public String json() {
        return json;
    }

    /**
     * The estimated work of scanning one bar with this document and its default params, in elementary
     * operations (a loaded input, one step of a running average, each of the n additions of
     * {@code sum(x, n)}, each bar-by-bar operation). A scan's work is about this times the bars it loads;
     * a server may refuse documents above a budget.
     *
     * @return the estimated operations per bar
     */
    public long cost() {
        return cost(Map.of());
    }

    /**
     * {@link #cost()} with {@code paramOverrides} replacing the params' defaults (a window param changes it).
     *
     * @throws ScannerDefinitionException naming {@code params.<name>} for an unknown param or a bad value
     *
     * @param paramOverrides values replacing the params' defaults
     * @return the estimated operations per bar
     */
    public long cost(Map<String, Double> paramOverrides) {
        return kernel(paramOverrides).cost();
    }

    /** The kernel with the document's own rounding; see {@link #kernel(Map, boolean)}. */
    ScanKernel kernel(Map<String, Double> paramOverrides) {
        return kernel(paramOverrides, referenceRounding());
    }

    /**
     * The document compiled for a request: {@code paramOverrides} replace the params' defaults, rounding
     * as the request says (it may override the document's).
     *
     * @throws ScannerDefinitionException naming {@code params.<name>} for an unknown param or a bad value
     */
    ScanKernel kernel(Map<String, Double> paramOverrides, boolean referenceRounding) {
        KernelKey key = new KernelKey(new TreeMap<>(Objects.requireNonNull(paramOverrides, "paramOverrides")),
                referenceRounding);
        synchronized (kernels) {
            ScanKernel cached = kernels.get(key);
            if (cached != null) {
                return cached;
            }
        }
        List<ScannerDefinitionException.Problem> problems = new ArrayList<>();
        Optional<ScanKernel> kernel = document.compile(paramOverrides, referenceRounding,
                (k, position, message) -> problems.add(new ScannerDefinitionException.Problem(k, position, message)));
        if (kernel.isEmpty()) {
            throw new ScannerDefinitionException(problems);
        }
        synchronized (kernels) {
            kernels.putIfAbsent(key, kernel.get());
            return kernels.get(key);
        }
    }

    @Override
    public String toString() {
        return "ScannerDefinition[" + name() + "]";
    }
}
