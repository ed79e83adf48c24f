package io.lcscanner.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DecimalParser} returns exactly what {@link Double#parseDouble} returns, bit for bit, or throws as it does. */
class DecimalParserTest {

    /** Parses {@code text} both ways and fails unless the bits (or the failure) agree. */
    private static void same(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        long expected;
        try {
            expected = Double.doubleToRawLongBits(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            try {
                double got = DecimalParser.parse(bytes, 0, bytes.length);
                fail("\"" + text + "\": Double.parseDouble throws, DecimalParser returned " + got);
            } catch (NumberFormatException expectedToo) {
                return;
            }
            return;
        }
        long got = Double.doubleToRawLongBits(DecimalParser.parse(bytes, 0, bytes.length));
        if (got != expected) {
            fail("\"" + text + "\": expected " + Double.longBitsToDouble(expected) + " (" + Long.toHexString(expected)
                    + "), got " + Double.longBitsToDouble(got) + " (" + Long.toHexString(got) + ")");
        }
    }

    @Test
    void edgeValues() {
        String[] cases = {"0", "-0", "+0", "0.0", "-0.0", "0e0", "0e-999999", "0.1", "0.2", "0.3", "1e-5", "1E-5",
            "9007199254740991", "9007199254740992", "9007199254740993", "9007199254740994", "9007199254740995",
            "18014398509481985", "123456789012345678", "1234567890123456789", "12345678901234567890",
            "9999999999999999999", "18446744073709551615", "18446744073709551616", "0.30000000000000004",
            "0.1000000000000000055511151231257827", "4.9e-324", "5e-324", "2e-324", "3e-324", "2.4703282292062328e-324",
            "2.2250738585072011e-308", "2.2250738585072014e-308", "2.225073858507201e-308", "1.7976931348623157e308",
            "1.7976931348623158e308", "1.7976931348623159e308", "1e308", "1e309", "1e400", "-1e400", "1e-400", "1e23",
            "8.41e21", "5.0E-324", "1e22", "1e-22", "4503599627370496.5", "4503599627370497.5", "2.5", "3.5",
            "0.000001", "123.456", "-123.456", "14.360000", "2596254.0", "00000000000000000001.5", "1.", ".5", "-.5",
            "+.5e1", "1e+5", "1e-0", "1e00000000000000000000000000000001", "7.2057594037927933e16",
            "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                    + "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                    + "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
                    + "00000000000000"};
        for (String c : cases) {
            same(c);
        }
    }

    @Test
    void whatTheJdkRejectsOrReadsItsOwnWayGoesThroughTheJdk() {
        String[] cases = {"", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "abc", "1,5", "--1", "1-", " 1", "1 ", "\t1",
            "0x1p3", "0x1.8p1", "Infinity", "-Infinity", "NaN", "1d", "1f", "1.5D", "1e5F", "١", "1_000", "1e5.5"};
        for (String c : cases) {
            same(c);
        }
    }

    @Test
    void randomDecimalsOfEveryShape() {
        SplittableRandom random = new SplittableRandom(20251130);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1_000_000; i++) {
            sb.setLength(0);
            if (random.nextInt(4) == 0) {
                sb.append('-');
            }
            int digits = 1 + random.nextInt(random.nextBoolean() ? 19 : 22);
            int point = random.nextInt(digits + 1);
            for (int d = 0; d < digits; d++) {
                if (d == point && d > 0) {
                    sb.append('.');
                }
                sb.append((char) ('0' + random.nextInt(10)));
            }
            if (random.nextInt(3) == 0) {
                sb.append(random.nextBoolean() ? 'e' : 'E').append(random.nextInt(-360, 330));
            }
            same(sb.toString());
        }
    }

    @Test
    void everyDoubleTheJdkPrintsReadsBack() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 150_000; i++) {
            double x = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(x)) {
                same(Double.toString(x));
                same(new BigDecimal(x).round(new MathContext(17)).toString());
            }
            double y = random.nextDouble(-1, 1) * Math.pow(10, random.nextInt(-12, 16)); // plain, up to 28 digits
            same(BigDecimal.valueOf(y).toPlainString());
            same(Double.toString(y));
        }
    }

    @Test
    void pricesAndVolumes() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 500_000; i++) {
            long cents = random.nextLong(1, 100_000_000L);
            same(BigDecimal.valueOf(cents, 2).toPlainString());
            same(BigDecimal.valueOf(cents, 2).setScale(6, RoundingMode.UNNECESSARY).toPlainString());
            same(BigDecimal.valueOf(random.nextLong(1, 1_000_000_000_000L), random.nextInt(0, 8)).toPlainString());
            same(random.nextLong(0, 10_000_000_000L) + ".0");
        }
    }

    /**
     * The hard cases: decimals within a few units of the 17th–19th digit of the exact midpoint between two neighbouring
     * doubles, where a truncated power of ten could round the wrong way.
     */
    @Test
    void nearMidpointsBetweenNeighbouringDoubles() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 50_000; i++) {
            double x = random.nextBoolean()
                    ? Double.longBitsToDouble(random.nextLong(0x0010_0000_0000_0000L, 0x7FE0_0000_0000_0000L))
                    : random.nextLong(1, 1L << 62) * Math.pow(10, random.nextInt(-25, 25));
            if (!Double.isFinite(x) || x == 0) {
                continue;
            }
            BigDecimal midpoint = new BigDecimal(x).add(new BigDecimal(Math.nextUp(x))).divide(BigDecimal.valueOf(2));
            for (int digits = 16; digits <= 19; digits++) {
                BigDecimal down = midpoint.round(new MathContext(digits, RoundingMode.DOWN));
                BigDecimal up = midpoint.round(new MathContext(digits, RoundingMode.UP));
                same(down.toString());
                same(up.toString());
                same(down.toPlainString().length() < 60 ? down.toPlainString() : down.toString());
            }
        }
    }

    @Test
    void eiselLemireAgreesWhereverItAnswers() {
        SplittableRandom random = new SplittableRandom(5);
        int answered = 0;
        for (int i = 0; i < 1_000_000; i++) {
            long mantissa = random.nextLong() >>> random.nextInt(64);
            if (mantissa == 0 || Long.compareUnsigned(mantissa, Long.parseUnsignedLong("9999999999999999999")) > 0) {
                continue;
            }
            int exponent = random.nextInt(DecimalParser.MIN_EXP10, DecimalParser.MAX_EXP10 + 1);
            double got = DecimalParser.eiselLemire(mantissa, exponent);
            if (Double.isNaN(got)) {
                continue;
            }
            answered++;
            double expected = Double.parseDouble(Long.toUnsignedString(mantissa) + "e" + exponent);
            assertThat(Double.doubleToRawLongBits(got)).as(Long.toUnsignedString(mantissa) + "e" + exponent)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
        assertThat(answered).as("answers (the rest fell back)").isGreaterThan(900_000);
    }
}
