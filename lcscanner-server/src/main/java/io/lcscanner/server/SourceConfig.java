package io.lcscanner.server;

import io.lcscanner.core.BarSource;
import io.lcscanner.core.CsvBarSource;
import io.lcscanner.core.SyntheticMarket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which data source to scan, shared by the {@code scan} command and the server.
 *
 * @param kind    {@code synthetic} or {@code csv}
 * @param csv     the CSV file (kind csv)
 * @param seed    synthetic market seed
 * @param tickers synthetic market size
 */
record SourceConfig(String kind, Path csv, long seed, int tickers) {
    static final String SYNTHETIC = "synthetic";
    static final String CSV = "csv";

    /** Opens the configured source; fails with a {@link UsageException} naming {@code option} when unusable. */
    BarSource open(String csvOption) {
        return switch (kind) {
            case SYNTHETIC -> new SyntheticMarket(seed, tickers);
            case CSV -> {
                if (csv == null) {
                    throw new UsageException(csvOption, "a CSV file is required for the csv source");
                }
                if (!Files.isRegularFile(csv)) {
                    throw new UsageException(csvOption, "no such file: " + csv);
                }
                yield new CsvBarSource(csv);
            }
            default -> throw new UsageException("--source", "unknown source \"" + kind + "\"");
        };
    }
}
