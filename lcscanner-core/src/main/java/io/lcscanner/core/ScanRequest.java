package io.lcscanner.core;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What to scan: the scanner (LC unless told otherwise) and its param overrides, the report window
 * {@code [from, to]}, the history loaded before it, rounding, the ticker lists, and the optional stages.
 * Immutable. Build one with {@link #builder(LocalDate, LocalDate)}, which checks each value as it is
 * given and throws {@link InvalidRequestException} naming the field ({@code params.<name>} for a param);
 * {@link Builder#build()} compiles the scanner with the params, so a request that exists can run.
 *
 * <pre>{@code
 * ScanRequest.builder(from, to).params(LcFilters.builder().minDollarVolume(1e9).build()).build(); // LC, a higher §5 filter
 * ScanRequest.builder(from, to).scanner(gapAndGo).param("min_gap", 0.2).build();                   // your own document
 * }</pre>
 */
public final class ScanRequest {
    /** The default lookback of a document without {@code lookback_days} and of LC (spec §1). */
    public static final int DEFAULT_LOOKBACK_DAYS = 400;

    static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2100, 12, 31);
    static final int MAX_LOOKBACK_DAYS = 20 * 366;
    private static final Pattern TICKER = Pattern.compile("[A-Z][A-Z0-9.\\-:]{0,14}");

    private final LocalDate from;
    private final LocalDate to;
    private final ScannerDefinition scanner;
    private final Map<String, Double> params;
    private final int lookbackDays;
    private final boolean referenceRounding;
    private final Set<String> includeTickers;
    private final Set<String> excludeTickers;
    private final boolean intraday;
    private final boolean requirePmLiquidity;
    private final boolean outcomes;

    private ScanRequest(Builder b) {
        this.from = b.from;
        this.to = b.to;
        this.scanner = b.scanner;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        this.lookbackDays = b.lookbackDays != null ? b.lookbackDays : scanner.lookbackDays();
        this.referenceRounding = b.referenceRounding != null ? b.referenceRounding : scanner.referenceRounding();
        this.includeTickers = Set.copyOf(b.include);
        this.excludeTickers = Set.copyOf(b.exclude);
        this.intraday = b.intraday;
        this.requirePmLiquidity = b.requirePmLiquidity;
        this.outcomes = b.outcomes;
    }

    /**
     * @param from first date a hit may have
     * @param to   last date a hit may have
     * @return a builder for LC with the spec's defaults for every field but the window
     * @throws InvalidRequestException naming {@code from} or {@code to} when one is missing, out of range, or
     *                                 {@code to} is before {@code from}
     */
    public static Builder builder(LocalDate from, LocalDate to) {
        return new Builder(from, to);
    }

    /** @return the first date a hit may have */
    public LocalDate from() {
        return from;
    }

    /** @return the last date a hit may have */
    public LocalDate to() {
        return to;
    }

    /** @return what a hit is */
    public ScannerDefinition scanner() {
        return scanner;
    }

    /** @return the overrides of the scanner's params (the rest keep their defaults) */
    public Map<String, Double> params() {
        return params;
    }

    /** @return calendar days of history loaded before {@code from} */
    public int lookbackDays() {
        return lookbackDays;
    }

    /** @return whether inputs and features are rounded to 2 decimals as the reference does */
    public boolean referenceRounding() {
        return referenceRounding;
    }

    /** @return if not empty, the only tickers scanned (upper case) */
    public Set<String> includeTickers() {
        return includeTickers;
    }

    /** @return tickers never scanned (upper case) */
    public Set<String> excludeTickers() {
        return excludeTickers;
    }

    /** @return whether the premarket stage runs when the scanner has one and the source supports it (spec §7) */
    public boolean intraday() {
        return intraday;
    }

    /** @return whether only hits with {@code valid_pm_liq = 1} are kept */
    public boolean requirePmLiquidity() {
        return requirePmLiquidity;
    }

    /**
     * @return whether every hit gets what the next sessions did ({@link ScanResult#summary()}); bars after
     *         {@code to} are loaded for it, and never touch a hit's own values
     */
    public boolean outcomes() {
        return outcomes;
    }

    /** @return the first date loaded: {@code from − lookbackDays} */
    public LocalDate loadFrom() {
        return from.minusDays(lookbackDays);
    }

    /**
     * @param ticker a ticker, upper case
     * @return whether it passes the include/exclude lists
     */
    public boolean selects(String ticker) {
        return (includeTickers.isEmpty() || includeTickers.contains(ticker)) && !excludeTickers.contains(ticker);
    }

    /**
     * @param name one of the scanner's params
     * @return its value in this request: its override, else the scanner's default
     * @throws InvalidRequestException naming {@code params.<name>} if the scanner has no such param
     */
    public double param(String name) {
        Double override = params.get(name);
        if (override != null) {
            return override;
        }
        Double value = scanner.params().get(name);
        require(value != null, "params." + name, "is not a param of " + scanner.name());
        return value;
    }

    @Override
    public String toString() {
        return "ScanRequest[" + scanner.name() + " " + from + ".." + to + " params=" + params + " lookbackDays="
                + lookbackDays + " referenceRounding=" + referenceRounding + " include=" + includeTickers + " exclude="
                + excludeTickers + " intraday=" + intraday + " requirePmLiquidity=" + requirePmLiquidity + " outcomes="
                + outcomes + "]";
    }

    /** What a param's override can be whatever the scanner: a name, a finite number. */
    private static void checkValue(String name, Double v) {
        require(name != null, "params", "contains a null name");
        require(v != null && Double.isFinite(v), "params." + name, "must be a finite number, got " + v);
    }

    /** That the scanner has the param (checked by build(): the scanner may be chosen after the params). */
    private static void checkName(ScannerDefinition scanner, String name) {
        require(scanner.params().containsKey(name), "params." + name, "is not a param of " + scanner.name()
                + " (its params: " + String.join(", ", scanner.params().keySet()) + ")");
    }

    private static Set<String> normalise(Collection<String> tickers, String field) {
        require(tickers != null, field, "is required (an empty list for none)");
        Set<String> out = new TreeSet<>();
        for (String t : tickers) {
            require(t != null, field, "contains a null ticker");
            String u = t.trim().toUpperCase(Locale.ROOT);
            require(TICKER.matcher(u).matches(), field,
                    "contains an invalid ticker \"" + t + "\" (letters, digits, '.', '-', ':'; up to 15 characters)");
            out.add(u);
        }
        return out;
    }

    static void require(boolean ok, String field, String reason) {
        if (!ok) {
            throw new InvalidRequestException(field, reason);
        }
    }

    /**
     * Builds a {@link ScanRequest}; starts from LC and the scanner's defaults. Each method checks its value
     * at once and throws {@link InvalidRequestException} naming the field.
     */
    public static final class Builder {
        private final LocalDate from;
        private final LocalDate to;
        private ScannerDefinition scanner = ScannerDefinition.lc();
        private final Map<String, Double> params = new LinkedHashMap<>();
        private Integer lookbackDays;
        private Boolean referenceRounding;
        private Set<String> include = Set.of();
        private Set<String> exclude = Set.of();
        private boolean intraday = false;
        private boolean requirePmLiquidity = false;
        private boolean outcomes = false;

        private Builder(LocalDate from, LocalDate to) {
            require(from != null, "from", "is required");
            require(to != null, "to", "is required");
            require(!from.isBefore(EARLIEST), "from", "must not be before " + EARLIEST + ", got " + from);
            require(!to.isAfter(LATEST), "to", "must not be after " + LATEST + ", got " + to);
            require(!to.isBefore(from), "to", "must not be before from (" + from + "), got " + to);
            this.from = from;
            this.to = to;
        }

        /**
         * @param definition the scanner to run (default {@link ScannerDefinition#lc()}); {@link #build()} checks
         *                   that it has the params given
         * @return this builder
         */
        public Builder scanner(ScannerDefinition definition) {
            require(definition != null, "scanner", "is required");
            this.scanner = definition;
            return this;
        }

        /**
         * @param name  one of the scanner's params (checked by {@link #build()}, once the scanner is known)
         * @param value its value for this request, a finite number
         * @return this builder
         */
        public Builder param(String name, double value) {
            checkValue(name, value);
            params.put(name, value);
            return this;
        }

        /**
         * @param values overrides of several of the scanner's params
         * @return this builder
         */
        public Builder params(Map<String, Double> values) {
            require(values != null, "params", "is required (an empty map for none)");
            values.forEach((name, value) -> {
                checkValue(name, value);
                params.put(name, value);
            });
            return this;
        }

        /**
         * @param days calendar days of history loaded before {@code from}, 0 … 7,320 (default: the scanner's)
         * @return this builder
         */
        public Builder lookbackDays(int days) {
            require(days >= 0 && days <= MAX_LOOKBACK_DAYS, "lookbackDays",
                    "must be between 0 and " + MAX_LOOKBACK_DAYS + ", got " + days);
            this.lookbackDays = days;
            return this;
        }

        /**
         * @param on round inputs and features to 2 decimals as the reference does (default: the scanner's)
         * @return this builder
         */
        public Builder referenceRounding(boolean on) {
            this.referenceRounding = on;
            return this;
        }

        /**
         * @param tickers if not empty, only these are scanned (case and surrounding blanks ignored)
         * @return this builder
         */
        public Builder includeTickers(Collection<String> tickers) {
            this.include = normalise(tickers, "includeTickers");
            return this;
        }

        /**
         * @param tickers never scanned (case and surrounding blanks ignored)
         * @return this builder
         */
        public Builder excludeTickers(Collection<String> tickers) {
            this.exclude = normalise(tickers, "excludeTickers");
            return this;
        }

        /**
         * @param on run the premarket stage when the scanner has one and the source supports it (spec §7)
         * @return this builder
         */
        public Builder intraday(boolean on) {
            this.intraday = on;
            return this;
        }

        /**
         * @param on keep only hits with {@code valid_pm_liq = 1} (needs {@link #intraday(boolean)} and a scanner
         *           with the premarket stage)
         * @return this builder
         */
        public Builder requirePmLiquidity(boolean on) {
            this.requirePmLiquidity = on;
            return this;
        }

        /**
         * @param on add what the next sessions did to every hit
         * @return this builder
         */
        public Builder outcomes(boolean on) {
            this.outcomes = on;
            return this;
        }

        /**
         * @return the request, its scanner compiled with its params
         * @throws InvalidRequestException     for a param the scanner does not have, or requirePmLiquidity
         *                                     without what it needs
         * @throws ScannerDefinitionException naming {@code params.<name>} for a value the document cannot take
         *                                     (a window, say)
         */
        public ScanRequest build() {
            params.keySet().forEach(name -> checkName(scanner, name));
            require(!requirePmLiquidity || intraday, "requirePmLiquidity", "needs intraday enrichment to be on");
            require(!requirePmLiquidity || scanner.premarket(), "requirePmLiquidity",
                    "needs a scanner with the premarket stage; " + scanner.name() + " has none");
            ScanRequest r = new ScanRequest(this);
            scanner.kernel(r.params, r.referenceRounding); // a bad param value fails here, naming it, not mid-scan
            return r;
        }
    }
}
