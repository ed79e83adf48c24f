package io.lcscanner.core.source;

import java.io.IOException;
import java.time.LocalDate;

/** Where the premarket stage (spec §7) gets 30-minute bars. Implementations must be thread-safe. */
public interface IntradaySource {

    /**
     * The split-adjusted 30-minute bars of {@code ticker} whose start falls on the New York dates
     * {@code from} through {@code to}, pre-market and after-hours included, in time order.
     */
    IntradayBars thirtyMinuteBars(String ticker, LocalDate from, LocalDate to) throws IOException, InterruptedException;
}
