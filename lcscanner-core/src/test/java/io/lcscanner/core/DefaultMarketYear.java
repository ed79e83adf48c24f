package io.lcscanner.core;

import io.lcscanner.core.synthetic.SyntheticMarket;
import java.time.LocalDate;

/** One scan of the default synthetic market over 2024, shared by the tests that need it (it takes a second). */
public final class DefaultMarketYear {
    public static final SyntheticMarket MARKET = new SyntheticMarket(SyntheticMarket.DEFAULT_SEED, SyntheticMarket.DEFAULT_TICKERS);
    public static final ScanResult RESULT;

    static {
        try (Scanner scanner = Scanner.builder(MARKET).parallelism(2).build()) {
            RESULT = scanner.run(ScanRequest.builder(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)).build(),
                    ProgressListener.NONE);
        }
    }

    private DefaultMarketYear() {
    }
}
