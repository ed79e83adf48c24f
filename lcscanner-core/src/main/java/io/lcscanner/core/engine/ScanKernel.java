package io.lcscanner.core.engine;

import io.lcscanner.core.source.BarSeries;
import java.util.List;

/**
 * What a scan runs on each ticker: a scanner compiled for one request (its params bound). Immutable and
 * thread-safe; each worker thread takes its own {@link Evaluator}, which reuses its buffers from ticker
 * to ticker.
 */
public interface ScanKernel {

    /** The values of each hit after ticker and date: the patterns' flags, then the scanner's columns. */
    List<OutputColumn> columns();

    Evaluator newEvaluator();

    /**
     * The estimated work of scanning one bar, in elementary operations (a loaded input, one step of a
     * running average, one addition of a window sum, one bar-by-bar operation): what a budget on scan cost
     * compares. A scan's work is about this times the bars loaded.
     */
    long cost();

    /** Scans tickers one after another on one thread. */
    interface Evaluator {
        /**
         * Reports every hit of {@code series} dated in [{@code fromDay}, {@code toDay}] (epoch days) to
         * {@code sink}, in date order. The series holds exactly the loaded window: indicators start at its
         * first bar.
         *
         * @return the number of bars processed (the series' size)
         */
        int scan(BarSeries series, int fromDay, int toDay, HitSink sink);
    }

    /** Receives hits as they are found. */
    @FunctionalInterface
    interface HitSink {
        /**
         * One hit. {@code row} holds one value per {@link #columns()} entry; the sink may keep the array
         * (the evaluator allocates a fresh one per hit).
         */
        void hit(String ticker, int epochDay, double[] row);
    }
}
