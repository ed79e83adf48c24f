package io.lcscanner.core;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One setup: a ticker on a day where the scanner's gate and at least one of its patterns hold, with the
 * values its {@link HitSchema} names — the patterns' flags, the scanner's columns and, when that stage ran,
 * the premarket fields.
 *
 * <pre>{@code
 * hit.flag("lc_frontside_d2_extended")   // true when that pattern holds
 * hit.value("parabolic_score")           // 77.5 (NaN when missing)
 * hit.text("parabolic_tier")             // "A"
 * }</pre>
 *
 * <p>Immutable. Values are the (rounded, unless rounding is off) features of the hit's bar.
 */
public final class Hit {
    private final HitSchema schema;
    private final String ticker;
    private final int epochDay;
    /** One per schema column after ticker and date: flags 0/1, numbers, text as a label index; NaN = missing. */
    private final double[] values;

    Hit(HitSchema schema, String ticker, int epochDay, double[] values) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.epochDay = epochDay;
        this.values = values;
        if (values.length != schema.columns().size() - 2) {
            throw new IllegalArgumentException(values.length + " values for " + (schema.columns().size() - 2) + " columns");
        }
    }

    /** @return the columns this hit's values follow */
    public HitSchema schema() {
        return schema;
    }

    /** @return the ticker */
    public String ticker() {
        return ticker;
    }

    /** @return the bar's date */
    public LocalDate date() {
        return LocalDate.ofEpochDay(epochDay);
    }

    /**
     * The date as {@link LocalDate#toEpochDay()}.
     *
     * @return the date as an epoch day
     */
    public int epochDay() {
        return epochDay;
    }

    /**
     * Whether the flag column {@code name} (a pattern, or e.g. {@code valid_pm_liq}) is 1.
     *
     * @param name a flag column of the schema
     * @return whether it is 1
     */
    public boolean flag(String name) {
        requireKind(name, HitSchema.Kind.FLAG);
        return values[schema.indexOf(name) - 2] == 1;
    }

    /**
     * The number (or flag) {@code name}; NaN when missing.
     *
     * @param name a number or flag column of the schema
     * @return its value; NaN when missing
     */
    public double value(String name) {
        HitSchema.Column c = schema.column(name);
        if (c.kind() == HitSchema.Kind.TEXT || c.kind() == HitSchema.Kind.DATE) {
            throw new IllegalArgumentException("column \"" + name + "\" holds " + c.kind().name().toLowerCase()
                    + ", not a number: use get(\"" + name + "\")");
        }
        return values[schema.indexOf(name) - 2];
    }

    /**
     * The text of column {@code name} (a tier, or the ticker); {@code null} when missing.
     *
     * @param name a text column of the schema
     * @return its text; {@code null} when missing
     */
    public String text(String name) {
        requireKind(name, HitSchema.Kind.TEXT);
        return (String) get(name);
    }

    /**
     * The patterns that hold on this bar, in the scanner's order.
     *
     * @return the patterns that hold on this bar
     */
    public List<String> patterns() {
        List<String> out = new ArrayList<>();
        for (String p : schema.patterns()) {
            if (values[schema.indexOf(p) - 2] == 1) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The value of column {@code name} as output shows it: {@code String} for text and dates, {@code Integer}
     * 0/1 for flags, {@code Double} for numbers, {@code null} when missing.
     *
     * @param name a column of the schema
     * @return its value as described above
     */
    public Object get(String name) {
        int i = schema.indexOf(name);
        if (i < 0) {
            schema.column(name); // throws, naming the columns there are
        }
        return get(i);
    }

    /**
     * The values of every column in schema order, as {@link #get(String)} gives them.
     *
     * @return every column's value in schema order
     */
    public List<Object> values() {
        List<Object> out = new ArrayList<>(schema.columns().size());
        for (int i = 0; i < schema.columns().size(); i++) {
            out.add(get(i));
        }
        return out;
    }

    Object get(int column) {
        if (column == 0) {
            return ticker;
        }
        if (column == 1) {
            return date().toString();
        }
        double x = values[column - 2];
        if (Double.isNaN(x)) {
            return null;
        }
        HitSchema.Column c = schema.columns().get(column);
        return switch (c.kind()) {
            case FLAG -> x == 1 ? 1 : 0;
            case NUMBER -> x;
            case TEXT -> c.labels().get((int) x);
            case DATE -> throw new IllegalStateException("only the key is a date");
        };
    }

    /** The raw value of a column after ticker and date (no boxing): for writers. */
    double raw(int column) {
        return values[column - 2];
    }

    /** This hit under {@code extended} (this schema plus appended columns), with their values. */
    Hit plus(HitSchema extended, double[] appended) {
        double[] all = Arrays.copyOf(values, values.length + appended.length);
        System.arraycopy(appended, 0, all, values.length, appended.length);
        return new Hit(extended, ticker, epochDay, all);
    }

    private void requireKind(String name, HitSchema.Kind kind) {
        HitSchema.Column c = schema.column(name);
        if (c.kind() != kind) {
            throw new IllegalArgumentException("column \"" + name + "\" holds " + c.kind().name().toLowerCase()
                    + ", not " + kind.name().toLowerCase());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hit h && h.epochDay == epochDay && h.ticker.equals(ticker) && h.schema.equals(schema)
                && Arrays.equals(h.values, values);
    }

    @Override
    public int hashCode() {
        return (ticker.hashCode() * 31 + epochDay) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(ticker).append(' ').append(date());
        for (int i = 2; i < schema.columns().size(); i++) {
            sb.append(' ').append(schema.columns().get(i).name()).append('=').append(get(i));
        }
        return sb.toString();
    }
}
