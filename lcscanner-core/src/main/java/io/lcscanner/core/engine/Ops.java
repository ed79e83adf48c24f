package io.lcscanner.core.engine;

/**
 * The operations over columns: each a loop over {@code len} values of {@code double[]} operands at
 * given offsets, the operation chosen once per call, never per value. Booleans are 1.0/0.0; missing is
 * NaN; an overflow to ±infinity is missing too. Every expression is written in the spec's order (Java's double arithmetic is strict IEEE 754:
 * no fused multiply-add, no reassociation), so results are reproducible bit for bit.
 */
final class Ops {
    private static final double NaN = Double.NaN;

    private Ops() {
    }

    static double bool(boolean b) {
        return b ? 1.0 : 0.0;
    }

    /** r, or missing if it overflowed to ±infinity (spec §3: non-finite results are missing). */
    static double finite(double r) {
        return Numbers.finite(r);
    }

    /** x / y, missing when infinite (spec: x/0 is missing). */
    static double div(double x, double y) {
        return Numbers.div(x, y);
    }

    /** Every comparison with a missing value is false — {@code !=} too, unlike IEEE's. */
    static boolean ne(double a, double b) {
        return a < b || a > b;
    }

    static double maxIgnoringMissing(double a, double b) {
        return a != a ? b : b != b ? a : Math.max(a, b);
    }

    static double minIgnoringMissing(double a, double b) {
        return a != a ? b : b != b ? a : Math.min(a, b);
    }

