package io.lcscanner.core.engine;

/** The arithmetic the specs define beyond plain IEEE doubles: rounding to cents, and x/0 as missing. */
final class Numbers {
    private Numbers() {
    }

    /** "Round to 2 decimals" of lc-scanner.md §1: half to even on x·100, as numpy does. */
    static double round2(double x) {
        return Math.rint(x * 100.0) / 100.0;
    }

    /** A value as a scan holds it: rounded with reference rounding, else as given. */
    static double asRounded(double x, boolean referenceRounding) {
        return referenceRounding ? round2(x) : x;
    }

    /** x/y, missing when the divisor is zero (lc-scanner.md §8: no infinities pass a test). */
    static double div(double x, double y) {
        double r = x / y;
        return Double.isInfinite(r) ? Double.NaN : r;
    }
}
