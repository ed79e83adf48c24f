package io.lcscanner.core;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What to scan: the report window {@code [from, to]}, the history loaded before it, rounding, and the
 * filters of spec §5. Build one with {@link #builder(LocalDate, LocalDate)}; invalid values throw
 * {@link IllegalArgumentException} naming the field.
 *
 * @param from              first date a hit may have
 * @param to                last date a hit may have
 * @param lookbackDays      calendar days of history loaded before {@code from} (EMA-200 needs it)
 * @param referenceRounding round inputs and features to 2 decimals, as the reference does
 * @param minVolume         a hit needs as-traded volume ≥ this
 * @param minDollarVolume   a hit needs close × volume ≥ this
 * @param minPrice          a hit needs the as-traded close ≥ this
 * @param includeTickers    if not empty, only these tickers are scanned
 * @param excludeTickers    never scanned
 * @param intraday          run the premarket enrichment when the source supports it (spec §7)
 * @param requirePmLiquidity keep only hits with {@code valid_pm_liq = 1}
 * @param outcomes          add what the next sessions did to every hit ({@link ScanResult#summary()}); bars
 *                          after {@code to} are loaded for it, and never touch a hit's own values
 */
public record ScanRequest(LocalDate from, LocalDate to, int lookbackDays, boolean referenceRounding,
                          double minVolume, double minDollarVolume, double minPrice,
                          Set<String> includeTickers, Set<String> excludeTickers,
                          boolean intraday, boolean requirePmLiquidity, boolean outcomes) {

    public static final int DEFAULT_LOOKBACK_DAYS = 400;
    public static final double DEFAULT_MIN_VOLUME = 10_000_000;
    public static final double DEFAULT_MIN_DOLLAR_VOLUME = 500_000_000;
    public static final double DEFAULT_MIN_PRICE = 5.0;

    static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2100, 12, 31);
    static final int MAX_LOOKBACK_DAYS = 20 * 366;
    private static final Pattern TICKER = Pattern.compile("[A-Z][A-Z0-9.\\-:]{0,14}");

    public ScanRequest {
        require(from != null, "from", "is required");
        require(to != null, "to", "is required");
        require(!from.isBefore(EARLIEST), "from", "must not be before " + EARLIEST + ", got " + from);
        require(!to.isAfter(LATEST), "to", "must not be after " + LATEST + ", got " + to);
        require(!to.isBefore(from), "to", "must not be before from (" + from + "), got " + to);
        require(lookbackDays >= 0 && lookbackDays <= MAX_LOOKBACK_DAYS, "lookbackDays",
                "must be between 0 and " + MAX_LOOKBACK_DAYS + ", got " + lookbackDays);
        requireNonNegative(minVolume, "minVolume");
        requireNonNegative(minDollarVolume, "minDollarVolume");
        requireNonNegative(minPrice, "minPrice");
        includeTickers = normalise(includeTickers, "includeTickers");
        excludeTickers = normalise(excludeTickers, "excludeTickers");
        require(!requirePmLiquidity || intraday, "requirePmLiquidity", "needs intraday enrichment to be on");
    }

    /** A request with the spec's defaults for every field but the window. */
    public static Builder builder(LocalDate from, LocalDate to) {
        return new Builder(from, to);
    }

    /** The first date loaded: {@code from − lookbackDays}. */
    public LocalDate loadFrom() {
        return from.minusDays(lookbackDays);
    }

    /** Whether a ticker passes the include/exclude lists. */
    public boolean selects(String ticker) {
        return (includeTickers.isEmpty() || includeTickers.contains(ticker)) && !excludeTickers.contains(ticker);
    }

    private static void requireNonNegative(double value, String field) {
        require(Double.isFinite(value) && value >= 0, field, "must be a finite number ≥ 0, got " + value);
    }

    private static Set<String> normalise(Collection<String> tickers, String field) {
        if (tickers == null) {
            return Set.of();
        }
        Set<String> out = new TreeSet<>();
        for (String t : tickers) {
            require(t != null, field, "contains a null ticker");
            String u = t.trim().toUpperCase(Locale.ROOT);
            require(TICKER.matcher(u).matches(), field,
                    "contains an invalid ticker \"" + t + "\" (letters, digits, '.', '-', ':'; up to 15 characters)");
            out.add(u);
        }
        return Set.copyOf(out);
    }

    static void require(boolean ok, String field, String reason) {
        if (!ok) {
            throw new IllegalArgumentException(field + " " + reason);
        }
    }

    /** Builds a {@link ScanRequest}; starts from the spec's defaults. */
    public static final class Builder {
        private final LocalDate from;
        private final LocalDate to;
        private int lookbackDays = DEFAULT_LOOKBACK_DAYS;
        private boolean referenceRounding = true;
        private double minVolume = DEFAULT_MIN_VOLUME;
        private double minDollarVolume = DEFAULT_MIN_DOLLAR_VOLUME;
        private double minPrice = DEFAULT_MIN_PRICE;
        private Set<String> include = Set.of();
        private Set<String> exclude = Set.of();
        private boolean intraday = false;
        private boolean requirePmLiquidity = false;
        private boolean outcomes = false;

        private Builder(LocalDate from, LocalDate to) {
            this.from = from;
            this.to = to;
        }

        public Builder lookbackDays(int days) { this.lookbackDays = days; return this; }
        public Builder referenceRounding(boolean on) { this.referenceRounding = on; return this; }
        public Builder minVolume(double v) { this.minVolume = v; return this; }
        public Builder minDollarVolume(double v) { this.minDollarVolume = v; return this; }
        public Builder minPrice(double v) { this.minPrice = v; return this; }
        public Builder includeTickers(Collection<String> tickers) { this.include = Set.copyOf(Objects.requireNonNull(tickers, "includeTickers")); return this; }
        public Builder excludeTickers(Collection<String> tickers) { this.exclude = Set.copyOf(Objects.requireNonNull(tickers, "excludeTickers")); return this; }
        public Builder intraday(boolean on) { this.intraday = on; return this; }
        public Builder requirePmLiquidity(boolean on) { this.requirePmLiquidity = on; return this; }
        public Builder outcomes(boolean on) { this.outcomes = on; return this; }

        public ScanRequest build() {
            return new ScanRequest(from, to, lookbackDays, referenceRounding, minVolume, minDollarVolume, minPrice,
                    include, exclude, intraday, requirePmLiquidity, outcomes);
        }
    }
}
