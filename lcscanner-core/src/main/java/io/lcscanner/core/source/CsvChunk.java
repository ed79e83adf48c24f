package io.lcscanner.core.source;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The rows of one run of whole lines of a bars CSV, parsed straight from the bytes.
 *
 * <p>A line without quotes, holding what its columns should, takes the fast path: one pass over its bytes, numbers
 * by {@link DecimalParser}, the ticker interned by its bytes, no object made. Any other line (a quote, a number the
 * fast path does not take, a missing field, a failed check) is parsed again as RFC 4180 into strings and checked one
 * field at a time, in the order of the columns' definition: that path names the first problem exactly, so the
 * messages are the same whichever path met the line first.
 *
 * <p>Lines are counted from the chunk's first line (0); {@link CsvReader} adds where the chunk starts in the file.
 * A chunk is cut at a line break that may lie inside a quoted field: then its last record is left open
 * ({@link CsvPiece.Open}) and the next chunk's speculative parse is redone from there. A {@code CsvChunk} is a parser
 * thread's scratch, reused for chunk after chunk; what a parse returns ({@link CsvPiece}) shares nothing with it.
 */
final class CsvChunk {
    private static final int NOT_THIS_WAY = -1;
    /** Rows per ticker from which a chunk gives each ticker right-sized columns rather than a range of a shared block. */
    private static final int OWN_COLUMNS_FROM = 32;

    private final CsvHeader header;
    private final int stride;
    private final AtomicBoolean cancelled;

    /*
     * Scratch, reused from chunk to chunk (a parser keeps one CsvChunk per thread): the rows parsed so far, ticker
     * (a local id), epoch day, line, and the values, column k at values[k × capacity + row]. What a parse returns is
     * copied out of it into right-sized arrays.
     */
    private int rows;
    private int capacity;
    private int[] tickers;
    private int[] days;
    private int[] lines;
    private double[] values;
    private final LocalTickers localTickers = new LocalTickers();

    /* The parse under way: its first problem, the rows left out for their date. */
    private String error;
    private int errorLine;
    private int skipped, firstSkippedLine, firstSkippedDay;
    /** The year of the last row's date, to look a day up in. */
    private SessionDays year = SessionDays.of(0);
    /** The last fast-path field results. */
    private int day, ticker;
    /** The slow path's record. */
    private final Splitter splitter = new Splitter();

    CsvChunk(CsvHeader header, int expectedRows, AtomicBoolean cancelled) {
        this.header = header;
        this.stride = header.stride;
        this.cancelled = cancelled;
        capacity = Math.max(16, expectedRows);
        tickers = new int[capacity];
        days = new int[capacity];
        lines = new int[capacity];
        values = new double[stride * capacity];
    }

    /**
     * Parses the whole lines in {@code text[from, to)} (the last may lack its line break at the end of the file) and
     * returns them grouped by ticker; the scratch is free for the next chunk when it returns.
     */
    CsvPiece parse(byte[] text, int from, int to) {
        rows = 0;
        error = null;
        skipped = 0;
        localTickers.clear();
        CsvPiece.Open open = null;
        int p = from;
        int line = 0;
        while (p < to) {
            if ((line & 1023) == 0 && cancelled.get()) {
                return new CsvPiece(new String[0], new CsvPiece.Segment[0], 0, line, null,
                        new CsvPiece.Problem(line, "cancelled"), null);
            }
            byte first = text[p];
            if (first == '\n') { // an empty line, skipped as commons-csv does
                p++;
                line++;
                continue;
            }
            if (first == '\r' && (p + 1 == to || text[p + 1] == '\n')) {
                p += 2;
                line++;
                continue;
            }
            if (rows == capacity) {
                grow();
            }
            int next = fastLine(text, p, to, line);
            if (next >= 0) {
                p = next;
                line++;
                continue;
            }
            if (!splitter.split(text, p, to)) {
                if (splitter.badCharacterAt >= 0) {
                    fail(line + splitter.newlines, "unexpected character '" + (char) (text[splitter.badCharacterAt] & 0xFF)
                            + "' after the closing quote in column " + columnName(splitter.fields.size()));
                } else { // a quoted field runs past the chunk's end
                    open = new CsvPiece.Open(p, line, splitter.fields.size());
                }
                break;
            }
            addRecord(splitter.fields, line);
            if (error != null) {
                break;
            }
            p = splitter.end;
            line += splitter.newlines;
        }
        if (error != null) {
            return new CsvPiece(new String[0], new CsvPiece.Segment[0], 0, line, null,
                    new CsvPiece.Problem(errorLine, error), null);
        }
        return new CsvPiece(localTickers.names(), group(), rows, line, open, null,
                skipped == 0 ? null : new CsvPiece.Skipped(skipped, firstSkippedLine, firstSkippedDay));
    }

