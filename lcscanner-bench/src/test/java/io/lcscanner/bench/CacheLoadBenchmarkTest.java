package io.lcscanner.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.source.BarSeries;
import io.lcscanner.polygon.PolygonException;
import io.lcscanner.polygon.SyntheticCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** The cache-load benchmark loads exactly the bars written into its generated cache, and fetches nothing. */
class CacheLoadBenchmarkTest {
    private static final int TICKERS = 50, SESSIONS = 30;

    @Test
    void loadsEveryCachedBarWithoutFetching() throws Exception {
        CacheLoadBenchmark bench = new CacheLoadBenchmark();
        bench.tickers = TICKERS;
        bench.sessions = SESSIONS;
        bench.setUp();
        Path dir = bench.cacheDir();
        try {
            List<LocalDate> days = bench.sessionDays();
            assertThat(days).hasSize(SESSIONS).isSorted().endsWith(SyntheticCache.LAST_SESSION);

            List<BarSeries> loaded = new ArrayList<>();
            assertThat(bench.load(loaded::add)).isEqualTo((long) TICKERS * SESSIONS);
            assertSameBars(loaded, days);
            assertThat(bench.source().counters().cacheHits()).isEqualTo(SESSIONS);
            assertThat(bench.source().counters().cacheMisses()).isZero();
            assertThat(bench.server().splitRequests()).isEqualTo(1);
            assertThat(bench.server().otherRequests()).as("grouped-daily or other requests").isZero();

            // the JMH entry point counts the same bars, load after load, still from the cache alone
            BarCounter counter = new BarCounter();
            Blackhole blackhole = new Blackhole(
                    "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
            bench.load(counter, blackhole);
            bench.load(counter, blackhole);
            assertThat(counter.bars).isEqualTo(2L * TICKERS * SESSIONS);
            assertThat(bench.source().counters().cacheHits()).isEqualTo(3 * SESSIONS);
            assertThat(bench.source().counters().cacheMisses()).isZero();
            assertThat(bench.server().splitRequests()).isEqualTo(3);
            assertThat(bench.server().otherRequests()).isZero();
        } finally {
            bench.tearDown();
        }
        assertThat(Files.exists(dir)).as("the generated cache is removed").isFalse();
    }

    @Test
    void aSessionMissingFromTheCacheFailsTheRunInsteadOfBeingFetched() throws Exception {
        CacheLoadBenchmark bench = new CacheLoadBenchmark();
        bench.tickers = 5;
        bench.sessions = 3;
        bench.setUp();
        Path dir = bench.cacheDir();
        try {
            LocalDate middle = bench.sessionDays().get(1);
            Files.delete(SyntheticCache.sessionFile(dir, middle));
            assertThatThrownBy(() -> bench.load(s -> { })).isInstanceOf(PolygonException.class).hasMessageContaining("404");
            assertThat(bench.server().otherRequests()).isPositive();
        } finally {
            assertThatThrownBy(bench::tearDown).isInstanceOf(IllegalStateException.class).hasMessageContaining("not warm");
        }
        assertThat(Files.exists(dir)).isFalse();
    }

    /** Each loaded series holds, column by column, its rows of the sessions the generator wrote. */
    private static void assertSameBars(List<BarSeries> loaded, List<LocalDate> days) {
        String[] tickers = SyntheticCache.tickers(TICKERS);
        assertThat(loaded).extracting(BarSeries::ticker).containsExactly(tickers);
        for (int t = 0; t < tickers.length; t++) {
            BarSeries want = SyntheticCache.series(tickers, t, days, CacheLoadBenchmark.SEED), got = loaded.get(t);
            assertThat(got.epochDays()).as(tickers[t]).containsExactly(want.epochDays());
            assertThat(columns(got)).as(tickers[t]).isDeepEqualTo(columns(want));
        }
        // the columns differ, so a swapped pair would show
        BarSeries any = loaded.get(1);
        assertThat(any.openUa()[0]).isNotEqualTo(any.open()[0]);
        assertThat(any.high()[0]).isGreaterThan(any.low()[0]);
    }

    private static double[][] columns(BarSeries s) {
        return new double[][] {s.open(), s.high(), s.low(), s.close(), s.volume(),
                s.openUa(), s.highUa(), s.lowUa(), s.closeUa(), s.volumeUa()};
    }
}
