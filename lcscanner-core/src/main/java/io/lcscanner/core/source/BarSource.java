package io.lcscanner.core.source;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where daily bars come from: a CSV file, the synthetic market, Polygon.
 *
 * <p>{@link #open} selects a date window and a set of tickers; the returned {@link Window} hands out
 * each ticker's series by index, from any thread, so the scanner can load and compute one ticker per
 * task. A source may load everything in {@code open} (CSV, Polygon) or build each series on demand
 * (synthetic market). Implementations must be thread-safe.
 */
public interface BarSource {

    /** @return one line naming the source for people, e.g. {@code "csv:bars.csv"}; never contains secrets */
    String description();

    /**
     * @return what the source can offer; may do I/O
     * @throws IOException if the source cannot be read
     */
    Universe universe() throws IOException;

    /**
     * Opens the bars dated from {@code from} through {@code to} (inclusive) of the tickers accepted by
     * {@code tickers}. Long loads report through {@code listener} and stop with
     * {@link InterruptedException} when the calling thread is interrupted.
     *
     * @param from     first date loaded
     * @param to       last date loaded
     * @param tickers  which tickers to load
     * @param listener told of a long load's progress
     * @return the opened bars
     * @throws IOException          if the source cannot be read
     * @throws InterruptedException if the calling thread is interrupted
     */
    Window open(LocalDate from, LocalDate to, Predicate<String> tickers, LoadListener listener)
            throws IOException, InterruptedException;

    /** @return the 30-minute bars behind this source's daily bars, if it has them (enables spec §7) */
    default java.util.Optional<IntradaySource> intraday() {
        return java.util.Optional.empty();
    }

    /**
     * What the source has done since it was created, for monitoring (the server's {@code /metrics} reads
     * it at each scrape). Sources that fetch nothing and cache nothing report {@link Counters#NONE}.
     *
     * @return the totals so far
     */
    default Counters counters() {
        return Counters.NONE;
    }

    /**
     * Running totals of a source's work.
     *
     * @param requests    requests sent to an upstream data provider (every page and retry counts)
     * @param retries     requests repeated after a transient failure
     * @param errors      requests that failed for good
     * @param cacheHits   units (e.g. sessions) served from a local cache
     * @param cacheMisses units that had to be fetched
     */
    record Counters(long requests, long retries, long errors, long cacheHits, long cacheMisses) {
        /** No work at all. */
        public static final Counters NONE = new Counters(0, 0, 0, 0, 0);
    }

    /**
     * The tickers and dates a source covers.
     *
     * @param description  the source, as {@link BarSource#description()}
     * @param tickers      its tickers, ascending
     * @param firstSession its first date with bars
     * @param lastSession  its last date with bars
     */
    record Universe(String description, List<String> tickers, LocalDate firstSession, LocalDate lastSession) {
        /**
         * Copies the tickers.
         *
         * @param description  the source, as {@link BarSource#description()}
         * @param tickers      its tickers, ascending
         * @param firstSession its first date with bars
         * @param lastSession  its last date with bars
         */
        public Universe {
            tickers = List.copyOf(tickers);
        }
    }

    /** Progress of a long {@link #open}: {@code done} of {@code total} units (sessions, files, …). */
    @FunctionalInterface
    interface LoadListener {
        /** Ignores progress. */
        LoadListener NONE = (done, total, message) -> { };

        /**
         * @param done    units done
         * @param total   units in all
         * @param message what is being done, for people
         */
        void progress(long done, long total, String message);
    }

    /** The opened bars: tickers in ascending order, each series built or copied on request. */
    interface Window {
        /** @return how many tickers the window has */
        int tickerCount();

        /**
         * @param index 0 … {@link #tickerCount()} − 1
         * @return that ticker
         */
        String ticker(int index);

        /**
         * @param index 0 … {@link #tickerCount()} − 1
         * @return that ticker's series; thread-safe; may be empty
         */
        BarSeries series(int index);

        /** @return problems the scan should report without failing, e.g. a session with no data */
        default List<String> warnings() {
            return List.of();
        }
    }
}
