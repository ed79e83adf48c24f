package io.lcscanner.polygon;

import io.lcscanner.core.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The envelope of every cache file: {@code magic, version, payload, CRC32 of everything before it},
 * little-endian, written atomically (a reader never sees half a file). A file that fails any check is
 * {@link Corrupt}: the caller deletes it and fetches its data again. {@link #VERSION} covers every kind of
 * file, so a format change invalidates old files as they are met: bump it.
 */
final class CacheFile {
    /** 2: little-endian, session columns 8-byte aligned (1: big-endian). */
    static final short VERSION = 2;
    static final int HEADER = 6;

    private CacheFile() {
    }

    /** A cache file that is truncated, damaged, or of another kind or version. */
    static final class Corrupt extends IOException {
        Corrupt(Path file, String why) {
            super("cache file " + file + " is unusable: " + why);
        }
    }

    /**
     * Reads {@code file} and checks its length, checksum, magic and version; returns its bytes positioned at the
     * payload, limited before the checksum, little-endian; null when there is no such file. The bytes go into
     * {@code reuse} when it is large enough, else into a new buffer (direct when {@code reuse} is).
     */
    static ByteBuffer read(Path file, int magic, ByteBuffer reuse) throws IOException {
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new Corrupt(file, "too large (" + size + " bytes)");
            }
            int length = (int) size;
            if (reuse != null && reuse.capacity() >= length) {
                b = reuse.clear().limit(length);
            } else if (reuse != null && reuse.isDirect()) {
                b = ByteBuffer.allocateDirect(length + (length >> 3)).limit(length);
            } else {
                b = ByteBuffer.allocate(length);
            }
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // until full or the end of the file
            }
            b.flip();
        } catch (NoSuchFileException e) {
            return null;
        }
        b.order(ByteOrder.LITTLE_ENDIAN);
        int length = b.limit();
        if (length < HEADER + 4) {
            throw new Corrupt(file, "truncated (" + length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(b.limit(length - 4));
        b.limit(length);
        if ((int) crc.getValue() != b.getInt(length - 4)) {
            throw new Corrupt(file, "checksum mismatch (truncated or damaged)");
        }
        b.position(0);
        if (b.getInt() != magic) {
            throw new Corrupt(file, "not a cache file of this kind");
        }
        short version = b.getShort();
        if (version != VERSION) {
            throw new Corrupt(file, "version " + version + ", expected " + VERSION);
        }
        return b.limit(length - 4);
    }

    /** Fails when a payload was not read to its end. */
    static void checkFullyRead(Path file, ByteBuffer b) throws Corrupt {
        if (b.remaining() != 0) {
            throw new Corrupt(file, b.remaining() + " unexpected trailing bytes");
        }
    }

    /** Writes the payload through a small buffer that checksums what passes. */
    static final class Writer {
        private final OutputStream out;
        private final ByteBuffer buffer = ByteBuffer.allocate(1 << 14).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32 crc = new CRC32();
        private long written;

        private Writer(OutputStream out) {
            this.out = out;
        }

        Writer putInt(int v) throws IOException {
            room(4).putInt(v);
            return this;
        }

        Writer putLong(long v) throws IOException {
            room(8).putLong(v);
            return this;
        }

        Writer putDouble(double v) throws IOException {
            room(8).putDouble(v);
            return this;
        }

        Writer put(byte v) throws IOException {
            room(1).put(v);
            return this;
        }

        Writer put(byte[] bytes, int from, int to) throws IOException {
            for (int i = from; i < to; ) {
                int n = Math.min(to - i, room(1).remaining());
                buffer.put(bytes, i, n);
                i += n;
            }
            return this;
        }

        /** The first {@code n} values of {@code values}, in bulk. */
        Writer putDoubles(double[] values, int n) throws IOException {
            for (int i = 0; i < n; ) {
                int k = Math.min(n - i, room(8).remaining() / 8);
                buffer.asDoubleBuffer().put(values, i, k);
                buffer.position(buffer.position() + 8 * k);
                i += k;
            }
            return this;
        }

        /** Bytes written so far, header included: for alignment. */
        long position() {
            return written + buffer.position();
        }

        private ByteBuffer room(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
            return buffer;
        }

        private void flush() throws IOException {
            crc.update(buffer.array(), 0, buffer.position());
            out.write(buffer.array(), 0, buffer.position());
            written += buffer.position();
            buffer.clear();
        }

        private void finish() throws IOException {
            flush();
            buffer.putInt((int) crc.getValue());
            out.write(buffer.array(), 0, 4);
        }
    }

    /** What writes a payload. */
    @FunctionalInterface
    interface Payload {
        void writeTo(Writer w) throws IOException;
    }

    /** Writes a file of kind {@code magic} atomically. */
    static void write(Path file, int magic, Payload payload) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new Writer(out);
            w.putInt(magic);
            w.room(2).putShort(VERSION);
            payload.writeTo(w);
            w.finish();
        });
    }
}
