package io.lcscanner.core.engine;

/**
 * The selection loops of the gate and the patterns: each narrows a selection of bars — bars
 * [lo, lo+m) when {@code in} is null, else the bar indices {@code in[0..m)} — to those where a
 * condition holds, writing them to {@code out} in order (which may be {@code in}) and returning their
 * count. Branch-free: every bar is written, and the count advances only where the condition holds.
 */
final class Selections {
    private Selections() {
    }

    /** The bars of the selection not in {@code minus} (sorted, a subset of it). */
    static int difference(int[] in, int lo, int m, int[] minus, int nm, int[] out) {
        int j = 0, p = 0;
        for (int q = 0; q < m; q++) {
            int i = in == null ? lo + q : in[q];
            if (p < nm && minus[p] == i) {
                p++;
            } else {
                out[j++] = i;
            }
        }
        return j;
    }

    /** The merge of two sorted, disjoint bar lists. */
    static int union(int[] a, int na, int[] b, int nb, int[] out) {
        int i = 0, j = 0, k = 0;
        while (i < na && j < nb) {
            out[k++] = a[i] < b[j] ? a[i++] : b[j++];
        }
        while (i < na) {
            out[k++] = a[i++];
        }
        while (j < nb) {
            out[k++] = b[j++];
        }
        return k;
    }

    /** Where a program's result {@code v} (at {@code off}, one value per selected bar) is true. */
    static int nonZero(double[] v, int off, int[] in, int lo, int m, int[] out) {
        int j = 0;
        for (int q = 0; q < m; q++) {
            out[j] = in == null ? lo + q : in[q];
            j += v[off + q] != 0 ? 1 : 0;
        }
        return j;
    }

    /** Where the column {@code col} is true. */
    static int nonZeroAt(double[] col, int[] in, int lo, int m, int[] out) {
        int j = 0;
        for (int q = 0; q < m; q++) {
            int i = in == null ? lo + q : in[q];
            out[j] = i;
            j += col[i] != 0 ? 1 : 0;
        }
        return j;
    }

    /** Where {@code a op k} holds. */
    static int compareConst(Op op, double[] a, double k, int[] in, int lo, int m, int[] out) {
        int j = 0;
        switch (op) {
            case LT -> {
                for (int q = 0; q < m; q++) {
                    int i = in == null ? lo + q : in[q];
                    out[j] = i;
                    j += a[i] < k ? 1 : 0;
                }
            }
            case LE -> {
                for (int q = 0; q < m; q++) {
                    int i = in == null ? lo + q : in[q];
                    out[j] = i;
                    j += a[i] <= k ? 1 : 0;
                }
            }
            case GT -> {
                for (int q = 0; q < m; q++) {
                    int i = in == null ? lo + q : in[q];
                    out[j] = i;
                    j += a[i] > k ? 1 : 0;
                }
            }
            case GE -> {
                for (int q = 0; q < m; q++) {
                    int i = in == null ? lo + q : in[q];
                    out[j] = i;
                    j += a[i] >= k ? 1 : 0;
                }
            }
            case EQ -> {
                for (int q = 0; q < m; q++) {
                    int i = in == null ? lo + q : in[q];
                    out[j] = i;
                    j += a[i] == k ? 1 : 0;
                }
            }
            default -> {
                for (int q = 0; q < m; q++) {
                    int i = in == null ? lo + q : in[q];
                    out[j] = i;
                    j += Ops.ne(a[i], k) ? 1 : 0;
                }
            }
        }
        return j;
    }

    /** Where {@code a op b} holds. */
    static int compareColumns(Op op, double[] a, double[] b, int[] in, int lo, int m, int[] out) {
        int j = 0;
        switch (op) {
            case LT -> {
                for (int q = 0; q < m; q++) {
                    int i = in == null ? lo + q : in[q];
                    out[j] = i;
                    j += a[i] < b[i] ? 1 : 0;
                }
            }
            case LE -> {
                for (int q = 0; q < m; q++) {
                    int i = in == null ? lo + q : in[q];
                    out[j] = i;
                    j += a[i] <= b[i] ? 1 : 0;
                }
            }
            case GT -> {
                for (int q = 0; q < m; q++) {
                    int i = in == null ? lo + q : in[q];
                    out[j] = i;
                    j += a[i] > b[i] ? 1 : 0;
                }
            }
            case GE -> {
                for (int q = 0; q < m; q++) {
                    int i = in == null ? lo + q : in[q];
                    out[j] = i;
                    j += a[i] >= b[i] ? 1 : 0;
                }
            }
            case EQ -> {
                for (int q = 0; q < m; q++) {
                    int i = in == null ? lo + q : in[q];
                    out[j] = i;
                    j += a[i] == b[i] ? 1 : 0;
                }
            }
            default -> {
                for (int q = 0; q < m; q++) {
                    int i = in == null ? lo + q : in[q];
                    out[j] = i;
                    j += Ops.ne(a[i], b[i]) ? 1 : 0;
                }
            }
        }
        return j;
    }
}
