package io.lcscanner.core;

/**
 * A scan passed the scanner's {@link Scanner.Builder#maxHits(int) cap on hits} and was stopped: nothing is returned,
 * so that no caller mistakes a cut list for a whole one. Narrow the dates, the universe or the scanner.
 */
public final class TooManyHitsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int maxHits;

    public TooManyHitsException(int maxHits) {
        super(String.format(java.util.Locale.ROOT, "the scan passed %,d hits, the most this scanner keeps", maxHits));
        this.maxHits = maxHits;
    }

    /** The cap that was passed. */
    public int maxHits() {
        return maxHits;
    }
}
