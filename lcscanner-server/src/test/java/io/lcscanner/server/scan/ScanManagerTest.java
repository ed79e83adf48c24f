package io.lcscanner.server.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.HitSchema;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.core.ScannerDefinition;
import io.lcscanner.core.ScanStats;
import io.lcscanner.core.Scanner;
import io.lcscanner.core.synthetic.SyntheticMarket;
import io.lcscanner.server.http.SlowSource;
import io.lcscanner.server.http.Metrics;
import io.lcscanner.server.http.ScanRequestJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan manager's contract: counters never wait on the disk, cancel says what it did, states only move forward. */
class ScanManagerTest {
    private static final ScanRequest REQUEST = ScanRequest.builder(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 6, 30)).build();

    @TempDir
    Path dir;
    private final Scanner scanner = Scanner.builder(new SlowSource(new SyntheticMarket(3, 200), 20)).parallelism(2).build();
    private ScanManager manager;

    private ScanManager manager(ScanStore store, int maxConcurrent) {
        manager = new ScanManager(scanner, store, new ProgressHub(), new Metrics("test"), maxConcurrent, 10, Duration.ofMinutes(5),
                null, List.of());
        return manager;
    }

    @AfterEach
    void close() {
        if (manager != null) {
            manager.shutdown(Duration.ofSeconds(5));
        }
        scanner.close();
    }

    @Test
    void theCountersNeverWaitForAMetadataWrite() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch diskBack = new CountDownLatch(1);
        ScanStore slowDisk = new FileScanStore(dir) {
            @Override
            public void saveMetadata(ScanRecord r) throws IOException {
                writing.countDown();
                try {
                    diskBack.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.saveMetadata(r);
            }
        };
        ScanManager m = manager(slowDisk, 1);
        // own threads: the common pool may have a single one, which the blocked submit would hold
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newCachedThreadPool();
        CompletableFuture<ScanRecord> submitted = CompletableFuture.supplyAsync(
                () -> m.submit(REQUEST, ScanRequestJson.normalised(REQUEST), false), threads);
        try {
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            // what /metrics and /api/health read, while the disk does not answer
            assertThat(CompletableFuture.supplyAsync(m::activeCount, threads).get(2, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(CompletableFuture.supplyAsync(m::queuedCount, threads).get(2, TimeUnit.SECONDS)).isZero();
            assertThat(CompletableFuture.supplyAsync(() -> m.list().size(), threads).get(2, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            diskBack.countDown();
            threads.shutdown();
        }
        ScanRecord r = submitted.get(10, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(ScanRecord.Status.RUNNING);
    }

    @Test
    void cancelSaysWhetherItDidSomething() throws Exception {
        ScanManager m = manager(new FileScanStore(dir), 1);
        ScanRecord running = m.submit(REQUEST, ScanRequestJson.normalised(REQUEST), false);
        ScanRecord queued = m.submit(REQUEST, ScanRequestJson.normalised(REQUEST), false);
        assertThat(queued.status()).isEqualTo(ScanRecord.Status.QUEUED);

        assertThat(m.cancel(queued)).isTrue();
        assertThat(queued.status()).isEqualTo(ScanRecord.Status.CANCELLED);
        assertThat(m.cancel(queued)).as("already cancelled").isFalse();

        assertThat(m.cancel(running)).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(running::status, ScanRecord.Status::isFinal);
        assertThat(running.status()).isEqualTo(ScanRecord.Status.CANCELLED);
        assertThat(m.cancel(running)).as("already over").isFalse();
    }

    private static final HitSchema LC = HitSchema.of(ScannerDefinition.lc(), false, false);

    @Test
    void aScanRecordsStatesOnlyMoveForward() {
        ScanRecord r = new ScanRecord("scan_20250101_000000_0000000a", Instant.now(), REQUEST,
                ScanRequestJson.normalised(REQUEST), false, "test", null);
        assertThatThrownBy(() -> r.complete(Instant.now(), 0, stats(), LC, List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("queued");
        r.markRunning(Instant.now());
        assertThatThrownBy(() -> r.markRunning(Instant.now())).isInstanceOf(IllegalStateException.class);
        r.complete(Instant.now(), 0, stats(), LC, List.of());
        assertThatThrownBy(() -> r.end(ScanRecord.Status.CANCELLED, Instant.now(), "Cancelled"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("completed");
        assertThatThrownBy(() -> r.markRunning(Instant.now())).isInstanceOf(IllegalStateException.class);
        assertThat(r.status()).isEqualTo(ScanRecord.Status.COMPLETED);

        ScanRecord q = new ScanRecord("scan_20250101_000000_0000000b", Instant.now(), REQUEST,
                ScanRequestJson.normalised(REQUEST), false, "test", null);
        q.end(ScanRecord.Status.CANCELLED, Instant.now(), "Cancelled before it started");
        assertThatThrownBy(() -> q.end(ScanRecord.Status.INTERRUPTED, Instant.now(), "stopped"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> q.end(ScanRecord.Status.COMPLETED, Instant.now(), "no"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(q.status()).isEqualTo(ScanRecord.Status.CANCELLED);
    }

    private static ScanStats stats() {
        return scannerStats();
    }

    private static ScanStats scannerStats() {
        try (Scanner s = Scanner.builder(new SyntheticMarket(1, 5)).parallelism(1).build()) {
            return s.run(ScanRequest.builder(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 1, 31)).build(), null).stats();
        }
    }
}
