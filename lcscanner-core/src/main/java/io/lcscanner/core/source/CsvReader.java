package io.lcscanner.core.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * Reads a bars CSV into series on all cores. The file is cut into chunks of whole lines: for a plain file each parser
 * thread reads its own chunk (from a nominal offset to the first line start after the next one); a gzipped file is
 * inflated by this thread and cut as it comes. Parser threads parse a chunk into their reused scratch
 * ({@link CsvChunk}) and copy its rows out grouped by ticker ({@link CsvPiece}) while they are in cache. This thread
 * takes the pieces back in file order: that is where line numbers become absolute, where the first problem in file
 * order is reported, and where a chunk that began inside a quoted field (its cut fell on a line break inside quotes) is
 * parsed again from the record left open. Last, a ticker whose rows came in one sorted piece keeps that piece's
 * arrays as its series; the others' segments are copied together, in parallel, and sorted by date where needed.
 *
 * <p>Problems are reported as {@code <file> line <n>: <problem naming the column>}; a duplicate bar is found after
 * every row has been read, and names both lines.
 */
final class CsvReader {
    static final int DEFAULT_CHUNK_BYTES = 4 << 20;
    /** Bytes read past a chunk's nominal end to find the line break that ends it; more are read if needed. */
    private static final int SLACK = 4096;
    private static final AtomicInteger THREAD_NAMES = new AtomicInteger();

    private final Path file;
    private final int chunkBytes;
    private final int threads;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final ConcurrentLinkedQueue<byte[]> freeBuffers = new ConcurrentLinkedQueue<>();
    private ExecutorService pool;
    private CsvHeader header;
    /** Bytes per row in the chunks parsed so far, to size the next chunk's arrays (each array is zeroed: spare costs). */
    private volatile int bytesPerRow = 64;

    /** Parsers' scratch, one per thread at a time, reused chunk after chunk. */
    private final ConcurrentLinkedQueue<CsvChunk> parsers = new ConcurrentLinkedQueue<>();

    private final Map<String, Integer> tickerIds = new HashMap<>();
    private final List<String> tickerNames = new ArrayList<>();
    /** Per ticker: its segments in file order, each with the file line of its chunk's first line. */
    private final List<List<Placed>> segments = new ArrayList<>();
    /** Per ticker: rows, whether every segment so far is sorted and follows the last, that last day, as-traded = adjusted. */
    private int[] rowsPerTicker = new int[0];
    private boolean[] sorted = new boolean[0], sameAsTraded = new boolean[0];
    private int[] lastDay = new int[0];

    /** A segment taken back, and the line of its chunk's first line in the file. */
    private record Placed(CsvPiece.Segment segment, long firstLine) {
    }
    /** Line (1-based) of the next chunk's first line. */
    private long nextLine;
    /** The bytes of a record the last chunk taken back left open (a quoted field runs on), else null; its line and field. */
    private byte[] openTail;
    private long openTailLine;
    private int openTailField;
    /**
     * A plain file's content hashes, computed as it is read (CRC32C of the bytes each chunk read): the header, then
     * each chunk's nominal range; null for a gzipped file. See {@link CsvCache.Stamp}.
     */
    private int[] blockHashes;
    private int dataStart;
    /** Rows left out for their date (no session that day), and the first one's line and day. */
    private long skipped, firstSkippedLine;
    private int firstSkippedDay;

    CsvReader(Path file, int chunkBytes, int threads) {
        this.file = file;
        this.chunkBytes = Math.max(16, chunkBytes);
        this.threads = Math.max(1, threads);
    }

    /** A file's series, and what the scan should be told about rows left out. */
    record Bars(List<BarSeries> series, List<String> warnings) {
    }

    Bars read() throws IOException {
        try {
            if (gzipped()) {
                readInflating();
            } else {
                readInParallel();
            }
            if (openTail != null) {
                throw bad(openTailLine, "unterminated quoted field in column " + columnName(openTailField)
                        + " (the file ends inside it)");
            }
            List<String> warnings = skipped == 0 ? List.of() : List.of(String.format(java.util.Locale.ROOT,
                    "%s: %,d bar%s dated on days the NYSE did not trade were left out (the first at line %d: %s, a %s)",
                    file, skipped, skipped == 1 ? "" : "s", firstSkippedLine, LocalDate.ofEpochDay(firstSkippedDay),
                    LocalDate.ofEpochDay(firstSkippedDay).getDayOfWeek().getValue() >= 6
                            ? LocalDate.ofEpochDay(firstSkippedDay).getDayOfWeek().getDisplayName(
                                    java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH) : "holiday"));
            return new Bars(assemble(), warnings);
        } finally {
            cancelled.set(true);
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    private boolean gzipped() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer magic = ByteBuffer.allocate(2);
            while (magic.hasRemaining() && channel.read(magic) >= 0) {
                // at most two reads
            }
            return magic.position() == 2 && (magic.get(0) & 0xFF) == 0x1f && (magic.get(1) & 0xFF) == 0x8b;
        }
    }

