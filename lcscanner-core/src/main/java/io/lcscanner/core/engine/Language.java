package io.lcscanner.core.engine;

import java.util.List;
import java.util.Set;

/** The fixed vocabulary of the rule language (scanner-rules.md §2–§3; its functions are {@link Functions}) and the parts of a checked document. */
final class Language {
    /** The per-bar inputs, in the order of {@link #input}. */
    static final List<String> INPUTS = List.of("o", "h", "l", "c", "v", "o_ua", "h_ua", "l_ua", "c_ua", "v_ua");
    static final Set<String> KEYWORDS = Set.of("and", "or", "not", "true", "false", "missing");
    /** Windows ({@code n}, {@code span}) and shifts ({@code k}) are at most this many bars. */
    static final int MAX_WINDOW = 1000;

    enum Type {
        NUMBER("a number"), BOOL("a boolean"), TEXT("a tier"), ERROR("invalid");
        final String words;

        Type(String words) {
            this.words = words;
        }
    }

    enum Section {
        FEATURES("features"), SIGNALS("signals"), GATE("gate"), PATTERNS("patterns"), COLUMNS("columns");
        final String key;

        Section(String key) {
            this.key = key;
        }
    }

    /** One named expression of a document (the gate has its section's name), as checked. */
    static final class Def {
        final Section section;
        final int index;
        final String name;
        final String key;
        final String text;
        Expr expr;
        Type type = Type.ERROR;
        /** A tier column's labels, in index order. */
        List<String> labels = List.of();

        Def(Section section, int index, String name, String text) {
            this.section = section;
            this.index = index;
            this.name = name;
            this.key = section == Section.GATE ? "gate" : section.key + "." + name;
            this.text = text;
        }
    }

    /** A param used as a window, for checking a request's value of it. */
    record WindowUse(String where, int min) {
    }

    private Language() {
    }

    static double[] input(io.lcscanner.core.source.BarSeries s, int index) {
        return switch (index) {
            case 0 -> s.open();
            case 1 -> s.high();
            case 2 -> s.low();
            case 3 -> s.close();
            case 4 -> s.volume();
            case 5 -> s.openUa();
            case 6 -> s.highUa();
            case 7 -> s.lowUa();
            case 8 -> s.closeUa();
            case 9 -> s.volumeUa();
            default -> throw new IllegalArgumentException("input " + index);
        };
    }
}
