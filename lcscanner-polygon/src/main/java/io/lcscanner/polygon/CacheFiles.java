package io.lcscanner.polygon;

import io.lcscanner.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.zip.CRC32;

/**
 * The disk cache's binary files. Each is {@code magic, version, payload, CRC32 of everything before it},
 * big-endian, written atomically; a file that fails any check is reported as {@link Corrupt} so the
 * caller deletes and refetches it.
 *
 * <ul>
 *   <li>session: {@code day, adjustedAsOf, count, invalidRows, count × (len, ASCII ticker), 10 × count doubles}
 *   <li>adjusted override (one ticker's refreshed adjusted daily bars): {@code asOf, from, to, count,
 *       count × day, 5 × count doubles}
 *   <li>intraday (one ticker, one New York date): {@code day, asOf, count, count × start millis, 5 × count doubles}
 * </ul>
 */
final class CacheFiles {
    static final int SESSION_MAGIC = 0x4C435344; // "LCSD"
    static final int OVERRIDE_MAGIC = 0x4C43534F; // "LCSO"
    static final int INTRADAY_MAGIC = 0x4C435349; // "LCSI"
    static final short VERSION = 1;

    private CacheFiles() {
    }

    /** A cache file that is truncated, corrupt, or of another version. */
    static final class Corrupt extends IOException {
        Corrupt(Path file, String why) {
            super("cache file " + file + " is unusable: " + why);
        }
    }

    // ------------------------------------------------------------------ sessions

    static void writeSession(Path file, Session s) throws IOException {
        int n = s.size();
        int tickerBytes = 0;
        for (String t : s.tickers()) {
            tickerBytes += 1 + t.length();
        }
        ByteBuffer b = ByteBuffer.allocate(6 + 16 + tickerBytes + Session.COLUMNS * 8 * n + 4);
        b.putInt(SESSION_MAGIC).putShort(VERSION);
        b.putInt((int) s.date().toEpochDay()).putInt((int) s.adjustedAsOf().toEpochDay()).putInt(n).putInt(s.invalidRows());
        for (String t : s.tickers()) {
            b.put((byte) t.length());
            b.put(t.getBytes(StandardCharsets.ISO_8859_1));
        }
        for (double[] col : s.columns()) {
            b.asDoubleBuffer().put(col);
            b.position(b.position() + 8 * n);
        }
        finish(file, b);
    }

