package io.lcscanner.server.http;

/**
 * What clients may hold, set by {@code serve}'s options (README, Server).
 *
 * @param maxStreams          progress streams (SSE and WebSocket) open at once, all clients together
 * @param maxStreamsPerClient progress streams open at once from one remote address
 * @param barsMaxYears        the longest span {@code /api/bars} loads, its lookback included
 * @param maxScanners         scanner documents stored (built-ins not counted)
 */
public record ClientLimits(int maxStreams, int maxStreamsPerClient, int barsMaxYears, int maxScanners) {
    public static final ClientLimits DEFAULT = new ClientLimits(1000, 20, 5, 500);

    public ClientLimits {
        if (maxStreams < 1 || maxStreamsPerClient < 1 || barsMaxYears < 1 || maxScanners < 0) {
            throw new IllegalArgumentException("stream limits and the bars span must be at least 1, the scanner cap at least 0");
        }
    }
}
