package io.lcscanner.core.engine;

/**
 * The feature columns of one ticker series: {@code column(f)[i]} is feature {@code f} of bar {@code i}.
 * A missing value is {@code NaN}. Instances are reused across tickers by one worker thread, so the
 * arrays may be longer than {@link #size()}.
 */
public final class Features {
    private final double[][] columns = new double[Feature.ALL.length][];
    private int size;

    public Features(int capacity) {
        ensureCapacity(capacity);
    }

    public void ensureCapacity(int n) {
        if (columns[0] == null || columns[0].length < n) {
            int cap = Math.max(n, 16);
            for (int f = 0; f < columns.length; f++) {
                columns[f] = new double[cap];
            }
        }
    }

    public void size(int n) {
        ensureCapacity(n);
        this.size = n;
    }

    public int size() {
        return size;
    }

    public double[] column(Feature f) {
        return columns[f.ordinal()];
    }

    public double get(Feature f, int i) {
        return columns[f.ordinal()][i];
    }
}