    /**
     * A checked session file left undecoded: ticker {@code r} is the ASCII bytes from {@link #tickerFrom} to
     * {@link #tickerTo}; column {@code k} of row {@code r} is the double at {@code columnsStart + 8 * (k * n + r)}.
     * The assembler reads straight from it, without a String or array per row.
     */
    record RawSession(LocalDate date, LocalDate adjustedAsOf, int invalidRows, int n, byte[] bytes, int[] tickerStart,
                      int columnsStart) {
        int tickerFrom(int r) {
            return tickerStart[r] + 1;
        }

        int tickerTo(int r) {
            return tickerStart[r + 1];
        }

        String ticker(int r) {
            return new String(bytes, tickerFrom(r), tickerTo(r) - tickerFrom(r), StandardCharsets.ISO_8859_1);
        }

        Session decode() {
            String[] tickers = new String[n];
            for (int r = 0; r < n; r++) {
                tickers[r] = ticker(r);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            b.position(columnsStart);
            return new Session(date, adjustedAsOf, tickers, readDoubles(b, Session.COLUMNS, n), invalidRows);
        }
    }

    /** Reads and checks a session file; null if there is none. */
    static RawSession readSessionRaw(Path file, LocalDate expected) throws IOException {
        return readSessionRaw(file, expected, null);
    }

    /** Reads a session file into a buffer of {@code pool} (null: a new one); give it back once used. */
    static RawSession readSessionRaw(Path file, LocalDate expected, BufferPool pool) throws IOException {
        ByteBuffer b = open(file, SESSION_MAGIC, pool);
        if (b == null) {
            return null;
        }
        try {
            int day = b.getInt(), asOf = b.getInt(), n = b.getInt(), invalid = b.getInt();
            if (day != expected.toEpochDay() || n < 0 || n > b.remaining()) {
                throw new Corrupt(file, "header does not match session " + expected);
            }
            int[] starts = new int[n + 1];
            byte[] array = b.array();
            int at = b.position();
            for (int r = 0; r < n; r++) {
                starts[r] = at;
                at += 1 + (array[at] & 0xff);
            }
            starts[n] = at;
            if ((long) at + (long) Session.COLUMNS * 8 * n != b.limit()) {
                throw new Corrupt(file, "length does not match " + n + " rows");
            }
            return new RawSession(expected, LocalDate.ofEpochDay(asOf), invalid, n, array, starts, at);
        } catch (RuntimeException e) { // BufferUnderflow, IndexOutOfBounds: a lying header
            throw new Corrupt(file, e.toString());
        }
    }

    static Session readSession(Path file, LocalDate expected) throws IOException {
        RawSession raw = readSessionRaw(file, expected);
        return raw == null ? null : raw.decode();
    }

    // ------------------------------------------------------------------ adjusted overrides

    /** One ticker's adjusted daily bars for {@code [from, to]}, fetched on {@code asOf}. */
    record Override(LocalDate asOf, int fromDay, int toDay, int[] days, double[][] columns) {
    }

    static void writeOverride(Path file, Override o) throws IOException {
        int n = o.days.length;
        ByteBuffer b = ByteBuffer.allocate(6 + 16 + 4 * n + 5 * 8 * n + 4);
        b.putInt(OVERRIDE_MAGIC).putShort(VERSION);
        b.putInt((int) o.asOf.toEpochDay()).putInt(o.fromDay).putInt(o.toDay).putInt(n);
        b.asIntBuffer().put(o.days);
        b.position(b.position() + 4 * n);
        for (double[] col : o.columns) {
            b.asDoubleBuffer().put(col);
            b.position(b.position() + 8 * n);
        }
        finish(file, b);
    }

    static Override readOverride(Path file) throws IOException {
        ByteBuffer b = open(file, OVERRIDE_MAGIC);
        if (b == null) {
            return null;
        }
        try {
            int asOf = b.getInt(), from = b.getInt(), to = b.getInt(), n = b.getInt();
            if (n < 0 || n > b.remaining()) {
                throw new Corrupt(file, "bad count " + n);
            }
            int[] days = new int[n];
            b.asIntBuffer().get(days);
            b.position(b.position() + 4 * n);
            double[][] cols = readDoubles(b, 5, n);
            check(file, b);
            return new Override(LocalDate.ofEpochDay(asOf), from, to, days, cols);
        } catch (RuntimeException e) {
            throw new Corrupt(file, e.toString());
        }
    }

    // ------------------------------------------------------------------ intraday

    static void writeIntraday(Path file, LocalDate day, Intraday bars) throws IOException {
        long[] start = bars.start();
        double[][] columns = bars.columns();
        int n = start.length;
        ByteBuffer b = ByteBuffer.allocate(6 + 12 + 8 * n + 5 * 8 * n + 4);
        b.putInt(INTRADAY_MAGIC).putShort(VERSION);
        b.putInt((int) day.toEpochDay()).putInt((int) bars.asOf().toEpochDay()).putInt(n);
        b.asLongBuffer().put(start);
        b.position(b.position() + 8 * n);
        for (double[] col : columns) {
            b.asDoubleBuffer().put(col);
            b.position(b.position() + 8 * n);
        }
        finish(file, b);
    }

    /** An intraday file's bars: start times (Unix ms) and the columns o h l c v, adjusted as of {@code asOf}. */
    record Intraday(LocalDate asOf, long[] start, double[][] columns) {
    }

    static Intraday readIntraday(Path file, LocalDate expected) throws IOException {
        ByteBuffer b = open(file, INTRADAY_MAGIC);
        if (b == null) {
            return null;
        }
        try {
            int day = b.getInt(), asOf = b.getInt(), n = b.getInt();
            if (day != expected.toEpochDay() || n < 0 || n > b.remaining()) {
                throw new Corrupt(file, "header does not match " + expected);
            }
            long[] start = new long[n];
            b.asLongBuffer().get(start);
            b.position(b.position() + 8 * n);
            double[][] cols = readDoubles(b, 5, n);
            check(file, b);
            return new Intraday(LocalDate.ofEpochDay(asOf), start, cols);
        } catch (RuntimeException e) {
            throw new Corrupt(file, e.toString());
        }
    }

    // ------------------------------------------------------------------ common

    /** Reads a file and checks length, CRC, magic and version (buffer positioned after them); null if absent. */
    private static ByteBuffer open(Path file, int magic) throws IOException {
        return open(file, magic, null);
    }

    /** As {@link #open(Path, int)}, reading into a buffer from {@code pool} when given. */
    private static ByteBuffer open(Path file, int magic, BufferPool pool) throws IOException {
        byte[] bytes;
        int length;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new Corrupt(file, "too large (" + size + " bytes)");
            }
            length = (int) size;
            bytes = pool == null ? new byte[length] : pool.take(length);
            ByteBuffer into = ByteBuffer.wrap(bytes, 0, length);
            while (into.hasRemaining() && ch.read(into) >= 0) {
                // read until full or end of file
            }
            length = into.position();
        } catch (NoSuchFileException e) {
            return null;
        }
        if (length < 10) {
            throw new Corrupt(file, "truncated (" + length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length - 4);
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
        if ((int) crc.getValue() != b.getInt(length - 4)) {
            throw new Corrupt(file, "checksum mismatch (truncated or damaged)");
        }
        if (b.getInt() != magic) {
            throw new Corrupt(file, "not a cache file of this kind");
        }
        short version = b.getShort();
        if (version != VERSION) {
            throw new Corrupt(file, "version " + version + ", expected " + VERSION);
        }
        b.limit(length - 4);
        return b;
    }

    /**
     * Reusable read buffers for session files: a warm load reads hundreds of megabytes, and fresh arrays of a
     * megabyte each are "humongous" to G1 and churn the old generation.
     */
    static final class BufferPool {
        private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> free = new java.util.concurrent.ConcurrentLinkedQueue<>();

        byte[] take(int size) {
            byte[] b = free.poll();
            return b != null && b.length >= size ? b : new byte[size + (size >> 3)];
        }

        void give(byte[] b) {
            free.add(b);
        }
    }

    private static double[][] readDoubles(ByteBuffer b, int columns, int n) {
        double[][] cols = new double[columns][n];
        for (double[] col : cols) {
            b.asDoubleBuffer().get(col);
            b.position(b.position() + 8 * n);
        }
        return cols;
    }

    private static void check(Path file, ByteBuffer b) throws Corrupt {
        if (b.remaining() != 0) {
            throw new Corrupt(file, b.remaining() + " unexpected trailing bytes");
        }
    }

    private static void finish(Path file, ByteBuffer b) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        if (b.position() != b.capacity()) {
            throw new IllegalStateException("cache record size miscomputed for " + file);
        }
        AtomicFiles.write(file, b.array());
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
}
