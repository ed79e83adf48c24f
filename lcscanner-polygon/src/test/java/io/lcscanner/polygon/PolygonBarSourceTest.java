package io.lcscanner.polygon;

import io.lcscanner.core.Golden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.HitFormat;
import io.lcscanner.core.ProgressListener;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScanResult;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.calendar.NyseCalendar;
import io.lcscanner.core.source.BarSeries;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.CsvBarSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class PolygonBarSourceTest {
    static final LocalDate FROM = LocalDate.of(2024, 7, 1);
    static final LocalDate TO = LocalDate.of(2025, 10, 31);
    static final Clock MONDAY_NOON = at(LocalDate.of(2025, 11, 3), LocalTime.NOON);
    private static FakePolygonServer server;
    private static CsvBarSource csv;

    @BeforeAll
    static void start() throws IOException {
        server = FakePolygonServer.fromCsv(Golden.file("bars.csv"), 3);
        csv = new CsvBarSource(Golden.file("bars.csv"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Clock at(LocalDate date, LocalTime time) {
        return Clock.fixed(ZonedDateTime.of(date, time, NyseCalendar.NEW_YORK).toInstant(), NyseCalendar.NEW_YORK);
    }

    static PolygonConfig config(FakePolygonServer s, Path cache) {
        return PolygonClientTest.config(s).withCacheDir(cache).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500));
    }

    static String csvOf(ScanResult r) throws IOException {
        StringBuilder sb = new StringBuilder();
        HitFormat.writeCsv(r.schema(), r.hits(), sb);
        return sb.toString();
    }

    static long grouped(FakePolygonServer s, int before) {
        return s.requests.stream().skip(before).filter(r -> r.path().startsWith("/v2/aggs/grouped")).count();
    }

    /** Same tickers with bars (the CSV window also lists tickers without bars in it), same bars. */
    static void assertSameBars(BarSource.Window expectedWindow, BarSource.Window actual) {
        List<BarSeries> expected = new ArrayList<>();
        for (int i = 0; i < expectedWindow.tickerCount(); i++) {
            if (expectedWindow.series(i).size() > 0) {
                expected.add(expectedWindow.series(i));
            }
        }
        assertThat(actual.tickerCount()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            BarSeries e = expected.get(i), a = actual.series(i);
            assertThat(a.ticker()).isEqualTo(e.ticker());
            assertThat(a.epochDays()).as(e.ticker()).containsExactly(e.epochDays());
            assertThat(a.open()).as(e.ticker()).containsExactly(e.open());
            assertThat(a.high()).as(e.ticker()).containsExactly(e.high());
            assertThat(a.low()).as(e.ticker()).containsExactly(e.low());
            assertThat(a.close()).as(e.ticker()).containsExactly(e.close());
            assertThat(a.volume()).as(e.ticker()).containsExactly(e.volume());
            assertThat(a.openUa()).as(e.ticker()).containsExactly(e.openUa());
            assertThat(a.highUa()).as(e.ticker()).containsExactly(e.highUa());
            assertThat(a.lowUa()).as(e.ticker()).containsExactly(e.lowUa());
            assertThat(a.closeUa()).as(e.ticker()).containsExactly(e.closeUa());
            assertThat(a.volumeUa()).as(e.ticker()).containsExactly(e.volumeUa());
        }
    }

    @Test
    @Timeout(300) // a guard only: the faults cost retries and read timeouts
    void goldenScanThroughEveryFaultEqualsTheCsvScanAndAWarmCacheAsksNothing(@TempDir Path cache) throws Exception {
        ScanRequest request = ScanRequest.builder(FROM, TO).build();
        String expected;
        try (Scanner scanner = Scanner.builder(csv).parallelism(2).build()) {
            expected = csvOf(scanner.run(request, ProgressListener.NONE));
        }
        assertThat(expected.lines().toList()).containsExactlyElementsOf(Golden.lines("expected_hits.csv"));

        server.faults = FakePolygonServer.Faults.realistic();
        server.faults.stallMillis = 1200;
        int before = server.requests.size();
        ScanResult cold;
        BarSource.Counters coldCounters;
        try (PolygonClient client = new PolygonClient(config(server, cache))) {
            PolygonBarSource source = new PolygonBarSource(client, MONDAY_NOON);
            try (Scanner scanner = Scanner.builder(source).parallelism(2).build()) {
                cold = scanner.run(request, ProgressListener.NONE);
            }
            coldCounters = source.counters();
            assertThat(coldCounters.requests()).isEqualTo(client.requestCount());
        }
        assertThat(csvOf(cold)).isEqualTo(expected);
        int sessions = NyseCalendar.sessions(request.loadFrom(), TO).size();
        assertThat(grouped(server, before)).isGreaterThan(2L * sessions); // faults cost retries
        assertThat(cold.warnings()).anyMatch(w -> w.startsWith("skipped ") && w.contains("invalid Polygon rows"));
        assertThat(cold.warnings()).noneMatch(w -> w.contains("no bars for trading day"));
        server.releaseStalls();
        server.awaitIdle();
        assertThat(coldCounters.cacheMisses()).isEqualTo(sessions);
        assertThat(coldCounters.cacheHits()).isZero();
        assertThat(coldCounters.retries()).isPositive();
        // (not equal to the server's count: java.net.http sends a GET again by itself when a connection is reset)
        assertThat(coldCounters.requests()).isGreaterThan(2L * sessions);
        assertThat(coldCounters.errors()).isZero();
        // every fault did happen: 429s, 5xx, resets (-1), stalls (-2), truncated bodies (-3)
        assertThat(server.requests.stream().skip(before).map(FakePolygonServer.Request::status).distinct().toList())
                .contains(429, -1, -2, -3).containsAnyOf(500, 502, 503);

        before = server.requests.size();
        BarSource.Counters warmCounters;
        try (PolygonClient client = new PolygonClient(config(server, cache))) {
            PolygonBarSource source = new PolygonBarSource(client, MONDAY_NOON);
            try (Scanner scanner = Scanner.builder(source).parallelism(2).build()) {
                ScanResult warm = scanner.run(request, ProgressListener.NONE);
                assertThat(csvOf(warm)).isEqualTo(expected);
            }
            warmCounters = source.counters();
        }
        assertThat(warmCounters).isEqualTo(new BarSource.Counters(server.requests.size() - before, 0, 0, sessions, 0));
        assertThat(grouped(server, before)).isZero();
        // the only request of a warm scan: splits since the cache was filled (none; every split is older)
        assertThat(server.requests.stream().skip(before).map(FakePolygonServer.Request::path).toList())
                .containsOnly("/v3/reference/splits");
        server.faults = new FakePolygonServer.Faults();
    }

    @Test
    void windowsEqualTheCsvBarsAndProgressIsReported(@TempDir Path cache) throws Exception {
        LocalDate from = LocalDate.of(2025, 6, 2), to = LocalDate.of(2025, 7, 31);
        server.faults = new FakePolygonServer.Faults();
        server.faults.garbageRows = true;
        List<long[]> calls = new ArrayList<>();
        AtomicReference<String> last = new AtomicReference<>();
        try (PolygonClient client = new PolygonClient(config(server, cache))) {
            PolygonBarSource source = new PolygonBarSource(client, MONDAY_NOON);
            BarSource.Window w = source.open(from, to, t -> true, (done, total, msg) -> {
                calls.add(new long[] {done, total});
                last.set(msg);
            });
            assertSameBars(csv.open(from, to, t -> true, BarSource.LoadListener.NONE), w);
            BarSource.Window some = source.open(from, to, t -> t.startsWith("A"), BarSource.LoadListener.NONE);
            assertSameBars(csv.open(from, to, t -> t.startsWith("A"), BarSource.LoadListener.NONE), some);
        }
        int sessions = NyseCalendar.sessions(from, to).size();
        assertThat(calls.get(calls.size() - 1)).containsExactly(sessions, sessions);
        assertThat(calls).hasSize(sessions + 1);
        assertThat(last.get()).contains(sessions + "/" + sessions + " sessions").contains("requests").contains("retries");
    }

    @Test
    void anEmptyTradingDayIsAskedTwiceThenReported(@TempDir Path cache) throws Exception {
        LocalDate from = LocalDate.of(2025, 10, 1), to = LocalDate.of(2025, 10, 31), empty = LocalDate.of(2025, 10, 15);
        server.faults = new FakePolygonServer.Faults();
        server.faults.alwaysEmpty.add(empty);
        int before = server.requests.size();
        try (PolygonClient client = new PolygonClient(config(server, cache))) {
            BarSource.Window w = new PolygonBarSource(client, MONDAY_NOON).open(from, to, t -> true, BarSource.LoadListener.NONE);
            assertThat(w.warnings()).anyMatch(s -> s.contains("2025-10-15"));
            for (int i = 0; i < w.tickerCount(); i++) {
                assertThat(w.series(i).epochDays()).doesNotContain((int) empty.toEpochDay());
            }
            assertThat(w.tickerCount()).isPositive();
        }
        assertThat(server.requests.stream().skip(before).filter(r -> r.path().endsWith("/2025-10-15")).count()).isEqualTo(4);
        assertThat(cache.resolve("polygon-v1/daily/2025/2025-10-15.bin")).doesNotExist();
        assertThat(cache.resolve("polygon-v1/daily/2025/2025-10-14.bin")).exists();
        server.faults = new FakePolygonServer.Faults();
    }

    @Test
    void corruptOrTruncatedCacheFilesAreDeletedAndRefetched(@TempDir Path cache) throws Exception {
        LocalDate from = LocalDate.of(2025, 9, 1), to = LocalDate.of(2025, 9, 30);
        server.faults = new FakePolygonServer.Faults();
        try (PolygonClient client = new PolygonClient(config(server, cache))) {
            new PolygonBarSource(client, MONDAY_NOON).open(from, to, t -> true, BarSource.LoadListener.NONE);
        }
        Path truncated = cache.resolve("polygon-v1/daily/2025/2025-09-10.bin");
        Path flipped = cache.resolve("polygon-v1/daily/2025/2025-09-17.bin");
        byte[] t = Files.readAllBytes(truncated);
        Files.write(truncated, java.util.Arrays.copyOf(t, t.length / 3));
        byte[] f = Files.readAllBytes(flipped);
        f[f.length / 2] ^= 0x10;
        Files.write(flipped, f);
        int before = server.requests.size();
        try (PolygonClient client = new PolygonClient(config(server, cache))) {
            BarSource.Window w = new PolygonBarSource(client, MONDAY_NOON).open(from, to, x -> true, BarSource.LoadListener.NONE);
            assertSameBars(csv.open(from, to, x -> true, BarSource.LoadListener.NONE), w);
        }
        assertThat(server.requests.stream().skip(before).filter(r -> r.path().startsWith("/v2/aggs/grouped"))
                .map(FakePolygonServer.Request::path).distinct().toList())
                .containsExactlyInAnyOrder("/v2/aggs/grouped/locale/us/market/stocks/2025-09-10",
                        "/v2/aggs/grouped/locale/us/market/stocks/2025-09-17");
        assertThat(CacheFile.read(truncated, SessionFile.MAGIC, null)).isNotNull(); // rewritten whole
        assertThat(CacheFile.read(flipped, SessionFile.MAGIC, null)).isNotNull();
    }

    @Test
    void writesThatAnInterruptedRunLeftBehindAreRemovedOnceOld(@TempDir Path cache) throws Exception {
        Path year = Files.createDirectories(cache.resolve("polygon-v1/daily/2025"));
        Path adjusted = Files.createDirectories(cache.resolve("polygon-v1/adjusted"));
        Path old = Files.writeString(year.resolve(".2025-10-30.bin4711.tmp"), "half a file");
        Path oldOverride = Files.writeString(adjusted.resolve(".AAPL.bin99.tmp"), "half a file");
        Path underWay = Files.writeString(year.resolve(".2025-10-31.bin12.tmp"), "being written by another process");
        java.nio.file.attribute.FileTime twoHoursAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(old, twoHoursAgo);
        Files.setLastModifiedTime(oldOverride, twoHoursAgo);
        try (PolygonClient client = new PolygonClient(config(server, cache))) {
            new PolygonBarSource(client, MONDAY_NOON).open(TO, TO, t -> true, BarSource.LoadListener.NONE);
        }
        assertThat(old).doesNotExist();
        assertThat(oldOverride).doesNotExist();
        assertThat(underWay).exists();
        assertThat(year.resolve("2025-10-31.bin")).exists();
    }

    @Test
    void aFileOfAnOlderFormatIsReplacedByAFreshFetch(@TempDir Path cache) throws Exception {
        LocalDate from = LocalDate.of(2025, 9, 2), to = LocalDate.of(2025, 9, 5);
        try (PolygonClient client = new PolygonClient(config(server, cache))) {
            new PolygonBarSource(client, MONDAY_NOON).open(from, to, t -> true, BarSource.LoadListener.NONE);
        }
        Path old = cache.resolve("polygon-v1/daily/2025/2025-09-03.bin");
        byte[] b = Files.readAllBytes(old);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        bb.putShort(4, (short) (CacheFile.VERSION - 1)); // an intact file of the previous version
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(b, 0, b.length - 4);
        bb.putInt(b.length - 4, (int) crc.getValue());
        Files.write(old, b);
        assertThatThrownBy(() -> CacheFile.read(old, SessionFile.MAGIC, null)).hasMessageContaining("version " + (CacheFile.VERSION - 1));

        int before = server.requests.size();
        try (PolygonClient client = new PolygonClient(config(server, cache))) {
            PolygonBarSource source = new PolygonBarSource(client, MONDAY_NOON);
            BarSource.Window w = source.open(from, to, x -> true, BarSource.LoadListener.NONE);
            assertSameBars(csv.open(from, to, x -> true, BarSource.LoadListener.NONE), w);
            assertThat(source.counters().cacheHits()).isEqualTo(3);
            assertThat(source.counters().cacheMisses()).isEqualTo(1);
        }
        assertThat(server.requests.stream().skip(before).filter(r -> r.path().startsWith("/v2/aggs/grouped"))
                .map(FakePolygonServer.Request::path).distinct().toList())
                .containsExactly("/v2/aggs/grouped/locale/us/market/stocks/2025-09-03");
        assertThat(CacheFile.read(old, SessionFile.MAGIC, null)).isNotNull(); // rewritten in the current version
    }

    @Test
    void unfinishedSessionsAreSkippedAndRecentOnesNotCached(@TempDir Path cache) throws Exception {
        LocalDate day = LocalDate.of(2025, 10, 31), from = LocalDate.of(2025, 10, 27);
        Path file = cache.resolve("polygon-v1/daily/2025/2025-10-31.bin");
        try (PolygonClient client = new PolygonClient(config(server, cache))) {
            BarSource.Window during = new PolygonBarSource(client, at(day, LocalTime.of(14, 0)))
                    .open(from, day.plusDays(3), t -> true, BarSource.LoadListener.NONE);
            assertThat(lastDay(during)).isEqualTo(day.minusDays(1));
            assertThat(during.warnings()).anyMatch(w -> w.contains("today's session 2025-10-31 is not finished"));
            BarSource.Window justAfter = new PolygonBarSource(client, at(day, LocalTime.of(16, 30)))
                    .open(from, day, t -> true, BarSource.LoadListener.NONE);
            assertThat(lastDay(justAfter)).isEqualTo(day);
            assertThat(justAfter.warnings()).isEmpty();
            assertThat(file).doesNotExist();
            assertThat(cache.resolve("polygon-v1/daily/2025/2025-10-30.bin")).exists();
            new PolygonBarSource(client, at(day, LocalTime.of(22, 0))).open(from, day, t -> true, BarSource.LoadListener.NONE);
            assertThat(file).exists();
        }
    }

    @Test
    void anInvertedWindowIsEmpty() throws Exception {
        try (PolygonClient client = new PolygonClient(config(server, null))) {
            int mark = server.requests.size();
            BarSource.Window w = new PolygonBarSource(client, MONDAY_NOON).open(TO, FROM, t -> true, BarSource.LoadListener.NONE);
            assertThat(w.tickerCount()).isZero();
            assertThat(server.requests.size()).isEqualTo(mark);
        }
    }

    private static LocalDate lastDay(BarSource.Window w) {
        int max = Integer.MIN_VALUE;
        for (int i = 0; i < w.tickerCount(); i++) {
            int[] d = w.series(i).epochDays();
            if (d.length > 0) {
                max = Math.max(max, d[d.length - 1]);
            }
        }
        return LocalDate.ofEpochDay(max);
    }

    @Test
    void universeIsTheLastFinishedSession(@TempDir Path cache) throws Exception {
        try (PolygonClient client = new PolygonClient(config(server, cache))) {
            BarSource.Universe u = new PolygonBarSource(client, MONDAY_NOON).universe();
            assertThat(u.lastSession()).isEqualTo(TO);
            assertThat(u.tickers()).containsExactlyElementsOf(server.byDate.get(TO).stream().map(FakePolygonServer.Bar::ticker)
                    .sorted().toList());
            assertThat(u.firstSession()).isEqualTo(TO); // the cache holds just that session now
        }
        try (PolygonClient client = new PolygonClient(config(server, null))) {
            BarSource.Universe u = new PolygonBarSource(client, MONDAY_NOON).universe();
            assertThat(u.firstSession()).isEqualTo(LocalDate.of(2023, 10, 31));
        }
    }

    @Test
    @Timeout(60) // a guard only
    void anInterruptStopsTheLoadAndCancelsWhatWasNotSent() throws Exception {
        server.latencyMillis = 100;
        PolygonConfig c = config(server, null).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
        int before = server.requests.size();
        try (PolygonClient client = new PolygonClient(c)) {
            PolygonBarSource source = new PolygonBarSource(client, MONDAY_NOON);
            java.util.concurrent.CountDownLatch loading = new java.util.concurrent.CountDownLatch(3);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread loader = new Thread(() -> {
                try {
                    source.open(FROM, TO, t -> true, (done, total, message) -> loading.countDown());
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            loader.start();
            loading.await(); // the load is under way: sessions are arriving
            loader.interrupt();
            loader.join();
            assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
            int atInterrupt = server.requests.size() - before;
            server.awaitIdle();
            int sessions = NyseCalendar.sessions(FROM, TO).size();
            // only requests already sent were answered afterwards; the hundreds queued behind them never went
            assertThat(server.requests.size() - before).isLessThanOrEqualTo(atInterrupt + c.maxConcurrency())
                    .isLessThan(2 * sessions);
        } finally {
            server.latencyMillis = 0;
        }
    }

    static long countFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