    /** The bytes one parse covers: {@code buffer[from, to)}, whole lines, and what the parse made of them. */
    private record Parsed(CsvPiece piece, byte[] buffer, int from, int to) {
    }

    // ---------------------------------------------------------------- a plain file: each thread reads its chunk

    private void readInParallel() throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            byte[] first = new byte[(int) Math.min(size, chunkBytes) + 1];
            int have = readAt(channel, first, 0, first.length, 0);
            int dataStart;
            while ((dataStart = readHeader(first, have, have == size)) < 0) {
                first = Arrays.copyOf(first, (int) Math.min(Integer.MAX_VALUE - 8, 2L * first.length));
                have += readAt(channel, first, have, first.length - have, have);
            }
            long dataBytes = size - dataStart;
            int chunks = (int) Math.max(1, (dataBytes + chunkBytes - 1) / chunkBytes);
            this.dataStart = dataStart;
            blockHashes = new int[1 + chunks];
            blockHashes[0] = crc(first, 0, dataStart);
            if (have == size && (chunks == 1 || threads == 1)) { // all in hand: parse here, no threads
                for (int c = 0; c < chunks; c++) {
                    int from = dataStart + c * chunkBytes;
                    blockHashes[1 + c] = crc(first, from, (int) Math.min(have, (long) from + chunkBytes));
                }
                takeBack(parse(first, dataStart, have));
                return;
            }
            ArrayDeque<Future<Parsed>> inFlight = new ArrayDeque<>();
            int next = 0;
            while (next < chunks || !inFlight.isEmpty()) {
                while (next < chunks && inFlight.size() <= threads) {
                    long from = dataStart + (long) next * chunkBytes;
                    long to = next + 1 == chunks ? size : from + chunkBytes;
                    int block = 1 + next;
                    inFlight.add(pool().submit(() -> readAndParse(channel, size, from, to, block)));
                    next++;
                }
                freeBuffers.add(takeBack(await(inFlight.removeFirst())));
            }
        }
    }

    /**
     * Reads and parses the lines starting in the file's [from, to): from the first line start at or after
     * {@code from} (a line start follows a line break; {@code from − 1} is read to see one) to the first at or after
     * {@code to}, or the end of the file.
     */
    private Parsed readAndParse(FileChannel channel, long size, long from, long to, int block) throws IOException {
        long base = from - 1; // the header ends with a line break, so from ≥ 1
        byte[] buf = freeBuffers.poll();
        int want = (int) Math.min(size - base, to - base + SLACK);
        if (buf == null || buf.length < want) {
            buf = new byte[Math.max(want, chunkBytes + 1 + SLACK)];
        }
        int have = readAt(channel, buf, 0, want, base);
        if (have < to - base) {
            throw new IOException(file + " became shorter while it was read");
        }
        blockHashes[block] = crc(buf, 1, (int) (to - base));
        int start = indexOfLineBreak(buf, 0, (int) (to - base)) + 1; // 0 if none: no line starts in [from, to)
        int end;
        if (to == size) {
            end = have;
        } else {
            int scanned = (int) (to - 1 - base);
            while (true) {
                int lineBreak = indexOfLineBreak(buf, scanned, have);
                if (lineBreak >= 0) {
                    end = lineBreak + 1;
                    break;
                }
                if (base + have == size) {
                    end = have;
                    break;
                }
                scanned = have;
                if (have == buf.length) {
                    buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, 2L * buf.length));
                }
                have += readAt(channel, buf, have, (int) Math.min(buf.length - have, size - base - have), base + have);
            }
        }
        if (start == 0) {
            start = end; // the chunk lies inside one line that started before it
        }
        return parse(buf, start, end);
    }

    private static int readAt(FileChannel channel, byte[] buf, int offset, int length, long position) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buf, offset, length);
        while (target.hasRemaining()) {
            if (channel.read(target, position + target.position() - offset) < 0) {
                break;
            }
        }
        return target.position() - offset;
    }

    private static int crc(byte[] buf, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(buf, from, to - from);
        return (int) crc.getValue();
    }

    /** The content hashes of a plain file as read (header, then chunks of {@link #chunkBytes()}), or null. */
    int[] blockHashes() {
        return blockHashes;
    }

    /** Where a plain file's data starts (its header's length). */
    int dataStart() {
        return dataStart;
    }

    int chunkBytes() {
        return chunkBytes;
    }

    private static int indexOfLineBreak(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- a gzipped file: inflate here, parse there

    private void readInflating() throws IOException {
        try (InputStream in = new GZIPInputStream(java.nio.file.Files.newInputStream(file), 1 << 16)) {
            byte[] buf = new byte[chunkBytes];
            int have = readFully(in, buf, 0);
            boolean eof = have < buf.length;
            int pos;
            while ((pos = readHeader(buf, have, eof)) < 0) {
                buf = Arrays.copyOf(buf, 2 * buf.length);
                have += readFully(in, buf, have);
                eof = have < buf.length;
            }
            ArrayDeque<Future<Parsed>> inFlight = new ArrayDeque<>();
            boolean first = true;
            while (true) {
                if (Thread.currentThread().isInterrupted()) {
                    throw interrupted();
                }
                int cut = have;
                if (!eof) {
                    cut = lastLineBreak(buf, pos, have) + 1;
                    if (cut == 0) { // a line longer than the buffer
                        buf = Arrays.copyOf(buf, 2 * buf.length);
                        have += readFully(in, buf, have);
                        eof = have < buf.length;
                        continue;
                    }
                }
                if (eof && first) {
                    takeBack(parse(buf, pos, cut)); // the whole file in one buffer: no threads
                    return;
                }
                byte[] chunk = buf;
                int from = pos, to = cut;
                inFlight.add(pool().submit(() -> parse(chunk, from, to)));
                first = false;
                if (eof) {
                    break;
                }
                while (inFlight.size() > threads) {
                    freeBuffers.add(takeBack(await(inFlight.removeFirst())));
                }
                byte[] next = freeBuffers.poll();
                int carry = have - cut;
                if (next == null || carry > next.length / 2) {
                    next = new byte[Math.max(chunkBytes, 2 * carry)];
                }
                System.arraycopy(buf, cut, next, 0, carry);
                have = carry + readFully(in, next, carry);
                eof = have < next.length;
                buf = next;
                pos = 0;
            }
            while (!inFlight.isEmpty()) {
                takeBack(await(inFlight.removeFirst()));
            }
        }
    }

    /** Reads until {@code buf} is full or the input ends; the bytes read. */
    private static int readFully(InputStream in, byte[] buf, int offset) throws IOException {
        int n = offset;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n - offset;
    }

    private static int lastLineBreak(byte[] buf, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- header, parse, take back in order

    /**
     * Reads the header, the first record of {@code buf[0, have)} after a byte-order mark and empty lines; returns
     * where the data starts, or −1 when the buffer does not hold the whole header yet.
     */
    private int readHeader(byte[] buf, int have, boolean eof) {
        int pos = have >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF ? 3 : 0;
        long line = 1;
        while (pos < have && (buf[pos] == '\n' || buf[pos] == '\r' && pos + 1 < have && buf[pos + 1] == '\n')) {
            pos += buf[pos] == '\n' ? 1 : 2;
            line++;
        }
        CsvChunk.Splitter splitter = new CsvChunk.Splitter();
        List<String> names = List.of();
        if (pos < have) {
            boolean split = splitter.split(buf, pos, have);
            if (splitter.badCharacterAt >= 0) {
                throw bad(line + splitter.newlines, "unexpected character after a closing quote in the header");
            }
            if (!eof && !(split && splitter.end < have)) {
                return -1;
            }
            if (!split) {
                throw bad(line, "unterminated quoted field in the header (the file ends inside it)");
            }
            names = splitter.fields;
        } else if (!eof) {
            return -1;
        }
        for (String name : names) {
            if (name.indexOf('\r') >= 0) {
                throw bad(line, "lines end with a bare carriage return; use LF or CRLF line breaks");
            }
        }
        try {
            header = new CsvHeader(names);
        } catch (IllegalArgumentException e) {
            throw bad(line, e.getMessage());
        }
        if (pos >= have) {
            nextLine = line;
            return have;
        }
        nextLine = line + splitter.newlines;
        return splitter.end;
    }

    private Parsed parse(byte[] buf, int from, int to) {
        CsvChunk parser = parsers.poll();
        if (parser == null) {
            int expectedRows = (int) ((to - from) * 21L / (20L * bytesPerRow)) + 16; // 5 % spare
            parser = new CsvChunk(header, expectedRows, cancelled);
        }
        try {
            CsvPiece piece = parser.parse(buf, from, to);
            if (parser.rows() >= 1000) {
                bytesPerRow = Math.max(8, (to - from) / parser.rows());
            }
            return new Parsed(piece, buf, from, to);
        } finally {
            parsers.add(parser);
        }
    }

    private ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "lcscanner-csv-" + THREAD_NAMES.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** Takes a parse back in file order (parsing again from a record the previous chunk left open); returns its buffer. */
    private byte[] takeBack(Parsed parsed) throws IOException {
        if (openTail == null) {
            accept(parsed.piece, parsed.buffer, parsed.to);
        } else {
            byte[] joined = Arrays.copyOf(openTail, openTail.length + parsed.to - parsed.from);
            System.arraycopy(parsed.buffer, parsed.from, joined, openTail.length, parsed.to - parsed.from);
            nextLine = openTailLine;
            openTail = null;
            accept(parse(joined, 0, joined.length).piece, joined, joined.length);
        }
        return parsed.buffer;
    }

    /** Makes a chunk's tickers the file's and its lines absolute; fails on its first problem. It was parsed up to {@code end}. */
    private void accept(CsvPiece piece, byte[] buffer, int end) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted();
        }
        long base = nextLine;
        if (piece.problem() != null) {
            throw bad(base + piece.problem().line(), piece.problem().message());
        }
        if (base + piece.newlines() + 1 > Integer.MAX_VALUE) {
            throw bad(base, "more lines than one scan reads");
        }
        CsvPiece.Skipped skip = piece.skipped();
        if (skip != null) {
            if (skipped == 0) {
                firstSkippedLine = base + skip.firstLine();
                firstSkippedDay = skip.firstDay();
            }
            skipped += skip.count();
        }
        if (piece.open() != null) {
            openTail = Arrays.copyOfRange(buffer, piece.open().at(), end);
            openTailLine = base + piece.open().line();
            openTailField = piece.open().field();
        }
        String[] names = piece.tickers();
        CsvPiece.Segment[] pieces = piece.segments();
        for (int l = 0; l < names.length; l++) {
            CsvPiece.Segment segment = pieces[l];
            if (segment == null) {
                continue;
            }
            Integer known = tickerIds.get(names[l]);
            int t;
            if (known == null) {
                t = tickerNames.size();
                tickerIds.put(names[l], t);
                tickerNames.add(names[l]);
                segments.add(new ArrayList<>(1));
                if (t == rowsPerTicker.length) {
                    int capacity = Math.max(256, 2 * t);
                    rowsPerTicker = Arrays.copyOf(rowsPerTicker, capacity);
                    sorted = Arrays.copyOf(sorted, capacity);
                    sameAsTraded = Arrays.copyOf(sameAsTraded, capacity);
                    lastDay = Arrays.copyOf(lastDay, capacity);
                }
                sorted[t] = sameAsTraded[t] = true;
                lastDay[t] = Integer.MIN_VALUE;
            } else {
                t = known;
            }
            segments.get(t).add(new Placed(segment, base));
            rowsPerTicker[t] += segment.n;
            sorted[t] &= segment.sorted && segment.firstDay() > lastDay[t];
            lastDay[t] = segment.lastDay();
            sameAsTraded[t] &= !segment.ownAsTraded;
        }
        nextLine = base + piece.newlines();
    }

    private String columnName(int field) {
        return field < header.fields && !header.names[field].isEmpty() ? header.names[field] : "#" + (field + 1);
    }

    // ---------------------------------------------------------------- one series per ticker

    /**
     * One series per ticker: a ticker whose rows came in one sorted segment of its own keeps that segment's arrays; the
     * others' segments are copied together (tickers split between threads) and sorted by date where needed.
     */
    private List<BarSeries> assemble() throws IOException {
        int tickers = tickerNames.size();
        BarSeries[] out = new BarSeries[tickers];
        String[] duplicates = new String[tickers];
        int parts = pool == null ? 1 : Math.min(threads, Math.max(1, tickers / 64));
        List<Future<Void>> work = new ArrayList<>();
        for (int part = 1; part < parts; part++) {
            int from = (int) ((long) tickers * part / parts), to = (int) ((long) tickers * (part + 1) / parts);
            work.add(pool.submit(() -> assemble(from, to, out, duplicates)));
        }
        assemble(0, tickers / parts, out, duplicates);
        for (Future<Void> f : work) {
            await(f);
        }
        for (int t = 0; t < tickers; t++) {
            if (duplicates[t] != null) {
                throw new IllegalArgumentException(file + " line " + duplicates[t]);
            }
        }
        segments.clear();
        return Arrays.asList(out);
    }

    private Void assemble(int from, int to, BarSeries[] out, String[] duplicates) {
        for (int t = from; t < to; t++) {
            String ticker = tickerNames.get(t);
            List<Placed> parts = segments.get(t);
            CsvPiece.Segment only = parts.get(0).segment;
            if (parts.size() == 1 && sorted[t] && only.adoptable()) {
                double[][] c = only.columns;
                out[t] = c.length == 10
                        ? new BarSeries(ticker, only.days, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], c[9])
                        : BarSeries.adjustedOnly(ticker, only.days, c[0], c[1], c[2], c[3], c[4]);
                continue;
            }
            int n = rowsPerTicker[t];
            int[] days = new int[n];
            int[] lines = sorted[t] ? null : new int[n]; // only a ticker to sort needs lines, for a duplicate's message
            double[][] columns = new double[sameAsTraded[t] ? 5 : 10][n];
            int at = 0;
            for (Placed part : parts) {
                CsvPiece.Segment s = part.segment;
                System.arraycopy(s.days, s.daysFrom, days, at, s.n);
                for (int k = 0; k < columns.length; k++) {
                    s.copyColumn(k, columns[k], at);
                }
                if (lines != null) {
                    for (int i = 0; i < s.n; i++) {
                        lines[at + i] = (int) (s.lines[s.linesFrom + i] + part.firstLine);
                    }
                }
                at += s.n;
            }
            if (lines != null) {
                duplicates[t] = sortByDate(ticker, days, lines, columns);
                if (duplicates[t] != null) {
                    continue;
                }
            }
            out[t] = columns.length == 10
                    ? new BarSeries(ticker, days, columns[0], columns[1], columns[2], columns[3], columns[4], columns[5],
                            columns[6], columns[7], columns[8], columns[9])
                    : BarSeries.adjustedOnly(ticker, days, columns[0], columns[1], columns[2], columns[3], columns[4]);
        }
        return null;
    }

    /**
     * Sorts one ticker's rows by date, keeping file order among equal dates; returns "{line}: duplicate bar …" for
     * the first duplicate date, or null.
     */
    static String sortByDate(String ticker, int[] days, int[] lines, double[][] columns) {
        int n = days.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) days[i] << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) keys[i];
        }
        for (int i = 1; i < n; i++) {
            if (days[order[i]] == days[order[i - 1]]) {
                int first = Math.min(lines[order[i - 1]], lines[order[i]]);
                int second = Math.max(lines[order[i - 1]], lines[order[i]]);
                return second + ": duplicate bar for (" + ticker + ", " + LocalDate.ofEpochDay(days[order[i]])
                        + "), first at line " + first + " (columns ticker, date)";
            }
        }
        int[] daysCopy = days.clone();
        for (int i = 0; i < n; i++) {
            days[i] = daysCopy[order[i]];
        }
        for (double[] column : columns) {
            double[] copy = column.clone();
            for (int i = 0; i < n; i++) {
                column[i] = copy[order[i]];
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- plumbing

    private <T> T await(Future<T> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("reading " + file + " failed: " + cause, cause);
        }
    }

    private IOException interrupted() {
        cancelled.set(true);
        return new IOException("reading " + file + " was interrupted");
    }

    private IllegalArgumentException bad(long line, String problem) {
        cancelled.set(true);
        return new IllegalArgumentException(file + " line " + line + ": " + problem);
    }
}
