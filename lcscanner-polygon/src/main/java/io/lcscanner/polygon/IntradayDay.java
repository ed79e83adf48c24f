package io.lcscanner.polygon;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * One ticker's 30-minute bars of one New York date: start times (Unix ms) and the columns {@code o h l c v},
 * adjusted as of {@code asOf}. Cached as one file per ticker and date: {@code day, asOf, count,
 * count × start, 5 × count doubles}.
 */
record IntradayDay(LocalDate asOf, long[] start, double[][] columns) {
    static final int MAGIC = 0x4C435349; // "LCSI"

    int size() {
        return start.length;
    }

    void write(Path file, LocalDate day) throws IOException {
        int n = start.length;
        CacheFile.write(file, MAGIC, w -> {
            w.putInt((int) day.toEpochDay()).putInt((int) asOf.toEpochDay()).putInt(n);
            for (long t : start) {
                w.putLong(t);
            }
            for (double[] column : columns) {
                for (int i = 0; i < n; i++) {
                    w.putDouble(column[i]);
                }
            }
        });
    }

    /** The bars of {@code expected} cached in {@code file}, or null when there is none. */
    static IntradayDay read(Path file, LocalDate expected) throws IOException {
        ByteBuffer b = CacheFile.read(file, MAGIC, null);
        if (b == null) {
            return null;
        }
        try {
            int day = b.getInt(), asOf = b.getInt(), n = b.getInt();
            if (day != expected.toEpochDay() || n < 0 || n > b.remaining()) {
                throw new CacheFile.Corrupt(file, "header does not match " + expected);
            }
            long[] start = new long[n];
            b.asLongBuffer().get(start);
            b.position(b.position() + 8 * n);
            double[][] columns = new double[5][n];
            for (double[] column : columns) {
                b.asDoubleBuffer().get(column);
                b.position(b.position() + 8 * n);
            }
            CacheFile.checkFullyRead(file, b);
            return new IntradayDay(LocalDate.ofEpochDay(asOf), start, columns);
        } catch (RuntimeException e) { // BufferUnderflow, IndexOutOfBounds: a lying header
            throw new CacheFile.Corrupt(file, e.toString());
        }
    }
}
