package io.lcscanner.core;

import io.lcscanner.core.engine.ForwardOutcomes;
import io.lcscanner.core.engine.OutputColumn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The columns of a scan's hits, in output order: {@code ticker}, {@code date}, one 0/1 flag per pattern,
 * the scanner's columns, then the fields of the stages that ran: premarket (spec §7), then the forward
 * outcomes. CSV headers, JSON
 * field names, the terminal table, the API's schema and the per-pattern counts are all derived from it.
 */
public final class HitSchema {

    /** What a column holds. */
    public enum Kind {
        /** A string (the ticker; a tier chosen from fixed labels). */
        TEXT,
        /** A date, {@code YYYY-MM-DD}. */
        DATE,
        /** 0 or 1 (missing when a stage could not compute it). */
        FLAG,
        /** A number, missing when it cannot be computed. */
        NUMBER
    }

    /** Where a column comes from. */
    public enum Group {
        /** {@code ticker} and {@code date}. */
        KEY,
        /** One flag per pattern of the scanner. */
        PATTERN,
        /** The scanner's own columns. */
        VALUE,
        /** The premarket stage's fields (spec §7). */
        PREMARKET,
        /** What the next sessions did ({@link ScanRequest#outcomes()}). */
        OUTCOME
    }

    /**
     * One column.
     *
     * @param labels the possible texts of a {@link Kind#TEXT} column other than the ticker, else empty
     */
    public record Column(String name, Kind kind, Group group, List<String> labels) {
        /**
         * @param name   the column's name
         * @param kind   what its values are
         * @param group  which part of the record it belongs to
         * @param labels a text column's possible labels, else empty
         */
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(group, "group");
            labels = List.copyOf(labels);
        }
    }

    /** Spec §7's fields, appended when the premarket stage runs. */
    static final List<Column> PREMARKET = List.of(
            new Column("avg_5d_pm_dol_vol", Kind.NUMBER, Group.PREMARKET, List.of()),
            new Column("valid_pm_liq", Kind.FLAG, Group.PREMARKET, List.of()),
            new Column("pmh_next_day", Kind.NUMBER, Group.PREMARKET, List.of()),
            new Column("open_next_day", Kind.NUMBER, Group.PREMARKET, List.of()),
            new Column("pm_dol_vol_next_day", Kind.NUMBER, Group.PREMARKET, List.of()));
    /** The forward outcomes, appended last when a request asks for them. */
    static final List<Column> OUTCOMES = ForwardOutcomes.NAMES.stream()
            .map(name -> new Column(name, Kind.NUMBER, Group.OUTCOME, List.of())).toList();
    private static final List<Column> KEYS = List.of(
            new Column("ticker", Kind.TEXT, Group.KEY, List.of()),
            new Column("date", Kind.DATE, Group.KEY, List.of()));

    private final String scanner;
    private final List<Column> columns;
    private final List<String> names;
    private final List<String> patterns;
    private final Map<String, Integer> index;

    private HitSchema(String scanner, List<Column> columns) {
        this.scanner = scanner;
        this.columns = List.copyOf(columns);
        List<String> n = new ArrayList<>(columns.size());
        List<String> p = new ArrayList<>();
        Map<String, Integer> idx = new HashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            n.add(c.name());
            if (c.group() == Group.PATTERN) {
                p.add(c.name());
            }
            if (idx.put(c.name(), i) != null) {
                throw new IllegalArgumentException("column " + c.name() + " appears twice");
            }
        }
        this.names = List.copyOf(n);
        this.patterns = List.copyOf(p);
        this.index = Collections.unmodifiableMap(idx);
    }

    /** The schema of a scanner's hits: keys, then its output columns (flags are its patterns). */
    static HitSchema of(String scanner, List<OutputColumn> output) {
        List<Column> all = new ArrayList<>(KEYS);
        for (OutputColumn c : output) {
            all.add(switch (c.kind()) {
                case FLAG -> new Column(c.name(), Kind.FLAG, Group.PATTERN, List.of());
                case NUMBER -> new Column(c.name(), Kind.NUMBER, Group.VALUE, List.of());
                case TEXT -> new Column(c.name(), Kind.TEXT, Group.VALUE, c.labels());
            });
        }
        return new HitSchema(scanner, all);
    }

    /**
     * The columns of a scan with {@code scanner}, known before it runs: its own, then the premarket fields when
     * {@code premarket} asks for them and the scanner has that stage (a scan runs it when its request asks for
     * intraday data and the source has some), then the forward outcomes when {@code outcomes} asks for them.
     * The schema of such a scan's {@link ScanResult} equals it. For API descriptions and documentation.
     *
     * @param scanner the scanner
     * @param premarket whether the premarket fields are appended
     * @param outcomes whether the forward outcomes are appended
     * @return the columns of that scanner's hits
     */
    public static HitSchema of(ScannerDefinition scanner, boolean premarket, boolean outcomes) {
        HitSchema schema = of(scanner.name(), scanner.kernel(Map.of()).columns());
        if (premarket && scanner.premarket()) {
            schema = schema.plus(PREMARKET);
        }
        return outcomes ? schema.plus(OUTCOMES) : schema;
    }

    /** This schema with {@code more} appended. */
    HitSchema plus(List<Column> more) {
        List<Column> all = new ArrayList<>(columns);
        all.addAll(more);
        return new HitSchema(scanner, all);
    }

    /**
     * The scanner whose hits these are, e.g. {@code lc}.
     *
     * @return the scanner's name
     */
    public String scanner() {
        return scanner;
    }

    /** @return every column, in output order */
    public List<Column> columns() {
        return columns;
    }

    /**
     * Column names in output order: the CSV header.
     *
     * @return the column names
     */
    public List<String> names() {
        return names;
    }

    /**
     * The scanner's pattern names, in its order.
     *
     * @return the pattern names
     */
    public List<String> patterns() {
        return patterns;
    }

    /**
     * Whether the premarket fields are part of the output.
     *
     * @return whether the premarket fields are there
     */
    public boolean hasPremarket() {
        return index.containsKey(PREMARKET.get(0).name());
    }

    /**
     * Whether the forward outcomes are part of the output.
     *
     * @return whether the outcomes are there
     */
    public boolean hasOutcomes() {
        return index.containsKey(OUTCOMES.get(0).name());
    }

    /**
     * The scanner's tier column, if it has one: its first text column with labels (LC's
     * {@code parabolic_tier}). Summaries group by it.
     *
     * @return the tier column, if there is one
     */
    public java.util.Optional<Column> tier() {
        return columns.stream().filter(c -> c.group() == Group.VALUE && c.kind() == Kind.TEXT).findFirst();
    }

    /**
     * The position of a column in {@link #columns()}, or −1.
     *
     * @param name a column name
     * @return its position, or −1
     */
    public int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    Column column(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column named \"" + name + "\" in the hits of " + scanner
                    + " (columns: " + String.join(", ", names) + ")");
        }
        return columns.get(i);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HitSchema s && s.scanner.equals(scanner) && s.columns.equals(columns);
    }

    @Override
    public int hashCode() {
        return scanner.hashCode() * 31 + columns.hashCode();
    }

    @Override
    public String toString() {
        return scanner + names;
    }
}