    static void unary(Op op, double[] a, double[] o, int off, int len) {
        int end = off + len;
        switch (op) {
            case NEG -> {
                for (int k = off; k < end; k++) o[k] = -a[k];
            }
            case ABS -> {
                for (int k = off; k < end; k++) o[k] = Math.abs(a[k]);
            }
            case NOT -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] == 0);
            }
            case ROUND -> {
                for (int k = off; k < end; k++) o[k] = finite(Numbers.round2(a[k]));
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    /**
     * o = a op b over [off, off + len). One offset for operands and result: with an offset each, C2 cannot tell
     * the arrays' ranges apart and leaves the loops scalar (several times slower).
     */
    static void binary(Op op, double[] a, double[] b, double[] o, int off, int len) {
        int end = off + len;
        switch (op) {
            case ADD -> {
                for (int k = off; k < end; k++) o[k] = finite(a[k] + b[k]);
            }
            case SUB -> {
                for (int k = off; k < end; k++) o[k] = finite(a[k] - b[k]);
            }
            case MUL -> {
                for (int k = off; k < end; k++) o[k] = finite(a[k] * b[k]);
            }
            case DIV -> {
                for (int k = off; k < end; k++) o[k] = div(a[k], b[k]);
            }
            case LT -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] < b[k]);
            }
            case LE -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] <= b[k]);
            }
            case GT -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] > b[k]);
            }
            case GE -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] >= b[k]);
            }
            case EQ -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] == b[k]);
            }
            case NE -> {
                for (int k = off; k < end; k++) o[k] = bool(ne(a[k], b[k]));
            }
            case AND -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] != 0 & b[k] != 0);
            }
            case OR -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] != 0 | b[k] != 0);
            }
            case MAX, MIN -> extremeIgnoringMissing(op == Op.MAX, a, b, o, off, end);
            default -> throw new IllegalStateException(op.name());
        }
    }

    /**
     * o = max (or min) of a and b ignoring a missing one, over [from, to): between missing values it is Math's own,
     * whose loop is vectorized and branch-free, where the general one branches on which is larger (on about every
     * other bar of a true range's terms).
     */
    private static void extremeIgnoringMissing(boolean max, double[] a, double[] b, double[] o, int from, int to) {
        int k = from;
        while (k < to) {
            int stop = k;
            while (stop < to && a[stop] == a[stop] && b[stop] == b[stop]) {
                stop++;
            }
            if (max) {
                for (int i = k; i < stop; i++) o[i] = Math.max(a[i], b[i]);
            } else {
                for (int i = k; i < stop; i++) o[i] = Math.min(a[i], b[i]);
            }
            if (stop < to) {
                o[stop] = max ? maxIgnoringMissing(a[stop], b[stop]) : minIgnoringMissing(a[stop], b[stop]);
                stop++;
            }
            k = stop;
        }
    }

    /** o = a op k over [off, off + len). */
    static void binaryConst(Op op, double[] a, double c, double[] o, int off, int len) {
        int end = off + len;
        switch (op) {
            case ADD -> {
                for (int k = off; k < end; k++) o[k] = finite(a[k] + c);
            }
            case SUB -> {
                for (int k = off; k < end; k++) o[k] = finite(a[k] - c);
            }
            case MUL -> {
                for (int k = off; k < end; k++) o[k] = finite(a[k] * c);
            }
            case DIV -> {
                for (int k = off; k < end; k++) o[k] = div(a[k], c);
            }
            case LT -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] < c);
            }
            case LE -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] <= c);
            }
            case GT -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] > c);
            }
            case GE -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] >= c);
            }
            case EQ -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] == c);
            }
            case NE -> {
                for (int k = off; k < end; k++) o[k] = bool(ne(a[k], c));
            }
            case AND -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] != 0 & c != 0);
            }
            case OR -> {
                for (int k = off; k < end; k++) o[k] = bool(a[k] != 0 | c != 0);
            }
            case MAX -> {
                for (int k = off; k < end; k++) o[k] = maxIgnoringMissing(a[k], c);
            }
            case MIN -> {
                for (int k = off; k < end; k++) o[k] = minIgnoringMissing(a[k], c);
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    /** o = k op b over [off, off + len), for the operations where the order matters and no flip gives the same bits (− and /). */
    static void constBinary(Op op, double c, double[] b, double[] o, int off, int len) {
        int end = off + len;
        switch (op) {
            case SUB -> {
                for (int k = off; k < end; k++) o[k] = finite(c - b[k]);
            }
            case DIV -> {
                for (int k = off; k < end; k++) o[k] = div(c, b[k]);
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    /** o = c ? a : b over [off, off + len). */
    static void ifThenElse(double[] c, double[] a, double[] b, double[] o, int off, int len) {
        int end = off + len;
        for (int k = off; k < end; k++) {
            o[k] = c[k] != 0 ? a[k] : b[k];
        }
    }

    /**
     * steps with constant thresholds and values over [off, off + len): the value of the first {@code x ≥ t}, else the
     * default.
     */
    static void steps(double[] x, double[] t, double[] v, double otherwise, double[] o, int off, int len) {
        int pairs = t.length, end = off + len;
        for (int k = off; k < end; k++) {
            double xk = x[k];
            double r = otherwise;
            for (int p = 0; p < pairs; p++) {
                if (xk >= t[p]) {
                    r = v[p];
                    break;
                }
            }
            o[k] = r;
        }
    }

    /**
     * steps over columns, [off, off + len): {@code cols[0]} is x, then threshold and value per pair, then the default
     * ({@code count} in all).
     */
    static void steps(double[][] cols, int count, double[] o, int off, int len) {
        int pairs = (count - 2) / 2, end = off + len;
        double[] x = cols[0], otherwise = cols[count - 1];
        for (int k = off; k < end; k++) {
            double xk = x[k];
            double r = otherwise[k];
            for (int p = 0; p < pairs; p++) {
                if (xk >= cols[1 + 2 * p][k]) {
                    r = cols[2 + 2 * p][k];
                    break;
                }
            }
            o[k] = r;
        }
    }

    static void fill(double c, double[] o, int oo, int len) {
        java.util.Arrays.fill(o, oo, oo + len, c);
    }

    // ---- over a series: bars [from, to) of dst, reading x where needed ----------------------------

    /** dst[i] = x[i − k]; {@code head} (missing, or false for a boolean) where there is no such bar. */
    static void shift(double[] x, int k, double head, double[] dst, int from, int to) {
        int i = from;
        for (; i < to && i < k; i++) {
            dst[i] = head;
        }
        if (i < to) {
            System.arraycopy(x, i - k, dst, i, to - i);
        }
    }

    /** Values at most this large in magnitude, whole, add exactly in any order, n + 1 at a time for n ≤ 1000. */
    private static final double EXACT_LIMIT = 0x1p52 / (Language.MAX_WINDOW + 1);

    /**
     * x[i−n+1] + … + x[i], added left to right; missing until n bars exist. When every value read is whole
     * and small (share volumes, counts), every partial sum is exact, so a running sum — add the bar
     * entering, subtract the one leaving, missing while a missing value is in the window — has the very
     * bits of the left-to-right sum at one addition a bar; otherwise each bar adds its n values.
     */
    static void sum(double[] x, int n, double[] dst, int from, int to) {
        int first = Math.max(0, from - n + 1);
        if (n > 2 && exactlySummable(x, first, to)) {
            runningSum(x, n, dst, from, to, first);
            return;
        }
        for (int i = from; i < to; i++) {
            if (i < n - 1) {
                dst[i] = NaN;
                continue;
            }
            double s = x[i - n + 1];
            for (int j = i - n + 2; j <= i; j++) {
                s += x[j];
            }
            dst[i] = s;
        }
    }

    /** Whether x[from, to) holds only missing values and whole numbers of magnitude ≤ {@link #EXACT_LIMIT}, no −0. */
    static boolean exactlySummable(double[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = x[i];
            if (v == v && (Math.abs(v) > EXACT_LIMIT || v != Math.rint(v) || Double.doubleToRawLongBits(v) == Long.MIN_VALUE)) {
                return false;
            }
        }
        return true;
    }

    /** The sum of {@link #sum} kept running from bar {@code first}: exact, hence the same bits. */
    private static void runningSum(double[] x, int n, double[] dst, int from, int to, int first) {
        double s = 0;
        int missing = 0;
        for (int i = first; i < to; i++) {
            double in = x[i];
            if (in == in) {
                s += in;
            } else {
                missing++;
            }
            if (i >= first + n) {
                double out = x[i - n];
                if (out == out) {
                    s -= out;
                } else {
                    missing--;
                }
            }
            if (i >= from) {
                dst[i] = i < n - 1 || missing > 0 ? NaN : s;
            }
        }
    }

    /**
     * Exponential mean from the first bar: α = 2/(span+1), seeded with the first non-missing x, then
     * e = (1−α)·e + α·x; a missing x leaves e as it is and is missing itself.
     */
    static void ema(double[] x, int span, double[] dst, int to) {
        double alpha = 2.0 / (span + 1);
        double keep = 1 - alpha;
        double e = NaN;
        boolean seeded = false;
        for (int i = 0; i < to; i++) {
            double xi = x[i];
            if (xi != xi) {
                dst[i] = NaN;
                continue;
            }
            if (seeded) {
                e = keep * e + alpha * xi;
            } else {
                e = xi;
                seeded = true;
            }
            dst[i] = e;
        }
    }

    /**
     * Max (or min) of the non-missing values among the last n bars including today, missing if none, for
     * bars [from, to). Van Herk/Gil-Werman: in blocks of n bars from the first bar read, a running extreme
     * from each block's start ({@code prefix}) and to its end ({@code suffix}); a window is the suffix of
     * one block and the prefix of the next, so each bar costs a few comparisons and no unpredictable
     * branch. Among equal values the newest wins, as in a monotonic deque (it matters only for ±0).
     * {@code prefix} and {@code suffix} hold at least {@code to} values.
     */
    static void extreme(double[] x, int n, boolean highest, double[] dst, int from, int to, double[] prefix,
                        double[] suffix) {
        int start = Math.max(0, from - n + 1);
        if (allPositive(x, start, to)) {
            extremeByBits(x, n, highest, dst, from, to, prefix, suffix, start);
            return;
        }
        for (int block = start; block < to; block += n) {
            int end = Math.min(block + n, to);
            double p = x[block];
            prefix[block] = p;
            for (int i = block + 1; i < end; i++) {
                p = newer(p, x[i], highest);
                prefix[i] = p;
            }
            double q = x[end - 1];
            suffix[end - 1] = q;
            for (int i = end - 2; i >= block; i--) {
                q = newer(x[i], q, highest);
                suffix[i] = q;
            }
        }
        int i = from;
        for (; i < to && i - n + 1 <= start; i++) {
            dst[i] = prefix[i]; // the window lies in the first block
        }
        int offset = i < to ? (i - n + 1 - start) % n : 0; // of the window's first bar in its block
        for (; i < to; i++) {
            dst[i] = offset == 0 ? prefix[i] : newer(suffix[i - n + 1], prefix[i], highest);
            if (++offset == n) {
                offset = 0;
            }
        }
    }

    /**
     * Whether x[from, to) holds only positive numbers (no missing value, no zero): then two values are equal only
     * when their bits are, so which of a tie is kept cannot show, and their bits as longs order like the values.
     */
    static boolean allPositive(double[] x, int from, int to) {
        boolean positive = true;
        for (int i = from; i < to; i++) {
            positive &= x[i] > 0;
        }
        return positive;
    }

    /**
     * {@link #extreme}'s blocks over the values' bits, for a range {@link #allPositive}: the larger of two longs is
     * taken by arithmetic (no branch; a difference of two positive doubles' bits cannot overflow), where comparing
     * the doubles of a random walk mispredicts a branch on many bars. A lowest is the highest of the bits
     * complemented. The same values, bit for bit.
     */
    private static void extremeByBits(double[] x, int n, boolean highest, double[] dst, int from, int to,
                                      double[] prefix, double[] suffix, int start) {
        long flip = highest ? 0 : -1L;
        for (int block = start; block < to; block += n) {
            int end = Math.min(block + n, to);
            long p = Double.doubleToRawLongBits(x[block]) ^ flip;
            prefix[block] = x[block];
            for (int i = block + 1; i < end; i++) {
                p = larger(p, Double.doubleToRawLongBits(x[i]) ^ flip);
                prefix[i] = Double.longBitsToDouble(p ^ flip);
            }
            long q = Double.doubleToRawLongBits(x[end - 1]) ^ flip;
            suffix[end - 1] = x[end - 1];
            for (int i = end - 2; i >= block; i--) {
                q = larger(q, Double.doubleToRawLongBits(x[i]) ^ flip);
                suffix[i] = Double.longBitsToDouble(q ^ flip);
            }
        }
        int i = from;
        for (; i < to && i - n + 1 <= start; i++) {
            dst[i] = prefix[i]; // the window lies in the first block
        }
        for (; i < to; i++) {
            long p = Double.doubleToRawLongBits(prefix[i]) ^ flip;
            // a window starting a block is the whole block: its suffix there is that block's extreme too
            long s = Double.doubleToRawLongBits(suffix[i - n + 1]) ^ flip;
            dst[i] = Double.longBitsToDouble(larger(s, p) ^ flip);
        }
    }

    /** The larger of two longs whose difference does not overflow, without a branch. */
    private static long larger(long a, long b) {
        long d = b - a;
        return a + (d & ~(d >> 63));
    }

    /** {@link #extreme} at bar i alone: the window's values folded oldest to newest, as the definition reads. */
    static double extremeAt(double[] x, int n, boolean highest, int i) {
        double best = x[Math.max(0, i - n + 1)];
        for (int j = Math.max(0, i - n + 1) + 1; j <= i; j++) {
            best = newer(best, x[j], highest);
        }
        return best;
    }

    /** The extreme of an older and a newer value, the newer on a tie, ignoring a missing one. */
    private static double newer(double older, double newer, boolean highest) {
        if (newer != newer) {
            return older;
        }
        return older != older || (highest ? newer >= older : newer <= older) ? newer : older;
    }

    /**
     * Sample standard deviation (ddof 1) of the last n values from the first bar, as pandas 1.5's
     * {@code rolling(n).std()} (spec §3): Welford's online mean and sum of squared differences from the
     * mean, each value entering and leaving in pandas' order with its Kahan compensations (one for
     * adding, one for removing); a missing value is neither added, removed nor counted; missing unless
     * all n values are present; exactly 0 when the last n values entered are equal; the square root of
     * a negative variance (rounding) is 0.
     */
    static void stdev(double[] x, int n, double[] dst, int to) {
        double count = 0, mean = 0, squares = 0, addCompensation = 0, removeCompensation = 0;
        long same = 0;
        double prev = to > 0 ? x[0] : NaN;
        for (int i = 0; i < to; i++) {
            if (i >= n) {
                double r = x[i - n];
                if (r == r) {
                    count = count - 1;
                    if (count != 0) {
                        double prevMean = mean - removeCompensation;
                        double y = r - removeCompensation;
                        double t = y - mean;
                        removeCompensation = t + mean - y;
                        mean = mean - t / count;
                        squares = squares - (r - prevMean) * (r - mean);
                    } else {
                        mean = 0;
                        squares = 0;
                    }
                }
            }
            double a = x[i];
            if (a == a) {
                count = count + 1;
                same = a == prev ? same + 1 : 1;
                prev = a;
                double prevMean = mean - addCompensation;
                double y = a - addCompensation;
                double t = y - mean;
                addCompensation = t + mean - y;
                mean = mean + t / count;
                squares = squares + (a - prevMean) * (a - mean);
            }
            double variance;
            if (count >= n && count > 1) {
                variance = same >= count ? 0 : squares / (count - 1.0);
            } else {
                variance = NaN;
            }
            dst[i] = variance < 0 ? 0 : Math.sqrt(variance);
        }
    }

    /**
     * Bars since {@code cond} last held, counting today (0 where it holds), from the first bar; missing
     * before it first holds.
     */
    static void barsSince(double[] cond, double[] dst, int to) {
        double since = NaN;
        for (int i = 0; i < to; i++) {
            since = cond[i] != 0 ? 0 : since + 1;
            dst[i] = since;
        }
    }

    /**
     * Wilder's RSI from the first bar, as pandas computes it (spec §3): d = x − shift(x, 1); gains
     * max(d, 0) and losses max(−d, 0) each averaged as {@code ewm(alpha=1/n, adjust=False,
     * min_periods=n).mean()} — pandas' loop, in its order: α from the centre of mass ((1 − 1/n)/(1/n)),
     * the first observed d seeds both averages, a missing d ages the old weight (ignore_na=False), and
     * an observation equal to the average leaves it (pandas' guard for constant series); then
     * 100 − 100 / (1 + gain/loss) in IEEE arithmetic: gain/loss = ∞ gives 100, 0/0 missing.
     */
    static void rsi(double[] x, int n, double[] dst, int to) {
        double given = 1.0 / n;
        double com = (1 - given) / given;
        double alpha = 1. / (1. + com);
        double oldWeightFactor = 1. - alpha;
        double gain = NaN, loss = NaN, oldWeight = 1.;
        int observations = 0;
        for (int i = 0; i < to; i++) {
            double d = i == 0 ? NaN : x[i] - x[i - 1];
            boolean observed = d == d;
            double up = observed ? Math.max(d, 0) : NaN, down = observed ? Math.max(-d, 0) : NaN;
            if (observed) {
                observations++;
            }
            if (gain == gain) {
                oldWeight *= oldWeightFactor;
                if (observed) {
                    if (gain != up) {
                        gain = oldWeight * gain + alpha * up;
                        gain /= (oldWeight + alpha);
                    }
                    if (loss != down) {
                        loss = oldWeight * loss + alpha * down;
                        loss /= (oldWeight + alpha);
                    }
                    oldWeight = 1.;
                }
            } else if (observed) {
                gain = up;
                loss = down;
            }
            dst[i] = observations >= n ? 100 - 100 / (1 + gain / loss) : NaN;
        }
    }

    static void round(double[] src, double[] dst, int from, int to) {
        for (int i = from; i < to; i++) {
            dst[i] = finite(Numbers.round2(src[i]));
        }
    }
}
