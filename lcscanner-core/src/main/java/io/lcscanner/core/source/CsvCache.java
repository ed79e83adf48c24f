package io.lcscanner.core.source;

import io.lcscanner.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;

/**
 * A columnar copy of a parsed bars CSV, so that the scans after the first read it in a fraction of the parse's time.
 *
 * <p>One file per CSV path, {@code <dir>/csv-v2/<128-bit hash of the absolute path>.bars}. It is served only when the
 * CSV's size, modification time and content hash all equal those recorded with it: the content hash (CRC32C of each
 * block of the file, checked on all cores at every read; a plain file's blocks are its header and the reader's
 * chunks, hashed by the parse itself as it reads them) catches a file rewritten with the same size within the file
 * system's time resolution. A copy that does not match, cannot be read, fails its own checksum or has another format
 * version is ignored, deleted and replaced by the next parse. Copies are written to a temporary name and renamed;
 * writing one also removes temporary files older than an hour (a process killed while writing), copies of CSVs that
 * no longer exist and the directories of other format versions.
 *
 * <p>Layout (little-endian): magic, version, then a header (CSV path, size, mtime, the block layout and hashes, the
 * read's warnings, tickers with their row counts and whether their as-traded columns are their own), then each
 * ticker's days and columns, then a CRC32C of everything before it.
 */
final class CsvCache {
    /** 2: the file name became a plain hash of the path (1: SHA-256), so version 1's copies are removed. */
    static final int VERSION = 2;
    static final String DIRECTORY = "csv-v" + VERSION;
    private static final long MAGIC = 0x5352_4142_4353_434CL; // "LCSCBARS" read as little-endian
    /** Block size of a stamp computed apart from a parse (a gzipped file's). */
    static final int BLOCK = 32 << 20;
    private static final Duration ABANDONED = Duration.ofHours(1);

    private final Path csv;
    private final Path file;

    CsvCache(Path csv, Path cacheDir) {
        this.csv = csv.toAbsolutePath().normalize();
        this.file = cacheDir.resolve(DIRECTORY).resolve(name(this.csv) + ".bars");
    }

    Path file() {
        return file;
    }

    /**
     * What identifies the CSV's content: size, modification time, and the CRC32C of each block: {@code [0, first)},
     * then blocks of {@code block} bytes to the end.
     */
    record Stamp(long size, long mtimeNanos, int first, int block, int[] blocks) {
        boolean sameAs(Stamp other) {
            return size == other.size && mtimeNanos == other.mtimeNanos && first == other.first && block == other.block
                    && Arrays.equals(blocks, other.blocks);
        }
    }

