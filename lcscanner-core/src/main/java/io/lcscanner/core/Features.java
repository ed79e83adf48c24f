package io.lcscanner.core;

/**
 * The feature columns of one ticker series: {@code column(f)[i]} is feature {@code f} of bar {@code i}.
 * A missing value is {@code NaN}. Instances are reused across tickers by one worker thread, so the
 * arrays may be longer than {@link #size()}.
 */
final class Features {
    private final double[][] columns = new double[Feature.ALL.length][];
    private int size;

    Features(int capacity) {
        ensureCapacity(capacity);
    }

    void ensureCapacity(int n) {
        if (columns[0] == null || columns[0].length < n) {
            int cap = Math.max(n, 16);
            for (int f = 0; f < columns.length; f++) {
                columns[f] = new double[cap];
            }
        }
    }

    void size(int n) {
        ensureCapacity(n);
        this.size = n;
    }

    int size() {
        return size;
    }

    double[] column(Feature f) {
        return columns[f.ordinal()];
    }

    double get(Feature f, int i) {
        return columns[f.ordinal()][i];
    }
}
