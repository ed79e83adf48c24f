package io.lcscanner.core.engine;

/** The arithmetic the specs define beyond plain IEEE doubles: rounding to cents, x/0 and overflow as missing. */
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

    /**
     * A result as the rule language holds it: an overflow to ±infinity is missing, as x/0 is (spec §3), so
     * that no infinity reaches a comparison, a column or the output.
     */
    static double finite(double r) {
        // r − (r − r): ±∞ − NaN is NaN; a finite r (−0 included) minus +0 is r. Plain arithmetic, no branch, so
        // the column loops that call it stay vectorizable
        return r - (r - r);
    }

    /** x/y, missing when the divisor is zero (lc-scanner.md §8: no infinities pass a test). */
    static double div(double x, double y) {
        return finite(x / y); // x/0 is ±∞ and 0/0 NaN: missing either way, and the division loops stay vectorizable
    }
}