    /** Rows parsed by the last {@link #parse}, for sizing. */
    int rows() {
        return rows;
    }

    // ---------------------------------------------------------------- the fast path

    /** Parses the line at p into row {@link #rows}; the position after its line break, or −1 to take the slow path. */
    private int fastLine(byte[] b, int p, int to, int line) {
        byte[] roles = header.roles;
        int fieldCount = header.fields;
        int row = rows;
        for (int f = 0; ; f++) {
            byte role = f < fieldCount ? roles[f] : CsvHeader.IGNORED;
            int end;
            if (role >= CsvHeader.VALUE) {
                end = number(b, p, to, (role - CsvHeader.VALUE) * capacity + row);
            } else if (role == CsvHeader.DATE) {
                end = date(b, p, to);
            } else if (role == CsvHeader.TICKER) {
                end = ticker(b, p, to);
            } else {
                end = fieldEnd(b, p, to);
            }
            if (end < 0) {
                return NOT_THIS_WAY;
            }
            if (end == to || b[end] == '\n') {
                if (f + 1 < fieldCount || !valid(row)) {
                    return NOT_THIS_WAY;
                }
                if (!isSession(day)) {
                    skip(line, day);
                    return end == to ? to : end + 1;
                }
                rows++;
                tickers[row] = ticker;
                days[row] = day;
                lines[row] = line;
                return end == to ? to : end + 1;
            }
            p = end + 1;
        }
    }

    /** Whether the row passes the checks {@link #addRecord} makes (which names the first that fails). */
    private boolean valid(int row) {
        double[] v = values;
        int c = capacity;
        return v[row] > 0 && v[c + row] > 0 && v[2 * c + row] > 0 && v[3 * c + row] > 0
                && v[c + row] >= v[2 * c + row] && v[4 * c + row] >= 0
                && (stride == 5 || v[5 * c + row] > 0 && v[6 * c + row] > 0 && v[7 * c + row] > 0 && v[8 * c + row] > 0
                        && v[6 * c + row] >= v[7 * c + row] && v[9 * c + row] >= 0);
    }

    private boolean isSession(int epochDay) {
        if (epochDay < year.first || epochDay > year.last) {
            year = SessionDays.of(epochDay);
        }
        return year.isSession(epochDay);
    }

    /** Leaves out a row dated on a day without a session (a weekend, a holiday), counting it. */
    private void skip(int line, int epochDay) {
        if (skipped++ == 0) {
            firstSkippedLine = line;
            firstSkippedDay = epochDay;
        }
    }

    /** Where the field at p ends (its ',' or '\n', or to); −1 at a quote. */
    private static int fieldEnd(byte[] b, int p, int to) {
        for (int i = p; i < to; i++) {
            byte c = b[i];
            if (c == ',' || c == '\n') {
                return i;
            }
            if (c == '"') {
                return NOT_THIS_WAY;
            }
        }
        return to;
    }

