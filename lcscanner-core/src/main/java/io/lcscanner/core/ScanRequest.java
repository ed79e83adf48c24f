package io.lcscanner.core;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What to scan: the scanner (LC unless told otherwise) and its param overrides, the report window
 * {@code [from, to]}, the history loaded before it, rounding, the ticker lists, and the optional stages.
 * Build one with {@link #builder(LocalDate, LocalDate)}; invalid values throw
 * {@link IllegalArgumentException} naming the field ({@code params.<name>} for a param).
 *
 * <pre>{@code
 * ScanRequest.builder(from, to).minDollarVolume(1e9).build();                  // LC, a higher §5 filter
 * ScanRequest.builder(from, to).scanner(gapAndGo).param("min_gap", 0.2).build(); // your own document
 * }</pre>
 *
 * @param from               first date a hit may have
 * @param to                 last date a hit may have
 * @param scanner            what a hit is
 * @param params             overrides of the scanner's params (the rest keep their defaults)
 * @param lookbackDays       calendar days of history loaded before {@code from} (default: the scanner's)
 * @param referenceRounding  round inputs and features to 2 decimals as the reference does (default: the scanner's)
 * @param includeTickers     if not empty, only these tickers are scanned
 * @param excludeTickers     never scanned
 * @param intraday           run the premarket stage when the scanner has one and the source supports it (spec §7)
 * @param requirePmLiquidity keep only hits with {@code valid_pm_liq = 1}
 * @param outcomes           add what the next sessions did to every hit ({@link ScanResult#summary()}); bars
 *                           after {@code to} are loaded for it, and never touch a hit's own values
 */
public record ScanRequest(LocalDate from, LocalDate to, ScannerDefinition scanner, Map<String, Double> params,
                          int lookbackDays, boolean referenceRounding,
                          Set<String> includeTickers, Set<String> excludeTickers,
                          boolean intraday, boolean requirePmLiquidity, boolean outcomes) {

    /** LC's default lookback (spec §1). */
    public static final int DEFAULT_LOOKBACK_DAYS = 400;
    /** LC's spec §5 filters, the params {@code min_volume}, {@code min_dollar_volume} and {@code min_price}. */
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
        require(scanner != null, "scanner", "is required");
        require(lookbackDays >= 0 && lookbackDays <= MAX_LOOKBACK_DAYS, "lookbackDays",
                "must be between 0 and " + MAX_LOOKBACK_DAYS + ", got " + lookbackDays);
        params = checkParams(scanner, params);
        includeTickers = normalise(includeTickers, "includeTickers");
        excludeTickers = normalise(excludeTickers, "excludeTickers");
        require(!requirePmLiquidity || intraday, "requirePmLiquidity", "needs intraday enrichment to be on");
        require(!requirePmLiquidity || scanner.premarket(), "requirePmLiquidity",
                "needs a scanner with the premarket stage; " + scanner.name() + " has none");
        scanner.kernel(params, referenceRounding); // a bad param value fails here, naming it, not mid-scan
    }

    /** A request for LC with the spec's defaults for every field but the window. */
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

    /** The value a param has in this request: its override, else the scanner's default. */
    public double param(String name) {
        Double override = params.get(name);
        if (override != null) {
            return override;
        }
        Double value = scanner.params().get(name);
        require(value != null, "params." + name, "is not a param of " + scanner.name());
        return value;
    }

    /** LC's {@code min_volume} (spec §5). */
    public double minVolume() {
        return param("min_volume");
    }

    /** LC's {@code min_dollar_volume} (spec §5). */
    public double minDollarVolume() {
        return param("min_dollar_volume");
    }

    /** LC's {@code min_price} (spec §5). */
    public double minPrice() {
        return param("min_price");
    }

    private static Map<String, Double> checkParams(ScannerDefinition scanner, Map<String, Double> params) {
        if (params == null || params.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : params.entrySet()) {
            String name = e.getKey();
            require(name != null, "params", "contains a null name");
            require(scanner.params().containsKey(name), "params." + name, "is not a param of " + scanner.name()
                    + " (its params: " + String.join(", ", scanner.params().keySet()) + ")");
            Double v = e.getValue();
            require(v != null && Double.isFinite(v), "params." + name, "must be a finite number, got " + v);
            out.put(name, v);
        }
        return Collections.unmodifiableMap(out);
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

    /** Builds a {@link ScanRequest}; starts from LC and the scanner's defaults. */
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
            this.from = from;
            this.to = to;
        }

        /** The scanner to run (default {@link ScannerDefinition#lc()}). */
        public Builder scanner(ScannerDefinition definition) {
            this.scanner = Objects.requireNonNull(definition, "scanner");
            return this;
        }

        /** Overrides one of the scanner's params. */
        public Builder param(String name, double value) {
            params.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        /** Overrides several of the scanner's params. */
        public Builder params(Map<String, Double> values) {
            params.putAll(Objects.requireNonNull(values, "params"));
            return this;
        }

        /** LC's {@code min_volume}: a hit needs as-traded volume ≥ this (spec §5). */
        public Builder minVolume(double v) { return param("min_volume", v); }
        /** LC's {@code min_dollar_volume}: a hit needs close × volume ≥ this. */
        public Builder minDollarVolume(double v) { return param("min_dollar_volume", v); }
        /** LC's {@code min_price}: a hit needs the as-traded close ≥ this. */
        public Builder minPrice(double v) { return param("min_price", v); }

        public Builder lookbackDays(int days) { this.lookbackDays = days; return this; }
        public Builder referenceRounding(boolean on) { this.referenceRounding = on; return this; }
        public Builder includeTickers(Collection<String> tickers) { this.include = Set.copyOf(Objects.requireNonNull(tickers, "includeTickers")); return this; }
        public Builder excludeTickers(Collection<String> tickers) { this.exclude = Set.copyOf(Objects.requireNonNull(tickers, "excludeTickers")); return this; }
        public Builder intraday(boolean on) { this.intraday = on; return this; }
        public Builder requirePmLiquidity(boolean on) { this.requirePmLiquidity = on; return this; }
        public Builder outcomes(boolean on) { this.outcomes = on; return this; }

        public ScanRequest build() {
            return new ScanRequest(from, to, scanner, params,
                    lookbackDays != null ? lookbackDays : scanner.lookbackDays(),
                    referenceRounding != null ? referenceRounding : scanner.referenceRounding(),
                    include, exclude, intraday, requirePmLiquidity, outcomes);
        }
    }
}
