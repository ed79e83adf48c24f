package io.lcscanner.core.engine;

import java.util.List;
import java.util.Objects;

/**
 * One value a scanner reports for each hit, after the ticker and the date: a pattern's 0/1 flag, a
 * number, or a text chosen from fixed labels (a tier). Rows carry every kind as a double: a flag as 0 or
 * 1, a number as itself (NaN when missing), a text as the index of its label.
 *
 * @param name   the output name, {@code [a-z][a-z0-9_]*}
 * @param kind   what the value is
 * @param labels the possible texts of a {@link Kind#TEXT} column, in index order; empty otherwise
 */
public record OutputColumn(String name, Kind kind, List<String> labels) {
    public enum Kind { FLAG, NUMBER, TEXT }

    public OutputColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        labels = List.copyOf(labels);
        if ((kind == Kind.TEXT) == labels.isEmpty()) {
            throw new IllegalArgumentException(name + ": a text column needs labels, other kinds none");
        }
    }

    public static OutputColumn flag(String name) {
        return new OutputColumn(name, Kind.FLAG, List.of());
    }

    public static OutputColumn number(String name) {
        return new OutputColumn(name, Kind.NUMBER, List.of());
    }

    public static OutputColumn text(String name, List<String> labels) {
        return new OutputColumn(name, Kind.TEXT, labels);
    }
}