    /** Parses the plain decimal at p into values[slot]; the field's end, or −1. */
    private int number(byte[] b, int p, int to, int slot) {
        int i = p;
        boolean negative = false;
        if (i < to && b[i] == '-') {
            negative = true;
            i++;
        }
        long mantissa = 0;
        int start = i;
        int d;
        while (i < to && (d = b[i] - '0') >= 0 && d <= 9) {
            mantissa = mantissa * 10 + d;
            i++;
        }
        int digits = i - start;
        int fraction = 0;
        if (i < to && b[i] == '.') {
            int point = ++i;
            while (i < to && (d = b[i] - '0') >= 0 && d <= 9) {
                mantissa = mantissa * 10 + d;
                i++;
            }
            fraction = i - point;
            digits += fraction;
        }
        int end = i;
        if (i < to && b[i] != ',' && b[i] != '\n') {
            if (b[i] == '\r' && i + 1 < to && b[i + 1] == '\n') {
                end = i + 1;
            } else {
                return anyNumber(b, p, to, slot);
            }
        }
        if (digits == 0 || digits > 19) {
            return anyNumber(b, p, to, slot);
        }
        double x = DecimalParser.fromDecimal(mantissa, -fraction);
        if (x != x) {
            return anyNumber(b, p, to, slot);
        }
        values[slot] = negative ? -x : x;
        return end;
    }

    /** Any number Double.parseDouble takes (spaces, exponents, …), finite; else −1. */
    private int anyNumber(byte[] b, int p, int to, int slot) {
        int end = fieldEnd(b, p, to);
        if (end < 0) {
            return NOT_THIS_WAY;
        }
        int s = trimStart(b, p, end), e = trimEnd(b, s, end);
        try {
            double x = DecimalParser.parse(b, s, e);
            if (!Double.isFinite(x)) {
                return NOT_THIS_WAY;
            }
            values[slot] = x;
            return end;
        } catch (NumberFormatException e1) {
            return NOT_THIS_WAY;
        }
    }

    /** Parses YYYY-MM-DD at p into {@link #day}; the field's end, or −1. */
    private int date(byte[] b, int p, int to) {
        int end = p + 10;
        if (end <= to && b[p + 4] == '-' && b[p + 7] == '-') {
            int y = digits(b, p, 4), m = digits(b, p + 5, 2), d = digits(b, p + 8, 2);
            if (y >= 0 && m >= 1 && m <= 12 && d >= 1 && d <= lengthOfMonth(y, m)) {
                if (end == to || b[end] == ',' || b[end] == '\n') {
                    day = epochDay(y, m, d);
                    return end;
                }
                if (b[end] == '\r' && end + 1 < to && b[end + 1] == '\n') {
                    day = epochDay(y, m, d);
                    return end + 1;
                }
            }
        }
        end = fieldEnd(b, p, to);
        if (end < 0) {
            return NOT_THIS_WAY;
        }
        int s = trimStart(b, p, end);
        try {
            day = CsvBarSource.epochDay(new String(b, s, trimEnd(b, s, end) - s, StandardCharsets.UTF_8));
            return end;
        } catch (DateTimeException e) {
            return NOT_THIS_WAY;
        }
    }

