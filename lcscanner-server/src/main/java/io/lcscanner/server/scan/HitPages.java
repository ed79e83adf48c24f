package io.lcscanner.server.scan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcscanner.server.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pages of a stored scan's hits from its JSON and {@link ResultsIndex}: filters and sorts run over primitive
 * columns, and only the page's hits are parsed. The order a query gives (a row number per passing hit) is kept
 * in a small cache, so paging through a sorted result sorts once.
 */
final class HitPages {
    /** Reads one value of the stored results as the mapper would, mid-file: what follows is the rest, not trailing garbage. */
    private static final ObjectReader VALUE = Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Orders kept: each costs 4 bytes per passing hit (4 MB for a million). */
    private static final int CACHED_ORDERS = 8;

    /* Guarded by itself; the orders are computed outside it. */
    private final Map<String, int[]> orders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, int[]> eldest) {
            return size() > CACHED_ORDERS;
        }
    };

    ScanStore.ResultPage read(String id, Path json, Path indexFile, List<ScanRecord.Column> columns,
                              ScanStore.ResultQuery q) throws IOException {
        ResultsIndex index = ResultsIndex.open(indexFile);
        if (index.columns != columns.size()) {
            throw new IOException("the results index does not match the scan's columns");
        }
        try (FileChannel ix = index.channel(); FileChannel data = FileChannel.open(json, StandardOpenOption.READ)) {
            int[] order = null;
            long total = index.rows;
            if (q.sortBy() != null || !q.filters().isEmpty()) {
                order = order(id, index, ix, columns, q);
                total = order.length;
            }
            int from = (int) Math.min(q.offset(), total);
            int to = (int) Math.min(total, from + (long) q.limit());
            List<JsonNode> rows = new ArrayList<>(to - from);
            if (order == null) { // the stored order: one read for the whole page
                long[] at = index.offsets(ix, from, to);
                ByteBuffer bytes = ResultsIndex.read(data, at[0], (int) (at[to - from] - at[0]));
                for (int i = 0; i < to - from; i++) {
                    rows.add(parse(bytes.array(), (int) (at[i] - at[0]), (int) (at[i + 1] - at[i])));
                }
            } else {
                for (int i = from; i < to; i++) {
                    long[] at = index.offsets(ix, order[i], order[i] + 1);
                    ByteBuffer bytes = ResultsIndex.read(data, at[0], (int) (at[1] - at[0]));
                    rows.add(parse(bytes.array(), 0, bytes.limit()));
                }
            }
            return new ScanStore.ResultPage(total, rows);
        }
    }

    /** Drops the cached orders of a deleted scan. */
    void forget(String id) {
        synchronized (orders) {
            for (Iterator<String> it = orders.keySet().iterator(); it.hasNext(); ) {
                if (it.next().startsWith(id + '\n')) {
                    it.remove();
                }
            }
        }
    }

    private int[] order(String id, ResultsIndex index, FileChannel ix, List<ScanRecord.Column> columns,
                        ScanStore.ResultQuery q) throws IOException {
        StringBuilder key = new StringBuilder(id).append('\n')
                .append(q.sortBy() == null ? "" : q.sortBy().name()).append(q.descending() ? " desc" : " asc");
        q.filters().forEach(f -> key.append('\n').append(f.column().name()).append('=').append(f.value()));
        synchronized (orders) {
            int[] cached = orders.get(key.toString());
            if (cached != null) {
                return cached;
            }
        }
        int[] order = select(index, ix, columns, q);
        synchronized (orders) {
            orders.put(key.toString(), order);
        }
        return order;
    }

    /** The row numbers of the hits that pass the filters, in the query's order. */
    static int[] select(ResultsIndex index, FileChannel ix, List<ScanRecord.Column> columns, ScanStore.ResultQuery q)
            throws IOException {
        int n = index.rows;
        String[] tickers = null;
        int[] rows = new int[n];
        int kept = n;
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        for (ScanStore.Filter f : q.filters()) {
            int c = position(columns, f.column().name());
            double want;
            double[] values;
            if (c == 0) {
                if (tickers == null) {
                    tickers = index.tickers(ix);
                }
                want = Arrays.binarySearch(tickers, f.value());
                values = asDoubles(index.tickerRanks(ix));
            } else {
                ScanRecord.Column col = columns.get(c);
                want = col.kind().equals("text") ? col.labels().indexOf(f.value())
                        : f.value().equals("1") ? 1 : f.value().equals("0") ? 0 : -1;
                values = index.column(ix, c);
            }
            int k = 0;
            for (int i = 0; i < kept; i++) {
                if (values[rows[i]] == want) { // a missing value (NaN) never equals
                    rows[k++] = rows[i];
                }
            }
            kept = k;
        }
        rows = Arrays.copyOf(rows, kept);
        if (q.sortBy() != null) {
            int c = position(columns, q.sortBy().name());
            double[] key;
            if (c == 0) {
                key = asDoubles(index.tickerRanks(ix)); // ranks A to Z
            } else {
                key = index.column(ix, c);
                ScanRecord.Column col = columns.get(c);
                if (col.kind().equals("text")) { // label index → rank of the label's text, A to Z
                    List<String> labels = col.labels();
                    Integer[] byText = new Integer[labels.size()];
                    for (int i = 0; i < byText.length; i++) {
                        byText[i] = i;
                    }
                    Arrays.sort(byText, (a, b) -> labels.get(a).compareTo(labels.get(b)));
                    double[] rank = new double[labels.size()];
                    for (int i = 0; i < byText.length; i++) {
                        rank[byText[i]] = i;
                    }
                    for (int i = 0; i < n; i++) {
                        if (!Double.isNaN(key[i])) {
                            key[i] = rank[(int) key[i]];
                        }
                    }
                }
            }
            sort(rows, key, q.descending());
        }
        return rows;
    }

    private static int position(List<ScanRecord.Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column " + name);
    }

    private static double[] asDoubles(int[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /**
     * Sorts row numbers by their key, stably (ties keep the stored order): ascending or descending, a missing key
     * (NaN) last either way; {@code -0.0} and {@code 0.0} are equal, as the numbers they print are.
     */
    static void sort(int[] rows, double[] key, boolean descending) {
        int[] from = rows;
        int[] to = new int[rows.length];
        for (int width = 1; width < rows.length; width *= 2) { // bottom-up merge sort: stable, no boxing
            for (int lo = 0; lo < rows.length; lo += 2 * width) {
                int mid = Math.min(lo + width, rows.length);
                int hi = Math.min(lo + 2 * width, rows.length);
                int a = lo, b = mid, k = lo;
                while (a < mid && b < hi) {
                    to[k++] = before(key[from[b]], key[from[a]], descending) ? from[b++] : from[a++];
                }
                while (a < mid) {
                    to[k++] = from[a++];
                }
                while (b < hi) {
                    to[k++] = from[b++];
                }
            }
            int[] t = from;
            from = to;
            to = t;
        }
        if (from != rows) {
            System.arraycopy(from, 0, rows, 0, rows.length);
        }
    }

    /** Whether {@code x} goes strictly before {@code y}. */
    private static boolean before(double x, double y, boolean descending) {
        if (Double.isNaN(x)) {
            return false;
        }
        if (Double.isNaN(y)) {
            return true;
        }
        return descending ? x > y : x < y;
    }

    /**
     * One hit's object from its bytes in the JSON, numbers kept exactly as written, and {@code -0.0} too: the mapper
     * reads decimals as BigDecimal, which has no negative zero, and the reference prints one where rounding makes it
     * (a gap of −0.004 is {@code -0.0}), so that value is read as a double.
     */
    static ObjectNode parse(byte[] bytes, int offset, int length) throws IOException {
        JsonNodeFactory nodes = Json.MAPPER.getNodeFactory();
        try (JsonParser p = Json.MAPPER.createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("results file damaged: a hit is not an object");
            }
            ObjectNode row = nodes.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                boolean negativeZero = p.nextToken() == JsonToken.VALUE_NUMBER_FLOAT && p.getText().equals("-0.0");
                row.set(name, negativeZero ? nodes.numberNode(-0.0) : VALUE.readTree(p));
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new IOException("results file damaged: a hit is cut short");
            }
            return row;
        }
    }
}
