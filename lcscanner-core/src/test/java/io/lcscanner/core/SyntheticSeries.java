package io.lcscanner.core;

import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import java.util.ArrayList;
import java.util.List;

/** The default synthetic market (seed 42, 3,000 tickers, 2022-01-03 … 2025-12-31), generated once per test JVM. */
final class SyntheticSeries {
    private static List<BarSeries> all;

    private SyntheticSeries() {
    }

    static synchronized List<BarSeries> market() throws Exception {
        if (all == null) {
            SyntheticMarket m = new SyntheticMarket(42, 3000);
            BarSource.Window w = m.open(SyntheticMarket.DEFAULT_FIRST, SyntheticMarket.DEFAULT_LAST, t -> true,
                    BarSource.LoadListener.NONE);
            List<BarSeries> out = new ArrayList<>(w.tickerCount());
            for (int i = 0; i < w.tickerCount(); i++) {
                out.add(w.series(i));
            }
            all = List.copyOf(out);
        }
        return all;
    }
}