    /** The CSV's size and modification time now. */
    long[] sizeAndTime() throws IOException {
        BasicFileAttributes a = Files.readAttributes(csv, BasicFileAttributes.class);
        return new long[] {a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS)};
    }

    /** The CSV's stamp now with the given blocks (hashes its whole content, on all cores). */
    Stamp stamp(int first, int block) throws IOException {
        long[] now = sizeAndTime();
        long size = now[0];
        int blocks = 1 + (int) ((Math.max(0, size - first) + block - 1) / block);
        int[] hashes = new int[blocks];
        // read, not mapped: a mapping would count the whole file in the process's RSS and cost an unmap per block
        ConcurrentLinkedQueue<ByteBuffer> buffers = new ConcurrentLinkedQueue<>();
        try (FileChannel channel = FileChannel.open(csv, StandardOpenOption.READ)) {
            IOException[] failure = new IOException[1];
            IntStream.range(0, blocks).parallel().forEach(b -> {
                ByteBuffer buffer = buffers.poll();
                if (buffer == null) {
                    buffer = ByteBuffer.allocateDirect(1 << 20);
                }
                try {
                    long from = b == 0 ? 0 : first + (long) (b - 1) * block;
                    long end = from + (b == 0 ? Math.min(first, size) : Math.min(block, size - from));
                    CRC32C crc = new CRC32C();
                    for (long at = from; at < end; ) {
                        buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
                        int n = channel.read(buffer, at);
                        if (n < 0) {
                            throw new IOException("shorter than its size");
                        }
                        crc.update(buffer.flip());
                        at += n;
                    }
                    hashes[b] = (int) crc.getValue();
                } catch (IOException e) {
                    failure[0] = e;
                } finally {
                    buffers.add(buffer);
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        return new Stamp(size, now[1], first, block, hashes);
    }

    /**
     * The cached bars when the copy exists, is whole and matches the CSV as it is now (its size, time and content
     * hashed the way the copy records); else null, and a copy that does not match is deleted.
     */
    CsvReader.Bars read() {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            CsvReader.Bars series = read(channel);
            if (series == null) {
                Files.deleteIfExists(file); // stale or damaged: never served, replaced by the next parse
            }
            return series;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the next write replaces it
            }
            return null;
        }
    }

    private CsvReader.Bars read(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < 16) {
            return null;
        }
        Input in = new Input(channel, size - 8);
        if (in.getLong() != MAGIC || in.getInt() != VERSION) {
            return null;
        }
        String path = in.string();
        Stamp recorded = new Stamp(in.getLong(), in.getLong(), in.getInt(), in.getInt(), in.ints(new int[in.count()]));
        long[] now = sizeAndTime();
        if (!path.equals(csv.toString()) || recorded.size != now[0] || recorded.mtimeNanos != now[1]
                || recorded.first < 0 || recorded.block <= 0) {
            return null;
        }
        // the CSV is hashed on the pool while this thread reads the copy; the copy is served only if they match
        CompletableFuture<Stamp> hashing = CompletableFuture.supplyAsync(() -> {
            try {
                return stamp(recorded.first, recorded.block);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        List<String> warnings = new ArrayList<>();
        for (int w = in.count(); w > 0; w--) {
            warnings.add(in.string());
        }
        int tickers = in.count();
        String[] names = new String[tickers];
        int[] rows = new int[tickers];
        boolean[] ownAsTraded = new boolean[tickers];
        for (int t = 0; t < tickers; t++) {
            names[t] = in.string();
            rows[t] = in.count();
            ownAsTraded[t] = in.getInt() != 0;
        }
        List<BarSeries> out = new ArrayList<>(tickers);
        for (int t = 0; t < tickers; t++) {
            int n = rows[t];
            int[] days = in.ints(new int[n]);
            double[][] c = new double[ownAsTraded[t] ? 10 : 5][];
            for (int k = 0; k < c.length; k++) {
                c[k] = in.doubles(new double[n]);
            }
            out.add(c.length == 10 ? new BarSeries(names[t], days, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9])
                    : BarSeries.adjustedOnly(names[t], days, c[0], c[1], c[2], c[3], c[4]));
        }
        boolean whole = in.checksumMatches();
        Stamp current;
        try {
            current = hashing.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException io ? io.getCause() : new IOException(e.getCause());
        }
        return whole && recorded.sameAs(current) ? new CsvReader.Bars(out, warnings) : null;
    }

    /** Writes the copy of {@code bars} read from the CSV stamped {@code stamp}, atomically. */
    void write(Stamp stamp, List<BarSeries> series, List<String> warnings) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        removeStale(dir);
        AtomicFiles.writeChannel(file, channel -> {
            Output out = new Output(channel);
            out.putLong(MAGIC);
            out.putInt(VERSION);
            out.string(csv.toString());
            out.putLong(stamp.size);
            out.putLong(stamp.mtimeNanos);
            out.putInt(stamp.first);
            out.putInt(stamp.block);
            out.putInt(stamp.blocks.length);
            out.ints(stamp.blocks);
            out.putInt(warnings.size());
            for (String w : warnings) {
                out.string(w);
            }
            out.putInt(series.size());
            for (BarSeries s : series) {
                out.string(s.ticker());
                out.putInt(s.size());
                out.putInt(ownAsTraded(s) ? 1 : 0);
            }
            for (BarSeries s : series) {
                out.ints(s.epochDays());
                for (double[] column : new double[][] {s.open(), s.high(), s.low(), s.close(), s.volume()}) {
                    out.doubles(column);
                }
                if (ownAsTraded(s)) {
                    for (double[] column : new double[][] {s.openUa(), s.highUa(), s.lowUa(), s.closeUa(), s.volumeUa()}) {
                        out.doubles(column);
                    }
                }
            }
            out.finish();
        });
    }

    /** Whether the series carries as-traded columns of its own (a CSV without them, or a ticker without splits, not). */
    private static boolean ownAsTraded(BarSeries s) {
        return s.openUa() != s.open() || s.highUa() != s.high() || s.lowUa() != s.low() || s.closeUa() != s.close()
                || s.volumeUa() != s.volume();
    }

    /**
     * Removes what no read will use: temporary files a killed process left, copies of CSVs that no longer exist, and
     * the directories of other format versions. Runs when a copy is written, not on the repeat scans it speeds up.
     */
    private static void removeStale(Path dir) {
        Instant before = Instant.now().minus(ABANDONED);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                boolean stale = name.endsWith(".tmp") ? Files.getLastModifiedTime(f).toInstant().isBefore(before)
                        : name.endsWith(".bars") && !csvExists(f);
                if (stale) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException ignored) {
            // tried again at the next write
        }
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(dir.getParent(), "csv-v*")) {
            for (Path other : versions) {
                if (!other.equals(dir) && Files.isDirectory(other)) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(other)) {
                        for (Path f : files) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(other);
                }
            }
        } catch (IOException ignored) {
            // tried again at the next write
        }
    }

    /** Whether the CSV a copy was made from still exists (a copy that cannot tell is kept until replaced). */
    private static boolean csvExists(Path copy) {
        try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.READ)) {
            Input in = new Input(channel, channel.size());
            if (in.getLong() != MAGIC || in.getInt() != VERSION) {
                return false;
            }
            return Files.exists(Path.of(in.string()));
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * 128 bits of the absolute path, as hex: two 64-bit hashes (FNV-1a, and a multiply-xorshift), each finished by
     * a mix. Only a spread, not a secret: a copy is served only when the path recorded in it equals the CSV's.
     * (SHA-256 through {@code MessageDigest} set up the security providers first: ~25 ms of every scan's start.)
     */
    static String name(Path csv) {
        long fnv = 0xcbf29ce484222325L, mul = 0x9e3779b97f4a7c15L;
        for (byte b : csv.toString().getBytes(StandardCharsets.UTF_8)) {
            fnv = (fnv ^ (b & 0xff)) * 0x100000001b3L;
            mul = (mul + (b & 0xff)) * 0xff51afd7ed558ccdL;
            mul ^= mul >>> 31;
        }
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(mix(fnv)) + hex.toHexDigits(mix(mul));
    }

    /** MurmurHash3's 64-bit finaliser: every bit of the result depends on every bit of h. */
    private static long mix(long h) {
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    /** Reads the file through one reused direct buffer, summing what it reads. */
    private static final class Input {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(4 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();
        private long left;

        Input(FileChannel channel, long payload) {
            this.channel = channel;
            this.left = payload;
            buffer.limit(0);
        }

        /** Makes at least {@code bytes} (≤ the buffer) available, or fails at the end of the payload. */
        private void need(int bytes) throws IOException {
            if (buffer.remaining() >= bytes) {
                return;
            }
            buffer.compact();
            while (buffer.position() < bytes) {
                int room = (int) Math.min(buffer.remaining(), left);
                if (room == 0) {
                    throw new IOException("truncated");
                }
                ByteBuffer fresh = buffer.duplicate();
                fresh.limit(fresh.position() + room);
                int n = channel.read(fresh);
                if (n < 0) {
                    throw new IOException("truncated");
                }
                ByteBuffer summed = buffer.duplicate();
                summed.limit(summed.position() + n);
                crc.update(summed);
                buffer.position(buffer.position() + n);
                left -= n;
            }
            buffer.flip();
        }

        long getLong() throws IOException {
            need(8);
            return buffer.getLong();
        }

        int getInt() throws IOException {
            need(4);
            return buffer.getInt();
        }

        /** A count or length, checked against what the file can hold (a damaged one must not allocate gigabytes). */
        int count() throws IOException {
            int n = getInt();
            if (n < 0 || n > left + buffer.remaining()) {
                throw new IOException("damaged");
            }
            return n;
        }

        String string() throws IOException {
            byte[] bytes = new byte[count()];
            get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        void get(byte[] dst) throws IOException {
            for (int at = 0; at < dst.length; ) {
                need(1);
                int n = Math.min(buffer.remaining(), dst.length - at);
                buffer.get(dst, at, n);
                at += n;
            }
        }

        int[] ints(int[] dst) throws IOException {
            for (int at = 0; at < dst.length; ) {
                need(4);
                int n = Math.min(buffer.remaining() / 4, dst.length - at);
                buffer.asIntBuffer().get(dst, at, n);
                buffer.position(buffer.position() + 4 * n);
                at += n;
            }
            return dst;
        }

        double[] doubles(double[] dst) throws IOException {
            for (int at = 0; at < dst.length; ) {
                need(8);
                int n = Math.min(buffer.remaining() / 8, dst.length - at);
                buffer.asDoubleBuffer().get(dst, at, n);
                buffer.position(buffer.position() + 8 * n);
                at += n;
            }
            return dst;
        }

        /** Whether everything was read and the stored checksum (the file's last 8 bytes) matches. */
        boolean checksumMatches() throws IOException {
            if (buffer.hasRemaining() || left != 0) {
                return false;
            }
            ByteBuffer stored = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (stored.hasRemaining() && channel.read(stored) >= 0) {
                // eight bytes
            }
            return !stored.hasRemaining() && stored.getLong(0) == crc.getValue();
        }
    }

    /** Writes through one reused direct buffer, summing what it writes; {@link #finish} appends the sum. */
    private static final class Output {
        private final WritableByteChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(4 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private final CRC32C crc = new CRC32C();

        Output(WritableByteChannel channel) {
            this.channel = channel;
        }

        private void room(int bytes) throws IOException {
            if (buffer.remaining() < bytes) {
                flush();
            }
        }

        private void flush() throws IOException {
            buffer.flip();
            crc.update(buffer.duplicate());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            buffer.clear();
        }

        void putLong(long v) throws IOException {
            room(8);
            buffer.putLong(v);
        }

        void putInt(int v) throws IOException {
            room(4);
            buffer.putInt(v);
        }

        void string(String s) throws IOException {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            putInt(bytes.length);
            put(bytes);
        }

        void put(byte[] src) throws IOException {
            for (int at = 0; at < src.length; ) {
                room(1);
                int n = Math.min(buffer.remaining(), src.length - at);
                buffer.put(src, at, n);
                at += n;
            }
        }

        void ints(int[] src) throws IOException {
            for (int at = 0; at < src.length; ) {
                room(4);
                int n = Math.min(buffer.remaining() / 4, src.length - at);
                buffer.asIntBuffer().put(src, at, n);
                buffer.position(buffer.position() + 4 * n);
                at += n;
            }
        }

        void doubles(double[] src) throws IOException {
            for (int at = 0; at < src.length; ) {
                room(8);
                int n = Math.min(buffer.remaining() / 8, src.length - at);
                buffer.asDoubleBuffer().put(src, at, n);
                buffer.position(buffer.position() + 8 * n);
                at += n;
            }
        }

        void finish() throws IOException {
            flush();
            ByteBuffer sum = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, crc.getValue());
            while (sum.hasRemaining()) {
                channel.write(sum);
            }
        }
    }
}
