package io.lcscanner.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Bars processed by a benchmark; JMH reports it as a secondary metric normalised by time, so the
 * {@code :bars} line of a result reads in bars per second.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class BarCounter {
    public long bars;

    @Setup(Level.Iteration)
    public void reset() {
        bars = 0;
    }
}
