package io.lcscanner.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * LC's spec §5 filters, which are params of the built-in LC document: their names, defaults, and a
 * builder of the overrides that refuses a negative value as it is set.
 *
 * <pre>{@code
 * ScanRequest.builder(from, to).params(LcFilters.builder().minDollarVolume(1e9).build()).build();
 * double minPrice = LcFilters.minPrice(request);
 * }</pre>
 */
public final class LcFilters {
    /** The param of the minimum as-traded volume. */
    public static final String MIN_VOLUME = "min_volume";
    /** The param of the minimum close × volume. */
    public static final String MIN_DOLLAR_VOLUME = "min_dollar_volume";
    /** The param of the minimum as-traded close. */
    public static final String MIN_PRICE = "min_price";
    /** {@value #MIN_VOLUME}'s default (spec §5). */
    public static final double DEFAULT_MIN_VOLUME = 10_000_000;
    /** {@value #MIN_DOLLAR_VOLUME}'s default (spec §5). */
    public static final double DEFAULT_MIN_DOLLAR_VOLUME = 500_000_000;
    /** {@value #MIN_PRICE}'s default (spec §5). */
    public static final double DEFAULT_MIN_PRICE = 5.0;

    private LcFilters() {
    }

    /** @return a builder of LC filter overrides, empty (every filter at its default) */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param request a request for LC (or a scanner with the same param)
     * @return its {@value #MIN_VOLUME}
     */
    public static double minVolume(ScanRequest request) {
        return request.param(MIN_VOLUME);
    }

    /**
     * @param request a request for LC (or a scanner with the same param)
     * @return its {@value #MIN_DOLLAR_VOLUME}
     */
    public static double minDollarVolume(ScanRequest request) {
        return request.param(MIN_DOLLAR_VOLUME);
    }

    /**
     * @param request a request for LC (or a scanner with the same param)
     * @return its {@value #MIN_PRICE}
     */
    public static double minPrice(ScanRequest request) {
        return request.param(MIN_PRICE);
    }

    /** Overrides of LC's filters, each checked as it is set: a finite number, 0 or more. */
    public static final class Builder {
        private final Map<String, Double> params = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param v a hit needs as-traded volume ≥ this
         * @return this builder
         * @throws InvalidRequestException naming {@code params.min_volume} for a negative or non-finite value
         */
        public Builder minVolume(double v) {
            return set(MIN_VOLUME, v);
        }

        /**
         * @param v a hit needs close × volume ≥ this
         * @return this builder
         * @throws InvalidRequestException naming {@code params.min_dollar_volume} for a negative or non-finite value
         */
        public Builder minDollarVolume(double v) {
            return set(MIN_DOLLAR_VOLUME, v);
        }

        /**
         * @param v a hit needs the as-traded close ≥ this
         * @return this builder
         * @throws InvalidRequestException naming {@code params.min_price} for a negative or non-finite value
         */
        public Builder minPrice(double v) {
            return set(MIN_PRICE, v);
        }

        private Builder set(String name, double v) {
            if (!Double.isFinite(v) || v < 0) {
                throw new InvalidRequestException("params." + name, "must be a finite number, 0 or more, got " + v);
            }
            params.put(name, v);
            return this;
        }

        /** @return the overrides, for {@link ScanRequest.Builder#params(Map)} */
        public Map<String, Double> build() {
            return Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }
}
