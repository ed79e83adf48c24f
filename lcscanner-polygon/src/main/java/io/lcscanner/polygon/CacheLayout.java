package io.lcscanner.polygon;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the disk cache keeps what, under the configured cache directory:
 * <pre>
 * polygon-v1/daily/{year}/{session}.bin           one finished session, both price sets ({@link SessionFile})
 * polygon-v1/adjusted/{ticker}.bin                 a ticker's refreshed adjusted history ({@link AdjustedOverride})
 * polygon-v1/intraday30/{ticker}/{date}.bin        a ticker's 30-minute bars of one date ({@link IntradayDay})
 * </pre>
 * Ticker names become file names that are safe and distinct on case-insensitive file systems. The directory
 * keeps its name across format versions: each file carries {@link CacheFile#VERSION}, and a file of another
 * version is deleted and fetched again when it is met. Files are written to a temporary name and renamed; what an
 * interrupted write leaves is removed by {@link #removeLeftovers}.
 */
final class CacheLayout {
    private final Path root;

    /** The layout under {@code cacheDir} (the directory a {@link PolygonConfig} names). */
    CacheLayout(Path cacheDir) {
        this.root = cacheDir.resolve("polygon-v1");
    }

    Path root() {
        return root;
    }

    Path session(LocalDate session) {
        return root.resolve("daily").resolve(Integer.toString(session.getYear())).resolve(session + ".bin");
    }

    Path adjustedOverride(String ticker) {
        return root.resolve("adjusted").resolve(fileName(ticker) + ".bin");
    }

    Path intraday(String ticker, LocalDate day) {
        return root.resolve("intraday30").resolve(fileName(ticker)).resolve(day + ".bin");
    }

    /** The oldest session with a file, or null when none has. */
    LocalDate earliestSession() throws IOException {
        Path daily = root.resolve("daily");
        if (!Files.isDirectory(daily)) {
            return null;
        }
        for (Path year : sorted(daily, "*")) {
            for (Path file : sorted(year, "*.bin")) {
                String name = file.getFileName().toString();
                try {
                    return LocalDate.parse(name.substring(0, name.length() - 4));
                } catch (RuntimeException ignored) {
                    // not a session file
                }
            }
        }
        return null;
    }

    /**
     * Deletes what interrupted writes left behind in the session and override directories: the temporary files
     * of {@link io.lcscanner.core.io.AtomicFiles} ({@code .name…tmp}) older than {@code minAge}, so that a
     * write under way in another process sharing the cache is left alone. Returns how many were deleted.
     */
    int removeLeftovers(java.time.Duration minAge) throws IOException {
        long before = System.currentTimeMillis() - minAge.toMillis();
        List<Path> dirs = new ArrayList<>();
        dirs.add(root.resolve("adjusted"));
        Path daily = root.resolve("daily");
        if (Files.isDirectory(daily)) {
            dirs.addAll(sorted(daily, "*"));
        }
        int removed = 0;
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            for (Path leftover : sorted(dir, ".*.tmp")) {
                if (Files.getLastModifiedTime(leftover).toMillis() < before && Files.deleteIfExists(leftover)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private static List<Path> sorted(Path dir, String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    /** A file name for a ticker that is safe and distinct on case-insensitive file systems. */
    static String fileName(String ticker) {
        StringBuilder sb = new StringBuilder(ticker.length() + 8);
        for (int i = 0; i < ticker.length(); i++) {
            char c = ticker.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-') {
                sb.append(c);
            } else {
                sb.append('_').append(String.format("%02x", (int) c));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