    /** The n-digit decimal at p, or −1. */
    private static int digits(byte[] b, int p, int n) {
        int v = 0;
        for (int i = p; i < p + n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    static int lengthOfMonth(int y, int m) {
        if (m == 2) {
            return (y & 3) == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 : 28;
        }
        return m == 4 || m == 6 || m == 9 || m == 11 ? 30 : 31;
    }

    /** {@code LocalDate.of(y, m, d).toEpochDay()} for a valid date (Hinnant's days_from_civil). */
    static int epochDay(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        int era = (y >= 0 ? y : y - 399) / 400;
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097 + dayOfEra - 719_468;
    }

    /** Interns the trimmed ticker at p into {@link #ticker}; the field's end, or −1 (empty, quoted). */
    private int ticker(byte[] b, int p, int to) {
        int i = p;
        int hash = 0;
        for (; i < to; i++) {
            byte c = b[i];
            if (c == ',' || c == '\n') {
                break;
            }
            if (c == '"') {
                return NOT_THIS_WAY;
            }
            hash = 31 * hash + c;
        }
        int s = trimStart(b, p, i), e = trimEnd(b, s, i);
        if (s == e) {
            return NOT_THIS_WAY;
        }
        if (s != p || e != i) {
            hash = LocalTickers.hash(b, s, e);
        }
        ticker = localTickers.intern(b, s, e, hash);
        return i;
    }

    private static int trimStart(byte[] b, int s, int e) {
        while (s < e && (b[s] & 0xFF) <= ' ') {
            s++;
        }
        return s;
    }

    private static int trimEnd(byte[] b, int s, int e) {
        while (e > s && (b[e - 1] & 0xFF) <= ' ') {
            e--;
        }
        return e;
    }

    // ---------------------------------------------------------------- the slow path

    String columnName(int field) {
        return field < header.fields && !header.names[field].isEmpty() ? header.names[field] : "#" + (field + 1);
    }

    /** Checks the split record as the columns define it and adds it as a row, or sets {@link #error}. */
    private void addRecord(List<String> fields, int line) {
        if (fields.size() < header.fields) {
            fail(line, "expected " + header.fields + " fields, found " + fields.size() + ": no value for column "
                    + columnName(fields.size()));
            return;
        }
        String tickerText = fields.get(header.tickerField);
        if (tickerText.isEmpty()) {
            fail(line, "empty ticker in column ticker");
            return;
        }
        String date = fields.get(header.dateField);
        int epochDay;
        try {
            epochDay = CsvBarSource.epochDay(date);
        } catch (DateTimeException e) {
            fail(line, "unparsable date \"" + date + "\" in column date (expected YYYY-MM-DD)");
            return;
        }
        int row = rows;
        double[] v = values;
        int c = capacity;
        for (int k = 0; k < stride; k++) {
            String text = fields.get(header.valueFields[k]);
            double x;
            try {
                x = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                fail(line, "unparsable number \"" + text + "\" in column " + CsvHeader.valueName(k));
                return;
            }
            if (!Double.isFinite(x)) {
                fail(line, "non-finite number \"" + text + "\" in column " + CsvHeader.valueName(k));
                return;
            }
            v[k * c + row] = x;
        }
        for (int k = 0; k < stride; k++) {
            if (k % 5 != 4 && !(v[k * c + row] > 0)) {
                fail(line, "price " + v[k * c + row] + " in column " + CsvHeader.valueName(k) + " is not positive");
                return;
            }
        }
        if (!(v[c + row] >= v[2 * c + row])) {
            fail(line, "high < low (" + v[c + row] + " < " + v[2 * c + row] + ") in columns high, low");
        } else if (!(v[4 * c + row] >= 0)) {
            fail(line, "negative volume " + v[4 * c + row] + " in column volume");
        } else if (stride == 10 && !(v[6 * c + row] >= v[7 * c + row])) {
            fail(line, "high_ua < low_ua (" + v[6 * c + row] + " < " + v[7 * c + row] + ") in columns high_ua, low_ua");
        } else if (stride == 10 && !(v[9 * c + row] >= 0)) {
            fail(line, "negative volume_ua " + v[9 * c + row] + " in column volume_ua");
        } else if (!isSession(epochDay)) {
            skip(line, epochDay);
        } else {
            byte[] name = tickerText.getBytes(StandardCharsets.UTF_8);
            rows++;
            tickers[row] = localTickers.intern(name, 0, name.length, LocalTickers.hash(name, 0, name.length));
            days[row] = epochDay;
            lines[row] = line;
        }
    }

    private void fail(int line, String problem) {
        error = problem;
        errorLine = line;
    }

    private void grow() {
        long wanted = capacity + (long) capacity / 2 + 16;
        if (wanted * stride > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("a chunk of more rows than an array holds");
        }
        int bigger = (int) wanted;
        tickers = Arrays.copyOf(tickers, bigger);
        days = Arrays.copyOf(days, bigger);
        lines = Arrays.copyOf(lines, bigger);
        double[] moved = new double[stride * bigger];
        for (int k = 0; k < stride; k++) {
            System.arraycopy(values, k * capacity, moved, k * bigger, rows);
        }
        values = moved;
        capacity = bigger;
    }

    /**
     * Copies the rows out of the scratch grouped by ticker (a stable counting sort: file order within a ticker), each
     * ticker into right-sized columns of its own when tickers have many rows each (a file sorted by ticker), else into
     * one block shared by the chunk's short segments. Runs on the parser thread, while the rows are in its cache.
     */
    private CsvPiece.Segment[] group() {
        int n = rows;
        int count = localTickers.count;
        int[] start = new int[count + 1];
        boolean together = true;
        int previous = 0;
        for (int r = 0; r < n; r++) {
            int t = tickers[r];
            start[t + 1]++;
            together &= t >= previous; // ids are given in order of first appearance
            previous = t;
        }
        int kept = 0;
        for (int t = 0; t < count; t++) {
            kept += start[t + 1] > 0 ? 1 : 0;
            start[t + 1] += start[t];
        }
        int[] order = null;
        if (!together) {
            int[] next = Arrays.copyOf(start, count);
            order = new int[n];
            for (int r = 0; r < n; r++) {
                order[next[tickers[r]]++] = r;
            }
        }
        int[] groupedLines = gather(lines, order, 0, n);
        CsvPiece.Segment[] out = new CsvPiece.Segment[count];
        boolean own = kept > 0 && n / kept >= OWN_COLUMNS_FROM;
        int[] groupedDays = own ? null : gather(days, order, 0, n);
        double[] block = own ? null : new double[stride * n];
        for (int t = 0; t < count; t++) {
            int from = start[t], to = start[t + 1], len = to - from;
            if (len == 0) { // a ticker whose only rows were left out, or interned again from its text by the slow path
                continue;
            }
            boolean sorted = true;
            for (int i = from + 1; i < to; i++) {
                sorted &= days[row(order, i)] > days[row(order, i - 1)];
            }
            boolean ownAsTraded = stride == 10 && !sameAsTraded(order, from, to);
            if (own) {
                double[][] columns = new double[ownAsTraded ? 10 : 5][];
                for (int k = 0; k < columns.length; k++) {
                    columns[k] = gather(values, order, k * capacity, from, to);
                }
                out[t] = new CsvPiece.Segment(len, gather(days, order, from, to), 0, groupedLines, from, columns, null,
                        0, sorted, ownAsTraded);
            } else {
                for (int k = 0; k < stride; k++) {
                    for (int i = from; i < to; i++) {
                        block[k * n + i] = values[k * capacity + row(order, i)];
                    }
                }
                out[t] = new CsvPiece.Segment(len, groupedDays, from, groupedLines, from, null, block, n, sorted,
                        ownAsTraded);
            }
        }
        return out;
    }

    /** The scratch row of grouped row i. */
    private static int row(int[] order, int i) {
        return order == null ? i : order[i];
    }

    private boolean sameAsTraded(int[] order, int from, int to) {
        double[] v = values;
        for (int k = 0; k < 5; k++) {
            int adjusted = k * capacity, asTraded = (k + 5) * capacity;
            for (int i = from; i < to; i++) {
                int r = row(order, i);
                if (Double.doubleToRawLongBits(v[adjusted + r]) != Double.doubleToRawLongBits(v[asTraded + r])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Grouped rows [from, to) of the scratch array {@code a} (offset {@code base}) as a new right-sized array. */
    private static double[] gather(double[] a, int[] order, int base, int from, int to) {
        if (order == null) {
            return Arrays.copyOfRange(a, base + from, base + to);
        }
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = a[base + order[i]];
        }
        return out;
    }

    private static int[] gather(int[] a, int[] order, int from, int to) {
        if (order == null) {
            return Arrays.copyOfRange(a, from, to);
        }
        int[] out = new int[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = a[order[i]];
        }
        return out;
    }

    /**
     * Splits one record into {@link #fields} as RFC 4180 reads it: a field starting with a quote runs to the
     * matching quote, "" inside it is one quote, and line breaks inside it belong to it; fields are trimmed as
     * commons-csv's {@code setTrim} does.
     */
    static final class Splitter {
        final List<String> fields = new ArrayList<>();
        /** After a split: where the record ends (after its line break) and the line breaks it spans. */
        int end, newlines;
        /** After a failed split: a character between a closing quote and the next delimiter, or −1. */
        int badCharacterAt;
        private byte[] fieldBytes = new byte[64];

        /** Splits the record at p; false when a quoted field is still open at {@code to} or is followed by junk. */
        boolean split(byte[] b, int p, int to) {
            fields.clear();
            badCharacterAt = -1;
            newlines = 0;
            int i = p;
            while (true) {
                String field;
                if (i < to && b[i] == '"') {
                    int n = 0;
                    i++;
                    while (true) {
                        if (i >= to) {
                            return false;
                        }
                        byte c = b[i++];
                        if (c == '"') {
                            if (i < to && b[i] == '"') {
                                i++;
                            } else {
                                break;
                            }
                        } else if (c == '\n') {
                            newlines++;
                        }
                        if (n == fieldBytes.length) {
                            fieldBytes = Arrays.copyOf(fieldBytes, 2 * n);
                        }
                        fieldBytes[n++] = c;
                    }
                    for (; i < to && b[i] != ',' && b[i] != '\n'; i++) {
                        if ((b[i] & 0xFF) > ' ') {
                            badCharacterAt = i;
                            return false;
                        }
                    }
                    field = new String(fieldBytes, 0, n, StandardCharsets.UTF_8).trim();
                } else {
                    int s = i;
                    while (i < to && b[i] != ',' && b[i] != '\n') {
                        i++;
                    }
                    field = new String(b, s, i - s, StandardCharsets.UTF_8).trim();
                }
                fields.add(field);
                if (i >= to || b[i] == '\n') {
                    end = i >= to ? to : i + 1;
                    newlines++;
                    return true;
                }
                i++;
            }
        }
    }

    /** Tickers by their bytes: an open-addressing table over one byte pool, no object per row. */
    private static final class LocalTickers {
        private byte[] pool = new byte[1024];
        private int poolSize;
        private int[] start = new int[64], length = new int[64], hashes = new int[64];
        private int count;
        private int[] slots = new int[256]; // id + 1, 0 = free

        static int hash(byte[] b, int s, int e) {
            int h = 0;
            for (int i = s; i < e; i++) {
                h = 31 * h + b[i];
            }
            return h;
        }

        int intern(byte[] b, int s, int e, int hash) {
            int len = e - s;
            int mask = slots.length - 1;
            for (int i = mix(hash) & mask; ; i = (i + 1) & mask) {
                int slot = slots[i];
                if (slot == 0) {
                    slots[i] = add(b, s, len, hash) + 1;
                    if (2 * count > slots.length) {
                        rehash();
                    }
                    return count - 1;
                }
                int id = slot - 1;
                if (hashes[id] == hash && length[id] == len
                        && Arrays.equals(pool, start[id], start[id] + len, b, s, e)) {
                    return id;
                }
            }
        }

        private static int mix(int h) {
            return h ^ (h >>> 16) ^ (h >>> 7);
        }

        private int add(byte[] b, int s, int len, int hash) {
            if (count == start.length) {
                start = Arrays.copyOf(start, 2 * count);
                length = Arrays.copyOf(length, 2 * count);
                hashes = Arrays.copyOf(hashes, 2 * count);
            }
            if (poolSize + len > pool.length) {
                pool = Arrays.copyOf(pool, Math.max(2 * pool.length, poolSize + len));
            }
            System.arraycopy(b, s, pool, poolSize, len);
            start[count] = poolSize;
            length[count] = len;
            hashes[count] = hash;
            poolSize += len;
            return count++;
        }

        private void rehash() {
            slots = new int[2 * slots.length];
            int mask = slots.length - 1;
            for (int id = 0; id < count; id++) {
                int i = mix(hashes[id]) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = id + 1;
            }
        }

        /** Forgets every ticker, keeping the tables' capacity. */
        void clear() {
            Arrays.fill(slots, 0);
            count = 0;
            poolSize = 0;
        }

        String[] names() {
            String[] out = new String[count];
            for (int id = 0; id < count; id++) {
                out[id] = new String(pool, start[id], length[id], StandardCharsets.UTF_8);
            }
            return out;
        }
    }
}
