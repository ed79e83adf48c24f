package io.lcscanner.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * A finite double as Python's {@code repr} prints it: the fewest significant digits that read back as the same
 * double (the nearest such decimal), plain from 1e-4 up to 1e16, {@code d.ddde±XX} outside, {@code .0} on
 * integers.
 *
 * <p>The digits come from Giulietti's Schubfach algorithm ("The Schubfach way to render doubles", 2020, as in
 * JDK 19's {@code Double.toString}): one 64×126-bit multiplication per bound of the rounding interval. Two kinds
 * of double take the exact {@link BigDecimal} path instead, because there the nearest p-digit decimal and the
 * shortest decimal in the interval can part ways: powers of two, whose interval is lopsided, and subnormals.
 * The result is the same as {@link #exact}'s for every double; the test checks millions.
 */
final class PythonRepr {
    private static final int Q_MIN = -1074;
    private static final long C_MIN = 1L << 52;
    private static final long FRACTION = C_MIN - 1;
    private static final long MASK_63 = (1L << 63) - 1;
    private static final int K_MIN = -324, K_MAX = 292;
    /** g(k) of section 9.8.3, made on first use: a scan's values use a handful of decimal exponents. */
    private static final G[] G_TABLE = new G[K_MAX - K_MIN + 1];

    private PythonRepr() {
    }

    static String of(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("not a printable number: " + x);
        }
        long bits = Double.doubleToRawLongBits(x);
        boolean negative = bits < 0;
        int biased = (int) (bits >>> 52) & 0x7FF;
        long fraction = bits & FRACTION;
        if (biased == 0) {
            return fraction == 0 ? (negative ? "-0.0" : "0.0") : exact(x);
        }
        long c = C_MIN | fraction;
        int q = biased - 1075;
        if (q < 0 && q > -53) {
            long f = c >> -q;
            if (f << -q == c) {
                return format(negative, f, 0); // an integer below 2^53: its own digits
            }
        }
        if (fraction == 0) {
            return exact(x);
        }
        return schubfach(negative, q, c);
    }

    /** The regular-spacing branch of Schubfach's toDecimal: v = c 2^q, c even or odd, never C_MIN. */
    private static String schubfach(boolean negative, int q, long c) {
        int out = (int) c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl = cb - 2;
        int k = flog10pow2(q);
        int h = q + flog2pow10(-k) + 2;
        G g = g(k);
        long vb = rop(g.g1, g.g0, cb << h);
        long vbl = rop(g.g1, g.g0, cbl << h);
        long vbr = rop(g.g1, g.g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            long sp10 = 10 * Math.multiplyHigh(s, 115_292_150_460_684_698L << 4); // 10 floor(s / 10)
            long tp10 = sp10 + 10;
            boolean upin = vbl + out <= sp10 << 2;
            boolean wpin = (tp10 << 2) + out <= vbr;
            if (upin != wpin) {
                return format(negative, upin ? sp10 : tp10, k);
            }
        }
        long t = s + 1;
        boolean uin = vbl + out <= s << 2;
        boolean win = (t << 2) + out <= vbr;
        if (uin != win) {
            return format(negative, uin ? s : t, k);
        }
        long cmp = vb - (s + t << 1);
        return format(negative, cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : t, k);
    }

    /** floor(g cp / 2^127), its lowest bit set when the division is inexact (round to odd). */
    private static long rop(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | (z & MASK_63) + MASK_63 >>> 63;
    }

    /** floor(log10(2^e)), exact for |e| ≤ 5456721. */
    static int flog10pow2(int e) {
        return (int) (e * 661_971_961_083L >> 41);
    }

    /** floor(log2(10^e)), exact for |e| ≤ 1233. */
    static int flog2pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    /** g = floor(10^−k 2^−r) + 1 with r such that 2^125 ≤ 10^−k 2^−r < 2^126, in two 63-bit halves. */
    private record G(long g1, long g0) {
    }

    static G g(int k) {
        G g = G_TABLE[k - K_MIN];
        if (g == null) {
            G_TABLE[k - K_MIN] = g = computeG(k); // a benign race: every thread computes the same value
        }
        return g;
    }

    private static G computeG(int k) {
        int r = flog2pow10(-k) - 125;
        BigInteger beta;
        if (k <= 0) {
            BigInteger p = BigInteger.TEN.pow(-k);
            beta = r <= 0 ? p.shiftLeft(-r) : p.shiftRight(r);
        } else {
            beta = BigInteger.ONE.shiftLeft(-r).divide(BigInteger.TEN.pow(k)); // r < 0 here
        }
        BigInteger g = beta.add(BigInteger.ONE);
        return new G(g.shiftRight(63).longValue(), g.longValue() & MASK_63);
    }

    /** The repr of ±f × 10^e, f > 0 of at most 17 digits. */
    private static String format(boolean negative, long f, int e) {
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        byte[] digits = new byte[17];
        int len = 0;
        for (long v = f; v != 0; v /= 10) {
            digits[16 - len++] = (byte) ('0' + v % 10);
        }
        int first = 17 - len;
        int point = e + len; // digits before the decimal point
        byte[] out = new byte[len + 26];
        int n = 0;
        if (negative) {
            out[n++] = '-';
        }
        int exponent = point - 1;
        if (exponent >= -4 && exponent < 16) {
            if (point <= 0) {
                out[n++] = '0';
                out[n++] = '.';
                for (int i = point; i < 0; i++) {
                    out[n++] = '0';
                }
                System.arraycopy(digits, first, out, n, len);
                n += len;
            } else if (point >= len) {
                System.arraycopy(digits, first, out, n, len);
                n += len;
                for (int i = len; i < point; i++) {
                    out[n++] = '0';
                }
                out[n++] = '.';
                out[n++] = '0';
            } else {
                System.arraycopy(digits, first, out, n, point);
                n += point;
                out[n++] = '.';
                System.arraycopy(digits, first + point, out, n, len - point);
                n += len - point;
            }
        } else {
            out[n++] = digits[first];
            if (len > 1) {
                out[n++] = '.';
                System.arraycopy(digits, first + 1, out, n, len - 1);
                n += len - 1;
            }
            out[n++] = 'e';
            out[n++] = (byte) (exponent < 0 ? '-' : '+');
            int a = Math.abs(exponent);
            if (a >= 100) {
                out[n++] = (byte) ('0' + a / 100);
            }
            out[n++] = (byte) ('0' + a / 10 % 10);
            out[n++] = (byte) ('0' + a % 10);
        }
        return new String(out, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * The definition, with BigDecimal: for p = 1, 2, … the double rounded half-even to p significant digits,
     * the first that reads back as the same double.
     */
    static String exact(double x) {
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(x);
        BigDecimal shortest = exact;
        for (int p = 1; p <= 17; p++) {
            BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (candidate.doubleValue() == x) {
                shortest = candidate;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        int exponent = shortest.precision() - shortest.scale() - 1; // position of the leading digit
        if (exponent >= -4 && exponent < 16) {
            String plain = shortest.toPlainString();
            return plain.indexOf('.') >= 0 ? plain : plain + ".0";
        }
        String digits = shortest.unscaledValue().abs().toString();
        StringBuilder sb = new StringBuilder();
        if (x < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exponent < 0 ? '-' : '+');
        int e = Math.abs(exponent);
        if (e < 10) {
            sb.append('0');
        }
        return sb.append(e).toString();
    }
}
