package io.lcscanner.core;

import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.IntradayBars;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds {@link IntradayBars} by hand, from New York local times (or UTC instants where that is the point). */
final class TestBars {
    private record Bar(long start, double open, double high, double volume) {
    }

    private final String ticker;
    private final List<Bar> bars = new ArrayList<>();

    TestBars(String ticker) {
        this.ticker = ticker;
    }

    /** A bar starting at {@code newYork} ("2024-06-03T09:00"); low and close do not matter to §7. */
    TestBars at(String newYork, double open, double high, double volume) {
        long start = LocalDateTime.parse(newYork).atZone(NyseCalendar.NEW_YORK).toInstant().toEpochMilli();
        bars.add(new Bar(start, open, high, volume));
        return this;
    }

    /** A bar starting at the UTC instant {@code utc} ("2024-03-08T14:00:00Z"). */
    TestBars atUtc(String utc, double open, double high, double volume) {
        bars.add(new Bar(Instant.parse(utc).toEpochMilli(), open, high, volume));
        return this;
    }

    /**
     * A plain day: a 04:00 bar with {@code earlyVolume}, the 09:00 bar with {@code volumeAt0900}, the 09:30
     * bar opening at {@code openAt0930}, and regular-session and after-hours bars whose volume must not
     * count. Premarket volume of the day = earlyVolume + volumeAt0900.
     */
    TestBars day(String date, double earlyVolume, double volumeAt0900, double openAt0930) {
        return at(date + "T04:00", openAt0930, openAt0930, earlyVolume)
                .at(date + "T09:00", openAt0930, openAt0930, volumeAt0900)
                .at(date + "T09:30", openAt0930, openAt0930 + 1, 50_000_000)
                .at(date + "T15:30", openAt0930, openAt0930 + 2, 80_000_000)
                .at(date + "T19:30", openAt0930, openAt0930, 3_000_000);
    }

    IntradayBars build() {
        bars.sort(Comparator.comparingLong(Bar::start));
        int n = bars.size();
        long[] start = new long[n];
        double[] open = new double[n], high = new double[n], low = new double[n], close = new double[n],
                volume = new double[n];
        for (int i = 0; i < n; i++) {
            Bar b = bars.get(i);
            start[i] = b.start();
            open[i] = b.open();
            high[i] = b.high();
            low[i] = b.open();
            close[i] = b.open();
            volume[i] = b.volume();
        }
        return new IntradayBars(ticker, start, open, high, low, close, volume);
    }
}
