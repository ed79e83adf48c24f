package io.lcscanner.server.http;

import io.lcscanner.core.Hit;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.server.ApiException;
import io.undertow.server.HttpServerExchange;
import io.lcscanner.server.Problems;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.util.SameThreadExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import org.xnio.IoUtils;

/**
 * {@code GET /api/bars/{ticker}?from&to[&lookback_days][&rounding]}: a ticker's adjusted daily bars in
 * [from, to] and its EMA 9/20/50/200, for the dashboard's chart.
 *
 * <p>The values are the scanner's own: the series is loaded from {@code from − lookback_days} like a scan's
 * window and scanned with {@code chart.json} (every bar a hit, the EMAs written as lc.json writes them) by the
 * same engine, so a chart drawn over a hit with the scan's start and lookback shows the hit's o/h/l/c and ema
 * values to the cent.
 */
final class BarsHandler {
    /** The longest history a scan may load (ScanRequest's bound); the bars' span bounds it further. */
    static final int MAX_LOOKBACK_DAYS = 20 * 366;
    /** Dates outside these are no market's: refused before any arithmetic on them. */
    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2199, 12, 31);
    private static final Pattern TICKER = Pattern.compile("[A-Za-z0-9._:-]{1,20}");
    private static final Set<String> PARAMS = Set.of("from", "to", "lookback_days", "rounding");
    /** Every bar with the EMAs as LC computes them: a scanner document whose one pattern always holds. */
    private static final ScannerDefinition CHART = chart();

    /** The answer: the bars of [from, to] with the scanner's EMAs. */
    record Bars(boolean success, String ticker, String from, String to, int lookbackDays, String rounding, List<Bar> bars) {
    }

    /** One session; a value the series does not have yet (an EMA's warm-up) is null. */
    record Bar(String date, Number open, Number high, Number low, Number close, Number volume, Number ema9, Number ema20,
               Number ema50, Number ema200) {
    }

    private final BarLoads loads;
    private final int maxYears;

    /** @param maxYears the longest span loaded, lookback included (SCANNER_BARS_MAX_YEARS) */
    BarsHandler(BarLoads loads, int maxYears) {
        this.loads = loads;
        this.maxYears = maxYears;
    }

    /**
     * The endpoint; runs on a worker thread, which it leaves once the request is checked: the series loads on
     * {@link BarLoads}' threads and the answer is written on a worker when it is there.
     */
    void bars(HttpServerExchange ex) {
        for (String name : ex.getQueryParameters().keySet()) {
            if (!PARAMS.contains(name)) {
                throw ApiException.badRequest(Problems.cut(name, Problems.MAX_ECHO), "unknown query parameter "
                        + Problems.quote(name));
            }
        }
        String ticker = ApiHandler.pathParam(ex, "ticker");
        if (ticker == null || !TICKER.matcher(ticker).matches()) {
            throw ApiException.badRequest("ticker", "ticker must be 1 to 20 letters, digits or . _ : -");
        }
        LocalDate from = date(ex, "from");
        LocalDate to = date(ex, "to");
        if (to.isBefore(from)) {
            throw ApiException.badRequest("to", "to (" + to + ") is before from (" + from + ")");
        }
        if (from.plusYears(maxYears).isBefore(to)) {
            throw ApiException.badRequest("to", "from " + from + " to " + to + " spans more than " + maxYears
                    + " years, the limit (SCANNER_BARS_MAX_YEARS); ask for a shorter range");
        }
        int lookback = lookbackDays(ex);
        LocalDate loadFrom = from.minusDays(lookback);
        if (loadFrom.plusYears(maxYears).isBefore(to)) {
            throw ApiException.badRequest("lookback_days", "lookback_days " + lookback + " before " + from + " to " + to
                    + " loads more than " + maxYears + " years, the limit (SCANNER_BARS_MAX_YEARS); ask for a shorter "
                    + "lookback or range");
        }
        boolean rounding = switch (query(ex, "rounding", "reference")) {
            case "reference" -> true;
            case "none" -> false;
            default -> throw ApiException.badRequest("rounding", "rounding must be reference or none");
        };
        ex.dispatch(SameThreadExecutor.INSTANCE, () -> loads.load(ticker, loadFrom, to).whenComplete((series, error) ->
                onWorker(ex, x -> {
                    if (error != null) {
                        throw error instanceof CompletionException c && c.getCause() != null ? unchecked(c.getCause())
                                : unchecked(error);
                    }
                    answer(x, series, ticker, from, to, lookback, rounding);
                })));
    }

    /** Runs {@code h} for the dispatched exchange on a request worker, errors answered as JSON. */
    private static void onWorker(HttpServerExchange ex, HttpHandler h) {
        try {
            ex.getConnection().getWorker().execute(() -> Connectors.executeRootHandler(Routes.safe(h), ex));
        } catch (RejectedExecutionException e) {
            IoUtils.safeClose(ex.getConnection()); // the workers are stopping: so is the server
        }
    }

    private static RuntimeException unchecked(Throwable e) {
        if (e instanceof RuntimeException r) {
            return r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(e);
    }

    private static void answer(HttpServerExchange ex, BarSeries series, String ticker, LocalDate from, LocalDate to,
                               int lookback, boolean rounding) {
        ScanRequest request = ScanRequest.builder(from, to).scanner(CHART).lookbackDays(lookback)
                .referenceRounding(rounding).build();
        List<Bar> bars = new ArrayList<>();
        for (Hit bar : Scanner.scanSeries(series, request)) {
            bars.add(new Bar(bar.date().toString(), number(bar.value("open")), number(bar.value("high")),
                    number(bar.value("low")), number(bar.value("close")), number(bar.value("volume")),
                    number(bar.value("ema9")), number(bar.value("ema20")), number(bar.value("ema50")),
                    number(bar.value("ema200"))));
        }
        Responses.json(ex, 200, new Bars(true, ticker, from.toString(), to.toString(), lookback, rounding ? "reference" : "none",
                bars));
    }

    private static ScannerDefinition chart() {
        try (InputStream in = BarsHandler.class.getResourceAsStream("chart.json")) {
            return ScannerDefinition.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("chart.json is missing from the server jar", e);
        }
    }

    private static int lookbackDays(HttpServerExchange ex) {
        String text = query(ex, "lookback_days", Integer.toString(ScanRequest.DEFAULT_LOOKBACK_DAYS));
        int days;
        try {
            days = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("lookback_days", "lookback_days must be a whole number, got \"" + text + "\"");
        }
        if (days < 0 || days > MAX_LOOKBACK_DAYS) {
            throw ApiException.badRequest("lookback_days", "lookback_days must be between 0 and " + MAX_LOOKBACK_DAYS
                    + ", got " + days);
        }
        return days;
    }

    private static LocalDate date(HttpServerExchange ex, String name) {
        String text = query(ex, name, null);
        if (text == null || text.isEmpty()) {
            throw ApiException.badRequest(name, name + " is required (YYYY-MM-DD)");
        }
        try {
            if (!text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                throw new DateTimeParseException("not YYYY-MM-DD", text, 0);
            }
            LocalDate d = LocalDate.parse(text);
            if (d.isBefore(EARLIEST) || d.isAfter(LATEST)) {
                throw ApiException.badRequest(name, name + " must be between " + EARLIEST + " and " + LATEST + ", got "
                        + text);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name, name + " is not a valid date YYYY-MM-DD: " + Problems.quote(text));
        }
    }

    private static String query(HttpServerExchange ex, String name, String fallback) {
        Deque<String> v = ex.getQueryParameters().get(name);
        if (v != null && v.size() > 1) {
            throw ApiException.badRequest(name, name + " is given more than once");
        }
        return v == null || v.isEmpty() ? fallback : v.getFirst();
    }

    /** A value as JSON: missing as null, whole numbers (volumes) without an exponent or a fraction. */
    private static Number number(double x) {
        if (Double.isNaN(x)) {
            return null;
        }
        return x == Math.rint(x) && Math.abs(x) < 1e15 ? (Number) (long) x : (Number) x;
    }
}
