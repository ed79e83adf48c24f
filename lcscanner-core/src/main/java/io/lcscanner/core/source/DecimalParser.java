package io.lcscanner.core.source;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * Decimal text to double, bit for bit what {@link Double#parseDouble} returns, without making a String.
 *
 * <p>Two exact fast paths cover the numbers a bars file holds: Clinger's (a mantissa below 2^53 and a power of
 * ten up to 10^22 are both exact doubles, so one correctly rounded multiplication or division is the answer),
 * then Eisel–Lemire (a 64-bit mantissa times a 128-bit power of ten, which either proves the rounding or says it
 * cannot). Anything else (more than 19 digits, hexadecimal, {@code Infinity}, a type suffix, a cannot) goes to
 * {@link Double#parseDouble}, so the grammar and the errors are the JDK's.
 */
final class DecimalParser {
    private static final double[] POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    /** The powers of ten Eisel–Lemire can use: beyond them the answer is 0, infinite or subnormal. */
    static final int MIN_EXP10 = -342, MAX_EXP10 = 308;
    private static final Power[] TABLE = new Power[MAX_EXP10 - MIN_EXP10 + 1];

    private DecimalParser() {
    }

    /**
     * The number in {@code text[from, to)}, as {@code Double.parseDouble(new String(text, from, to - from))}.
     *
     * @throws NumberFormatException as Double.parseDouble does
     */
    static double parse(byte[] text, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (text[i] == '-' || text[i] == '+')) {
            negative = text[i] == '-';
            i++;
        }
        long mantissa = 0;
        int start = i;
        int d;
        while (i < to && (d = text[i] - '0') >= 0 && d <= 9) {
            mantissa = mantissa * 10 + d;
            i++;
        }
        int digits = i - start;
        int fraction = 0;
        if (i < to && text[i] == '.') {
            int point = ++i;
            while (i < to && (d = text[i] - '0') >= 0 && d <= 9) {
                mantissa = mantissa * 10 + d;
                i++;
            }
            fraction = i - point;
            digits += fraction;
        }
        long exponent = 0;
        if (digits > 0 && i < to && (text[i] == 'e' || text[i] == 'E')) {
            int e = ++i;
            boolean negativeExponent = false;
            if (i < to && (text[i] == '-' || text[i] == '+')) {
                negativeExponent = text[i] == '-';
                e = ++i;
            }
            while (i < to && (d = text[i] - '0') >= 0 && d <= 9) {
                if (exponent < 100_000) {
                    exponent = exponent * 10 + d;
                }
                i++;
            }
            if (i == e) {
                return slow(text, from, to); // "1e": the JDK's error
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (i != to || digits == 0 || digits > 19) {
            return slow(text, from, to);
        }
        double x = fromDecimal(mantissa, (int) (exponent - fraction));
        if (Double.isNaN(x)) {
            return slow(text, from, to);
        }
        return negative ? -x : x;
    }

    /**
     * {@code mantissa × 10^exponent} correctly rounded, {@code mantissa} an unsigned value of at most 19 decimal
     * digits; NaN when neither fast path can prove the rounding.
     */
    static double fromDecimal(long mantissa, int exponent) {
        if (mantissa == 0) {
            return 0.0;
        }
        if (mantissa >>> 53 == 0 && exponent >= -22 && exponent <= 22) {
            return exponent < 0 ? mantissa / POWERS[-exponent] : mantissa * POWERS[exponent];
        }
        return eiselLemire(mantissa, exponent);
    }

    /**
     * Lemire, "Number Parsing at a Gigabyte per Second" (2021), as Go's strconv writes it: the 64-bit
     * mantissa, normalised, times the 128-bit truncated power of ten; when the bits that decide the rounding
     * could still change with the truncated tail, NaN (the caller falls back).
     */
    static double eiselLemire(long mantissa, int exponent) {
        if (exponent < MIN_EXP10 || exponent > MAX_EXP10) {
            return Double.NaN;
        }
        int zeros = Long.numberOfLeadingZeros(mantissa);
        long m = mantissa << zeros;
        long exp2 = ((217_706L * exponent) >> 16) + 64 + 1023 - zeros;
        Power p = power(exponent);
        long xHi = unsignedMultiplyHigh(m, p.hi);
        long xLo = m * p.hi;
        if ((xHi & 0x1FF) == 0x1FF && Long.compareUnsigned(xLo + m, m) < 0) {
            long yHi = unsignedMultiplyHigh(m, p.lo);
            long yLo = m * p.lo;
            long mergedHi = xHi, mergedLo = xLo + yHi;
            if (Long.compareUnsigned(mergedLo, xLo) < 0) {
                mergedHi++;
            }
            if ((mergedHi & 0x1FF) == 0x1FF && mergedLo + 1 == 0 && Long.compareUnsigned(yLo + m, m) < 0) {
                return Double.NaN;
            }
            xHi = mergedHi;
            xLo = mergedLo;
        }
        long msb = xHi >>> 63;
        long bits = xHi >>> (msb + 9);
        exp2 -= 1 ^ msb;
        if (xLo == 0 && (xHi & 0x1FF) == 0 && (bits & 3) == 1) {
            return Double.NaN; // exactly half-way after truncation: cannot tell
        }
        bits += bits & 1;
        bits >>>= 1;
        if (bits >>> 53 > 0) {
            bits >>>= 1;
            exp2++;
        }
        if (exp2 <= 0 || exp2 >= 0x7FF) {
            return Double.NaN; // subnormal or infinite: the JDK decides
        }
        return Double.longBitsToDouble(exp2 << 52 | bits & 0x000F_FFFF_FFFF_FFFFL);
    }

    private static long unsignedMultiplyHigh(long x, long y) {
        return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
    }

    private static double slow(byte[] text, int from, int to) {
        return Double.parseDouble(new String(text, from, to - from, StandardCharsets.ISO_8859_1));
    }

    /** 10^q as a 128-bit mantissa with its top bit set (the exponent of two is implied). */
    private record Power(long hi, long lo) {
    }

    /** The table entry of 10^q, made on first use (a few exponents serve a whole file). */
    static Power power(int q) {
        Power p = TABLE[q - MIN_EXP10];
        if (p == null) {
            TABLE[q - MIN_EXP10] = p = computePower(q); // a benign race: every thread computes the same value
        }
        return p;
    }

    /**
     * As fast_float's table script: 5^q shifted to 128 bits and truncated for q ≥ 0; for q < 0, 2^b / 5^−q
     * rounded up (b giving 128 bits when 5^−q < 2^64, more otherwise), then truncated to 128 bits.
     */
    private static Power computePower(int q) {
        BigInteger c;
        if (q >= 0) {
            c = BigInteger.valueOf(5).pow(q);
            int bits = c.bitLength();
            c = bits <= 128 ? c.shiftLeft(128 - bits) : c.shiftRight(bits - 128);
        } else {
            BigInteger power5 = BigInteger.valueOf(5).pow(-q);
            int z = power5.bitLength(); // the least z with 2^z ≥ 5^−q (5^−q is never a power of two)
            int b = q >= -27 ? z + 127 : 2 * z + 128;
            c = BigInteger.ONE.shiftLeft(b).divide(power5).add(BigInteger.ONE);
            int bits = c.bitLength();
            if (bits > 128) {
                c = c.shiftRight(bits - 128);
            }
        }
        return new Power(c.shiftRight(64).longValue(), c.longValue());
    }
}
