package io.lcscanner.polygon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * One ticker's adjusted daily bars for {@code [fromDay, toDay]} (epoch days), fetched on {@code asOf}: what
 * replaces the adjusted prices of cached sessions that a later split made stale. Cached as one file per ticker:
 * {@code asOf, from, to, count, count × day, 5 × count doubles (o h l c v)}.
 */
record AdjustedOverride(LocalDate asOf, int fromDay, int toDay, int[] days, double[][] columns) {
    static final int MAGIC = 0x4C43534F; // "LCSO"

    void write(Path file) throws IOException {
        int n = days.length;
        CacheFile.write(file, MAGIC, w -> {
            w.putInt((int) asOf.toEpochDay()).putInt(fromDay).putInt(toDay).putInt(n);
            for (int d : days) {
                w.putInt(d);
            }
            for (double[] column : columns) {
                for (int i = 0; i < n; i++) {
                    w.putDouble(column[i]);
                }
            }
        });
    }

    /** The override cached in {@code file}, or null when there is none. */
    static AdjustedOverride read(Path file) throws IOException {
        ByteBuffer b = CacheFile.read(file, MAGIC, null);
        if (b == null) {
            return null;
        }
        try {
            int asOf = b.getInt(), from = b.getInt(), to = b.getInt(), n = b.getInt();
            if (n < 0 || n > b.remaining()) {
                throw new CacheFile.Corrupt(file, "bad count " + n);
            }
            int[] days = new int[n];
            b.asIntBuffer().get(days);
            b.position(b.position() + 4 * n);
            double[][] columns = new double[5][n];
            for (double[] column : columns) {
                b.asDoubleBuffer().get(column);
                b.position(b.position() + 8 * n);
            }
            CacheFile.checkFullyRead(file, b);
            return new AdjustedOverride(LocalDate.ofEpochDay(asOf), from, to, days, columns);
        } catch (RuntimeException e) { // BufferUnderflow, IndexOutOfBounds: a lying header
            throw new CacheFile.Corrupt(file, e.toString());
        }
    }
}
