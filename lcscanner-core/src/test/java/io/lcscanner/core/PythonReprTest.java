package io.lcscanner.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link PythonRepr} prints every double as the BigDecimal definition {@link HitFormat#number} used before it (copied
 * below as the oracle), and as Python 3's {@code repr} does on the values Python itself printed.
 */
class PythonReprTest {

    /** HitFormat.number as it was: for p = 1…17, the double rounded half-even to p digits; the first that reads back. */
    static String oracle(double x) {
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
        int exponent = shortest.precision() - shortest.scale() - 1;
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

    private static void same(double x) {
        String expected = oracle(x);
        String got = PythonRepr.of(x);
        if (!got.equals(expected)) {
            throw new AssertionError("bits " + Long.toHexString(Double.doubleToRawLongBits(x)) + ": expected " + expected
                    + ", got " + got);
        }
    }

    @Test
    void whatPythonPrints() {
        // python3 -c "import struct; print(repr(v), struct.unpack('<q', struct.pack('<d', v))[0])"
        Object[][] cases = {
            {4591870180066957722L, "0.1"}, {4532020583610935537L, "1e-05"}, {4845873199050653696L, "9007199254740992.0"},
            {4846369599423283200L, "1e+16"}, {4831355200913801216L, "1000000000000000.0"},
            {4817745636528479846L, "123456789012345.6"}, {4547007122018943789L, "0.0001"}, {1L, "5e-324"},
            {9218868437227405311L, "1.7976931348623157e+308"}, {4503599627370496L, "2.2250738585072014e-308"},
            {4936209963552724370L, "1e+22"}, {4950912855330343670L, "1e+23"}, {4890909195324358656L, "9.223372036854776e+18"},
            {-9223372036854775808L, "-0.0"}, {0L, "0.0"}, {4607182418800017408L, "1.0"}, {-4610560118520545280L, "-2.5"},
            {4636737291354636288L, "100.0"}, {4599075939470750515L, "0.3"}, {4604180019048437077L, "0.6666666666666666"},
            {4599676419421066581L, "0.3333333333333333"}, {6103021453049119613L, "1e+100"}, {4504762867522569078L, "1.5e-07"},
            {4892433759222981601L, "1.2345678901234567e+19"}, {4616583683022153318L, "4.35"}, {4617658917433188024L, "5.305"},
            {4599075939470750516L, "0.30000000000000004"}, {4846369599423283199L, "9999999999999998.0"},
            {4554169646866313826L, "0.00030000000000000003"}, {4934958393344299186L, "8.41e+21"}, {3L, "1.5e-323"},
            {4602678819172646912L, "0.5"}, {4652218415073722368L, "1024.0"}, {4877398396442247168L, "1.152921504606847e+18"},
            {4517110426252607488L, "9.5367431640625e-07"}};
        for (Object[] c : cases) {
            double x = Double.longBitsToDouble((Long) c[0]);
            assertThat(PythonRepr.of(x)).as("repr of %s", c[1]).isEqualTo(c[1]);
            assertThat(oracle(x)).as("the oracle agrees with Python on %s", c[1]).isEqualTo(c[1]);
        }
    }

    @Test
    void edgeDoubles() {
        double[] cases = {Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL),
            Math.nextUp(Double.MIN_NORMAL), 1e16, Math.nextDown(1e16), 1e-4, Math.nextDown(1e-4), Math.nextUp(1e-4),
            1e15, 1e17, 1e21, 1e22, 1e23, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 9007199254740993.0, 9007199254740991.0,
            4503599627370497.0, 123.456, 5e-324, 1e-323, 2.5e-323, 1e-310, 1e-300, 1e300, 5.305, 21.025, 74.27 / 14};
        for (double x : cases) {
            same(x);
            same(-x);
        }
        for (int e = -1074; e <= 1023; e++) { // every power of two: the lopsided rounding intervals
            same(Math.scalb(1.0, e));
            same(Math.nextUp(Math.scalb(1.0, e)));
            same(Math.nextDown(Math.scalb(1.0, e)));
        }
        for (int e = -325; e <= 308; e++) { // every power of ten and its neighbours
            double x = Double.parseDouble("1e" + e);
            same(x);
            same(Math.nextUp(x));
            same(Math.nextDown(x));
        }
        assertThatThrownBy(() -> PythonRepr.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a printable number: NaN");
        assertThatThrownBy(() -> PythonRepr.of(Double.NEGATIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Any double at all; the oracle is slow on huge exponents, so -Dlcscanner.reprSamples=N runs more than the default. */
    @Test
    void randomBitPatterns() {
        SplittableRandom random = new SplittableRandom(42);
        int samples = Integer.getInteger("lcscanner.reprSamples", 200_000);
        for (int i = 0; i < samples; i++) {
            double x = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(x)) {
                same(x);
            }
        }
    }

    /** What a hit holds: prices and ratios of a few digits, computed values of 15–17 digits, integers, counts. */
    @Test
    void valuesLikeAHitsColumns() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 250_000; i++) {
            double price = random.nextLong(1, 10_000_000L) / 100.0;
            same(price);
            same(Math.round(price * random.nextDouble() * 100) / 100.0);
            same(price / random.nextLong(1, 50));
            same(random.nextDouble() * Math.pow(10, random.nextInt(-8, 20)));
            same((double) random.nextLong(0, 1L << 53));
            same(random.nextLong(1, 100_000) / 10_000.0);
        }
    }
}
