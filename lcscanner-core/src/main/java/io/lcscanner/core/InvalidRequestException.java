package io.lcscanner.core;

import java.util.Objects;

/**
 * A value a request cannot take: the field it was given for ({@code from}, {@code lookbackDays},
 * {@code includeTickers}, {@code params.min_price}, …) and the reason, in words. The message is
 * {@code field + " " + reason}; callers that show it under their own names (an option, a JSON field) use
 * {@link #field()} and {@link #reason()}.
 */
public final class InvalidRequestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The field, as {@link ScanRequest}'s builder names it. */
    private final String field;
    /** What is wrong with it. */
    private final String reason;

    /**
     * @param field  the field, as {@link ScanRequest.Builder}'s methods name it ({@code params.<name>} for a param)
     * @param reason what is wrong, e.g. {@code must be 0 or more, got -1}
     */
    public InvalidRequestException(String field, String reason) {
        super(Objects.requireNonNull(field, "field") + " " + Objects.requireNonNull(reason, "reason"));
        this.field = field;
        this.reason = reason;
    }

    /** @return the field, e.g. {@code lookbackDays} or {@code params.min_gap} */
    public String field() {
        return field;
    }

    /** @return what is wrong, without the field */
    public String reason() {
        return reason;
    }
}
