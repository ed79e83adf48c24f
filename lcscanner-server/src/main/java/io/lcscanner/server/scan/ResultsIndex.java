package io.lcscanner.server.scan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.lcscanner.core.Hit;
import io.lcscanner.core.HitSchema;
import io.lcscanner.core.internal.AtomicFiles;
import io.lcscanner.server.Json;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The file beside a scan's {@code results.json} that lets it be read a page at a time: where each hit's object
 * starts in the JSON, and every column as a primitive array (sort keys and filters), column after column.
 *
 * <pre>
 * int magic, int version, int rows n, int columns m (ticker and date included)
 * long[n + 1]   byte offset of each hit's object in results.json; the last is the end of the last object
 * int[n]        the ticker's rank among the scan's distinct tickers (A to Z)
 * double[n]     for each column after ticker and date: a flag 0/1, a number, a text column's label
 *               index; NaN when missing
 * int t, then t tickers A to Z (modified UTF-8)
 * </pre>
 * Built as the scan is stored from its hits (the JSON read only for the offsets), or, for a scan stored before
 * indexes, from the JSON alone; both hold exactly the values a client reads, as a number's shortest repr parses
 * back to the double that printed it (a test builds both and compares them). Big-endian, as
 * {@link DataOutputStream} writes.
 */
final class ResultsIndex {
    private static final int MAGIC = 0x4C434849; // "LCHI"
    private static final int VERSION = 1;
    private static final int HEADER = 16;

    private final Path file;
    final int rows;
    final int columns;

    private ResultsIndex(Path file, int rows, int columns) {
        this.file = file;
        this.rows = rows;
        this.columns = columns;
    }

