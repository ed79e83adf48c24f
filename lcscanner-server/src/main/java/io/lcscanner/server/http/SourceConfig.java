package io.lcscanner.server.http;

import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.polygon.PolygonBarSource;
import io.lcscanner.polygon.PolygonClient;
import io.lcscanner.polygon.PolygonConfig;
import io.lcscanner.server.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which data source to scan, shared by the {@code scan} command and the server.
 *
 * @param kind    {@code synthetic}, {@code csv} or {@code polygon}
 * @param csv     the CSV file (kind csv)
 * @param seed    synthetic market seed
 * @param tickers synthetic market size
 * @param polygon Polygon settings (kind polygon)
 */
public record SourceConfig(String kind, Path csv, long seed, int tickers, Polygon polygon) {
    public static final String SYNTHETIC = "synthetic";
    public static final String CSV = "csv";
    public static final String POLYGON = "polygon";

    SourceConfig(String kind, Path csv, long seed, int tickers) {
        this(kind, csv, seed, tickers, null);
    }

    /**
     * Polygon settings: the environment ({@code POLYGON_API_KEY}, {@code POLYGON_BASE_URL}, …, see
     * {@link PolygonConfig#fromEnvironment}) overridden by options; null fields keep the environment's value.
     */
    public record Polygon(Map<String, String> env, Path cacheDir, boolean noCache, Integer maxRequestsPerMinute,
                   Integer maxConcurrency) {
        /** Whether the environment holds a key, which makes polygon the default source. */
        public static boolean keyIn(Map<String, String> env) {
            String key = env.get(PolygonConfig.API_KEY);
            return key != null && !key.isBlank();
        }

        PolygonConfig config() {
            PolygonConfig c;
            try {
                c = PolygonConfig.fromEnvironment(env);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--source polygon", e.getMessage());
            }
            if (cacheDir != null) {
                c = c.withCacheDir(cacheDir);
            }
            if (noCache) {
                c = c.withCacheDir(null);
            }
            if (maxRequestsPerMinute != null) {
                c = c.withMaxRequestsPerMinute(maxRequestsPerMinute);
            }
            if (maxConcurrency != null) {
                c = c.withMaxConcurrency(maxConcurrency);
            }
            return c;
        }

        /** Where a CSV's columnar copy is kept: the cache directory of the option, the environment or the default; null with no cache. */
        Path csvCacheDir() {
            if (noCache) {
                return null;
            }
            if (cacheDir != null) {
                return cacheDir;
            }
            String dir = env.get(PolygonConfig.CACHE_DIR);
            return dir != null && !dir.isBlank() ? Path.of(dir.trim()) : PolygonConfig.defaultCacheDir();
        }

        /** Leaves out the environment: it holds the key. */
        @Override
        public String toString() {
            return "Polygon[cacheDir=" + cacheDir + ", noCache=" + noCache + ", maxRequestsPerMinute=" + maxRequestsPerMinute
                    + ", maxConcurrency=" + maxConcurrency + "]";
        }
    }

    /** Opens the configured source; fails with a {@link UsageException} naming {@code option} when unusable. */
    public BarSource open(String csvOption) {
        return switch (kind) {
            case SYNTHETIC -> new SyntheticMarket(seed, tickers);
            case CSV -> {
                if (csv == null) {
                    throw new UsageException(csvOption, "a CSV file is required for the csv source");
                }
                if (!Files.isRegularFile(csv)) {
                    throw new UsageException(csvOption, "no such file: " + csv);
                }
                // the command line keeps a columnar copy for its next scan of the file; the server reads it once
                yield new CsvBarSource(csv, polygon == null ? null : polygon.csvCacheDir());
            }
            // the client's threads are daemons: a CLI scan needs no explicit close
            case POLYGON -> {
                PolygonBarSource.keepHeapNearLiveData(); // its column store is most of the heap from now on
                yield new PolygonBarSource(new PolygonClient(
                        (polygon != null ? polygon : new Polygon(System.getenv(), null, false, null, null)).config()));
            }
            default -> throw new UsageException("--source", "unknown source \"" + kind + "\"");
        };
    }
}
