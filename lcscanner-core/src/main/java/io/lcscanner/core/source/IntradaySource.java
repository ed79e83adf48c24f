package io.lcscanner.core.source;

import java.io.IOException;
import java.time.LocalDate;

/** Where the premarket stage (spec §7) gets 30-minute bars. Implementations must be thread-safe. */
public interface IntradaySource {

    /**
     * The split-adjusted 30-minute bars of {@code ticker} whose start falls on the New York dates
     * {@code from} through {@code to}, pre-market and after-hours included, in time order.
     *
     * @param ticker the ticker
     * @param from first session
     * @param to last session
     * @return its 30-minute bars of those sessions, extended hours included
     * @throws IOException if the bars cannot be fetched
     * @throws InterruptedException if the calling thread is interrupted
     */
    IntradayBars thirtyMinuteBars(String ticker, LocalDate from, LocalDate to) throws IOException, InterruptedException;
}