    /** Opens an index written by {@link #build}. */
    static ResultsIndex open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer h = read(ch, 0, HEADER);
            if (h.getInt() != MAGIC || h.getInt() != VERSION) {
                throw new IOException("not a results index");
            }
            int rows = h.getInt();
            int columns = h.getInt();
            if (rows < 0 || columns < 2) {
                throw new IOException("damaged results index");
            }
            return new ResultsIndex(file, rows, columns);
        }
    }

    /** A column's value for each hit, as the index stores it. */
    private interface Values {
        double at(int column, int row);
    }

    /**
     * Indexes a scan's {@code json} as it is stored, from the hits it was written from: the JSON is read only for where
     * each hit starts, the values come from the hits themselves (the printed numbers parse back to these doubles), so
     * no column is held in memory beside the hits.
     */
    static void build(Path json, HitSchema schema, List<Hit> hits, Path out) throws IOException {
        List<ScanRecord.Column> columns = ScanRecord.Column.of(schema);
        int m = columns.size();
        String[] names = new String[m];
        for (int c = 0; c < m; c++) {
            names[c] = columns.get(c).name();
        }
        long[] offsets = new long[hits.size() + 1];
        try (InputStream in = Files.newInputStream(json); JsonParser p = Json.MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("results file is not a JSON array");
            }
            int row = 0;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                if (row == hits.size()) {
                    throw new IOException("results file has more hits than the scan");
                }
                offsets[row++] = p.currentTokenLocation().getByteOffset();
                p.skipChildren();
            }
            if (row != hits.size() || p.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException("results file does not hold the scan's hits");
            }
            offsets[row] = p.currentTokenLocation().getByteOffset();
        }
        Map<String, Integer> tickerIds = new HashMap<>();
        List<String> tickers = new ArrayList<>();
        int[] tickerOf = new int[hits.size()];
        for (int i = 0; i < tickerOf.length; i++) {
            tickerOf[i] = tickerIds.computeIfAbsent(hits.get(i).ticker(), t -> {
                tickers.add(t);
                return tickers.size() - 1;
            });
        }
        write(out, m, offsets, tickerOf, tickers, (c, r) -> {
            Hit h = hits.get(r);
            ScanRecord.Column col = columns.get(c);
            if (col.kind().equals("text")) {
                String label = h.text(names[c]);
                return label == null ? Double.NaN : col.labels().indexOf(label);
            }
            return h.value(names[c]);
        });
    }

    /**
     * Reads {@code json} (an array of hit objects in {@code columns}' order) once and writes its index to {@code out};
     * memory: one primitive array per column, no object per hit. For scans stored before there were indexes.
     */
    static void build(Path json, List<ScanRecord.Column> columns, Path out) throws IOException {
        int m = columns.size();
        Map<String, Integer> tickerIds = new HashMap<>();
        List<String> tickers = new ArrayList<>();
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < m; i++) {
            position.put(columns.get(i).name(), i);
        }
        LongColumn offsets = new LongColumn();
        IntColumn tickerOf = new IntColumn();
        DoubleColumn[] values = new DoubleColumn[m];
        for (int c = 2; c < m; c++) {
            values[c] = new DoubleColumn();
        }
        try (InputStream in = Files.newInputStream(json); JsonParser p = Json.MAPPER.createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("results file is not a JSON array");
            }
            int row = 0;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                offsets.add(p.currentTokenLocation().getByteOffset());
                for (int c = 2; c < m; c++) {
                    values[c].add(Double.NaN);
                }
                tickerOf.add(-1);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    Integer c = position.get(p.currentName());
                    JsonToken t = p.nextToken();
                    if (c == null || t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        throw new IOException("hit " + row + " does not match the scan's columns");
                    }
                    if (c == 0) {
                        String ticker = p.getText();
                        Integer id = tickerIds.get(ticker);
                        if (id == null) {
                            id = tickers.size();
                            tickerIds.put(ticker, id);
                            tickers.add(ticker);
                        }
                        tickerOf.set(row, id);
                    } else if (c >= 2 && t != JsonToken.VALUE_NULL) {
                        values[c].set(row, value(columns.get(c), p, t));
                    }
                }
                if (tickerOf.get(row) < 0) {
                    throw new IOException("hit " + row + " has no ticker");
                }
                row++;
            }
            if (p.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException("results file is not an array of objects");
            }
            offsets.add(p.currentTokenLocation().getByteOffset()); // the end of the last object (its separator included)
        }
        write(out, m, Arrays.copyOf(offsets.data, offsets.size), Arrays.copyOf(tickerOf.data, tickerOf.size), tickers,
                (c, r) -> values[c].data[r]);
    }

    /** Writes the index: {@code offsets} has one more entry than there are hits; tickers are ids into {@code tickers}. */
    private static void write(Path out, int m, long[] offsets, int[] tickerOf, List<String> tickers, Values values)
            throws IOException {
        int n = tickerOf.length;
        // ranks A to Z, so that sorting by ticker is sorting by a number
        String[] sorted = tickers.toArray(String[]::new);
        Arrays.sort(sorted);
        Map<String, Integer> rankOf = new HashMap<>();
        for (int i = 0; i < sorted.length; i++) {
            rankOf.put(sorted[i], i);
        }
        int[] rank = new int[sorted.length];
        for (int id = 0; id < rank.length; id++) {
            rank[id] = rankOf.get(tickers.get(id));
        }
        AtomicFiles.write(out, os -> {
            DataOutputStream d = new DataOutputStream(new BufferedOutputStream(os, 1 << 16));
            d.writeInt(MAGIC);
            d.writeInt(VERSION);
            d.writeInt(n);
            d.writeInt(m);
            for (int i = 0; i <= n; i++) {
                d.writeLong(offsets[i]);
            }
            for (int i = 0; i < n; i++) {
                d.writeInt(rank[tickerOf[i]]);
            }
            for (int c = 2; c < m; c++) {
                for (int i = 0; i < n; i++) {
                    d.writeDouble(values.at(c, i));
                }
            }
            d.writeInt(sorted.length);
            for (String t : sorted) {
                d.writeUTF(t);
            }
            d.flush();
        });
    }

    private static double value(ScanRecord.Column c, JsonParser p, JsonToken t) throws IOException {
        return switch (c.kind()) {
            case "text" -> {
                int label = c.labels() == null ? -1 : c.labels().indexOf(p.getText());
                if (label < 0) {
                    throw new IOException("column " + c.name() + " holds a value that is not one of its labels");
                }
                yield label;
            }
            case "number", "flag" -> {
                if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw new IOException("column " + c.name() + " holds a value that is not a number");
                }
                yield Double.parseDouble(p.getText()); // the printed shortest repr: parses back to the same double
            }
            default -> throw new IOException("column " + c.name() + " of kind " + c.kind() + " cannot be indexed");
        };
    }

    /** Where hits {@code from} .. {@code to} (exclusive) are in the JSON: {@code to - from + 1} offsets. */
    long[] offsets(FileChannel ch, int from, int to) throws IOException {
        ByteBuffer b = read(ch, HEADER + 8L * from, 8 * (to - from + 1));
        long[] out = new long[to - from + 1];
        b.asLongBuffer().get(out);
        return out;
    }

    /** Every hit's ticker rank. */
    int[] tickerRanks(FileChannel ch) throws IOException {
        int[] out = new int[rows];
        readInts(ch, HEADER + 8L * (rows + 1), out);
        return out;
    }

    /** Every hit's value of column {@code c} (after ticker and date). */
    double[] column(FileChannel ch, int c) throws IOException {
        if (c < 2 || c >= columns) {
            throw new IllegalArgumentException("column " + c);
        }
        double[] out = new double[rows];
        long start = HEADER + 8L * (rows + 1) + 4L * rows + 8L * rows * (c - 2);
        int done = 0;
        while (done < rows) { // in slices: a column of millions is read without a buffer of its size
            int k = Math.min(rows - done, 1 << 16);
            read(ch, start + 8L * done, 8 * k).asDoubleBuffer().get(out, done, k);
            done += k;
        }
        return out;
    }

    /** The tickers A to Z: a rank's name. */
    String[] tickers(FileChannel ch) throws IOException {
        long start = HEADER + 8L * (rows + 1) + 4L * rows + 8L * rows * (columns - 2);
        ByteBuffer b = read(ch, start, (int) (ch.size() - start));
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b.array(), 0, b.limit()));
        String[] out = new String[in.readInt()];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.readUTF();
        }
        return out;
    }

    FileChannel channel() throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static void readInts(FileChannel ch, long start, int[] out) throws IOException {
        int done = 0;
        while (done < out.length) {
            int k = Math.min(out.length - done, 1 << 16);
            read(ch, start + 4L * done, 4 * k).asIntBuffer().get(out, done, k);
            done += k;
        }
    }

    /** {@code length} bytes from {@code position}, or an IOException if the file is shorter. */
    static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new IOException("results file shorter than its index says");
            }
        }
        return b.flip();
    }

    /** Growable primitive columns: no boxing while millions of hits are read. */
    private static final class LongColumn {
        long[] data = new long[1024];
        int size;

        void add(long v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size + (size >> 1));
            }
            data[size++] = v;
        }
    }

    private static final class IntColumn {
        int[] data = new int[1024];
        int size;

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size + (size >> 1));
            }
            data[size++] = v;
        }

        void set(int i, int v) {
            data[i] = v;
        }

        int get(int i) {
            return data[i];
        }
    }

    private static final class DoubleColumn {
        double[] data = new double[1024];
        int size;

        void add(double v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size + (size >> 1));
            }
            data[size++] = v;
        }

        void set(int i, double v) {
            data[i] = v;
        }
    }
}
