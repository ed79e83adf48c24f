package io.lcscanner.core;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A scanner document (or a request's params for it) that cannot be used, with every problem found:
 * the key it is under, the character position in that key's expression, and what is wrong. The message
 * lists them one per line, e.g. {@code features.gap: position 7: unknown name "pcd"}.
 */
public final class ScannerDefinitionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * One problem.
     *
     * @param key      where it is: {@code name}, {@code features.gap}, {@code params.min_volume}, {@code gate};
     *                 empty for the document as a whole (e.g. invalid JSON)
     * @param position 1-based character position in the key's expression; 0 when the problem is not inside
     *                 an expression (the message then says where, e.g. the line and column of a JSON error)
     * @param message  what is wrong, in words
     */
    public record Problem(String key, int position, String message) {
        /**
         * @param key      where it is
         * @param position 1-based position in the key's expression, or 0
         * @param message  what is wrong
         */
        public Problem {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            String where = position > 0 ? "position " + position + ": " : "";
            return key.isEmpty() ? where + message : key + ": " + where + message;
        }
    }

    private final transient List<Problem> problems;

    /** @param problems every problem found, at least one */
    public ScannerDefinitionException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ScannerDefinitionException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem found, in document order as far as it could be followed.
     *
     * @return the problems
     */
    public List<Problem> problems() {
        return problems;
    }
}
