package io.lcscanner.server.http;

import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.IntradaySource;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** A source that takes {@code delayMs} per ticker, so tests can watch, cancel and time out a running scan. */
public final class SlowSource implements BarSource {
    private final BarSource inner;
    private final long delayMs;

    public SlowSource(BarSource inner, long delayMs) {
        this.inner = inner;
        this.delayMs = delayMs;
    }

    @Override
    public String description() {
        return "slow:" + inner.description();
    }

    @Override
    public Universe universe() throws IOException {
        return inner.universe();
    }

    @Override
    public Optional<IntradaySource> intraday() {
        return inner.intraday();
    }

    @Override
    public Window open(LocalDate from, LocalDate to, Predicate<String> tickers, LoadListener listener)
            throws IOException, InterruptedException {
        Window w = inner.open(from, to, tickers, listener);
        return new Window() {
            @Override
            public int tickerCount() {
                return w.tickerCount();
            }

            @Override
            public String ticker(int index) {
                return w.ticker(index);
            }

            @Override
            public BarSeries series(int index) {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return w.series(index);
            }

            @Override
            public List<String> warnings() {
                return w.warnings();
            }
        };
    }
}
