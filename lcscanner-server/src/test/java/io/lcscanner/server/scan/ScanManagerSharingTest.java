package io.lcscanner.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.source.BarSource;
import io.lcscanner.core.source.IntradaySource;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.Json;
import io.lcscanner.server.http.Metrics;
import io.lcscanner.server.http.ScanRequestJson;
import io.lcscanner.server.http.SlowSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the manager shares its slots and its disk: a start that blocks holds no lock the counts need, one client never
 * holds every slot and another client's scan goes next, and retention deletes the oldest finished scans, never a
 * queued or running one.
 */
class ScanManagerSharingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ScanRequest REQUEST = ScanRequest.builder(LocalDate.of(2025, 1, 2), LocalDate.of(2025, 3, 31))
            .intraday(true).build();
    private static final ObjectNode JSON = ScanRequestJson.normalised(REQUEST);

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        threads.shutdownNow();
    }

    private ScanManager manager(BarSource source, int maxConcurrent, ScanLimits limits) {
        Scanner scanner = Scanner.builder(source).parallelism(2).build();
        open.add(scanner);
        ScanManager m = new ScanManager(scanner, new FileScanStore(dir), new ProgressHub(), new Metrics("test"),
                maxConcurrent, 10, Duration.ofMinutes(5), null, List.of(), limits);
        open.add(() -> m.shutdown(Duration.ofSeconds(10)));
        return m;
    }

    private static ScanLimits limits(int perClient, int maxStored, Duration maxAge) {
        return new ScanLimits(ScanLimits.DEFAULT_MAX_HITS, ScanLimits.DEFAULT_MAX_COLUMNS, perClient, 10, maxStored, maxAge);
    }

    private <T> T within2s(java.util.concurrent.Callable<T> what) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return what.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, threads).get(2, TimeUnit.SECONDS);
    }

    @Test
    void countsSubmitsAndCancelsAnswerWhileAScanIsBlockedStarting() throws Exception {
        Gate gate = new Gate(new SyntheticMarket(3, 20));
        gate.blockIntraday.set(true); // the scanner asks the source for intraday data as it starts the scan
        ScanManager m = manager(gate, 2, limits(2, 0, null));
        CompletableFuture<ScanRecord> first = CompletableFuture.supplyAsync(() -> m.submit(REQUEST, JSON, false, "a"), threads);
        assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();

        // what /metrics and /api/health read, another client's submit, the list: none waits for the blocked start
        assertThat(within2s(m::activeCount)).isEqualTo(1);
        assertThat(within2s(m::queuedCount)).isZero();
        assertThat(within2s(() -> m.list().size())).isEqualTo(1);
        ScanRecord second = within2s(() -> m.submit(REQUEST, JSON, false, "b"));
        assertThat(second.status()).isEqualTo(ScanRecord.Status.RUNNING);
        assertThat(within2s(m::activeCount)).isEqualTo(2);
        // cancelling the scan still starting: accepted now, done once it has started
        ScanRecord blocked = m.list().stream().filter(r -> r != second).findFirst().orElseThrow();
        assertThat(within2s(() -> m.cancel(blocked))).isTrue();

        gate.release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isSameAs(blocked);
        Awaitility.await().atMost(WAIT).until(() -> blocked.status().isFinal() && second.status().isFinal());
        assertThat(blocked.status()).isEqualTo(ScanRecord.Status.CANCELLED);
        assertThat(second.status()).isEqualTo(ScanRecord.Status.COMPLETED);
        assertThat(m.activeCount()).isZero();
    }

    @Test
    void oneClientCannotHoldEverySlotAndAnotherClientsScanGoesNext() throws Exception {
        ScanManager m = manager(new SlowSource(new SyntheticMarket(3, 40), 25), 2, limits(1, 0, null));
        ScanRecord a1 = m.submit(REQUEST, JSON, false, "10.0.0.1");
        ScanRecord a2 = m.submit(REQUEST, JSON, false, "10.0.0.1");
        ScanRecord a3 = m.submit(REQUEST, JSON, false, "10.0.0.1");
        // a slot is free, but client a has its share running
        assertThat(List.of(a1.status(), a2.status(), a3.status()))
                .containsExactly(ScanRecord.Status.RUNNING, ScanRecord.Status.QUEUED, ScanRecord.Status.QUEUED);
        ScanRecord b1 = m.submit(REQUEST, JSON, false, "10.0.0.2");
        assertThat(b1.status()).as("another client gets the free slot at once").isEqualTo(ScanRecord.Status.RUNNING);
        ScanRecord c1 = m.submit(REQUEST, JSON, false, "10.0.0.3");
        assertThat(c1.status()).isEqualTo(ScanRecord.Status.QUEUED);
        assertThat(m.activeCount()).isEqualTo(2);
        assertThat(m.queuedCount()).isEqualTo(3);

        for (ScanRecord r : List.of(a1, a2, a3, b1, c1)) {
            Awaitility.await().atMost(WAIT).until(() -> r.status().isFinal());
            assertThat(r.status()).isEqualTo(ScanRecord.Status.COMPLETED);
        }
        // c, queued after a's second and third, started before them: it had nothing running
        assertThat(started(c1)).isBeforeOrEqualTo(started(a2));
        assertThat(started(a2)).isAfterOrEqualTo(ended(a1)).isBeforeOrEqualTo(started(a3));
    }

    @Test
    void retentionDeletesTheOldestFinishedScansNeverAQueuedOrRunningOne() throws Exception {
        Gate gate = new Gate(new SyntheticMarket(3, 5));
        ScanManager m = manager(gate, 2, limits(1, 2, null));
        List<ScanRecord> done = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ScanRecord r = m.submit(REQUEST, JSON, false, "a");
            Awaitility.await().atMost(WAIT).until(() -> r.status().isFinal());
            done.add(r);
        }
        // the third finished: three stored, two allowed, the first (ended first) goes
        assertThat(ids(m)).containsExactlyInAnyOrder(done.get(1).id(), done.get(2).id());
        assertThat(dir.resolve(done.get(0).id())).doesNotExist();
        assertThat(dir.resolve(done.get(1).id()).resolve(FileScanStore.RESULTS_JSON)).exists();

        gate.blockOpen.set(true);
        ScanRecord running = m.submit(REQUEST, JSON, false, "a");
        ScanRecord queued = m.submit(REQUEST, JSON, false, "a"); // a runs one at a time
        assertThat(gate.entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(queued.status()).isEqualTo(ScanRecord.Status.QUEUED);
        m.applyRetention();
        // four stored, two allowed: only finished ones may go, and there are two
        assertThat(ids(m)).containsExactlyInAnyOrder(running.id(), queued.id());
        assertThat(dir.resolve(running.id())).exists();
        assertThat(dir.resolve(done.get(2).id())).doesNotExist();
        gate.release.countDown();
        Awaitility.await().atMost(WAIT).until(() -> queued.status().isFinal());
        assertThat(List.of(running.status(), queued.status())).containsOnly(ScanRecord.Status.COMPLETED);
        assertThat(ids(m)).containsExactlyInAnyOrder(running.id(), queued.id());
    }

    @Test
    void scansOlderThanTheAgeLimitAreDeletedWhenTheServerStarts() throws Exception {
        ScanManager first = manager(new SyntheticMarket(3, 5), 2, limits(1, 0, null));
        ScanRecord old = first.submit(REQUEST, JSON, false, "a");
        Awaitility.await().atMost(WAIT).until(() -> old.status().isFinal());
        ScanRecord recent = first.submit(REQUEST, JSON, false, "a");
        Awaitility.await().atMost(WAIT).until(() -> recent.status().isFinal());
        first.shutdown(Duration.ofSeconds(10));
        Path meta = dir.resolve(old.id()).resolve(FileScanStore.METADATA);
        ObjectNode stored = (ObjectNode) Json.MAPPER.readTree(meta.toFile());
        stored.put("completed_at", Instant.now().minus(Duration.ofDays(8)).toString());
        Files.write(meta, Json.bytes(stored));

        ScanManager second = manager(new SyntheticMarket(3, 5), 2, limits(1, 0, Duration.ofDays(7)));
        second.loadStored();
        assertThat(ids(second)).containsExactly(recent.id());
        assertThat(dir.resolve(old.id())).doesNotExist();
    }

    private static List<String> ids(ScanManager m) {
        return m.list().stream().map(ScanRecord::id).toList();
    }

    private static Instant started(ScanRecord r) {
        return Instant.parse(r.progressJson().startedAt());
    }

    private static Instant ended(ScanRecord r) {
        return Instant.parse(r.progressJson().completedAt());
    }

    /** A source that can block once, as a scan starts (intraday) or loads (open), until released. */
    private static final class Gate implements BarSource {
        final BarSource inner;
        final AtomicBoolean blockIntraday = new AtomicBoolean();
        final AtomicBoolean blockOpen = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Gate(BarSource inner) {
            this.inner = inner;
        }

        private void maybeBlock(AtomicBoolean armed) {
            if (armed.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public String description() {
            return "gate:" + inner.description();
        }

        @Override
        public Universe universe() throws IOException {
            return inner.universe();
        }

        @Override
        public Optional<IntradaySource> intraday() {
            maybeBlock(blockIntraday);
            return Optional.empty();
        }

        @Override
        public Window open(LocalDate from, LocalDate to, Predicate<String> tickers, LoadListener listener)
                throws IOException, InterruptedException {
            maybeBlock(blockOpen);
            return inner.open(from, to, tickers, listener);
        }
    }
}
