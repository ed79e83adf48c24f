package io.lcscanner.server.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.ScanProgress;
import io.lcscanner.core.ScanRequest;
import io.lcscanner.server.http.ScanRequestJson;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fan-out rules: current state first, then updates, final event once, Last-Event-ID respected. */
class ProgressHubTest {
    private final ProgressHub hub = new ProgressHub();

    /** A sink whose sends complete at once. */
    private static final class Recorder implements ProgressHub.Sink {
        final List<ProgressHub.Event> events = new ArrayList<>();
        int ended;

        @Override
        public void send(ProgressHub.Event event, ProgressHub.Sent sent) {
            events.add(event);
            sent.done(true);
        }

        @Override
        public void end() {
            ended++;
        }
    }

    private static ScanRecord record() {
        ScanRequest req = ScanRequest.builder(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 2, 1)).build();
        return new ScanRecord("scan_20250101_000000_0000000a", Instant.now(), req, ScanRequestJson.normalised(req), false, "test", null);
    }

    private static ScanProgress progress(double pct, int done) {
        return new ScanProgress(ScanProgress.Phase.COMPUTING, pct, "Scanning", "AAA", done, 10, 0);
    }

    @Test
    void subscribersGetCurrentStateThenUpdatesThenTheFinalEventOnce() {
        ScanRecord r = record();
        r.markRunning(Instant.now());
        hub.publish(r);
        Recorder early = new Recorder();
        hub.subscribe(r, early, -1);
        r.progress(progress(50, 5));
        hub.publish(r);
        r.end(ScanRecord.Status.CANCELLED, Instant.now(), "Cancelled");
        hub.publish(r);
        hub.publish(r); // a second publish of the final state sends nothing more
        assertThat(early.events).extracting(ProgressHub.Event::type).containsExactly("progress", "progress", "cancelled");
        assertThat(early.events).extracting(ProgressHub.Event::id).isSorted().doesNotHaveDuplicates();
        assertThat(early.ended).isEqualTo(1);
        assertThat(hub.subscriberCount()).isZero();

        Recorder late = new Recorder();
        hub.subscribe(r, late, -1);
        assertThat(late.events).hasSize(1);
        assertThat(late.events.get(0).id()).isEqualTo(early.events.get(2).id());
        assertThat(late.ended).isEqualTo(1);
        assertThat(hub.seenFinal(r.id(), late.events.get(0).id())).isTrue();
        assertThat(hub.seenFinal(r.id(), late.events.get(0).id() - 1)).isFalse();

        Recorder resumed = new Recorder();
        hub.subscribe(r, resumed, late.events.get(0).id());
        assertThat(resumed.events).isEmpty();
        assertThat(resumed.ended).isEqualTo(1);
    }

    @Test
    void aSubscriberArrivingBeforeTheFinalPublishSeesTheRecordsFinalState() {
        ScanRecord r = record();
        r.markRunning(Instant.now());
        hub.publish(r);
        Recorder waiting = new Recorder();
        hub.subscribe(r, waiting, -1);
        r.end(ScanRecord.Status.FAILED, Instant.now(), "timeout: too long"); // not yet published
        Recorder late = new Recorder();
        hub.subscribe(r, late, -1);
        assertThat(late.events).extracting(ProgressHub.Event::type).containsExactly("failed");
        assertThat(waiting.events).extracting(ProgressHub.Event::type).containsExactly("progress", "failed");
        hub.publish(r);
        assertThat(waiting.events).hasSize(2);
        assertThat(late.events.get(0).json()).contains("\"error\":\"timeout: too long\"");
    }

    @Test
    void aBrokenSubscriberDoesNotStopTheOthers() {
        ScanRecord r = record();
        r.markRunning(Instant.now());
        Recorder ok = new Recorder();
        hub.subscribe(r, new ProgressHub.Sink() {
            @Override
            public void send(ProgressHub.Event event, ProgressHub.Sent sent) {
                if (event.id() > 1) {
                    throw new IllegalStateException("closed");
                }
                sent.done(true);
            }

            @Override
            public void end() {
            }
        }, -1);
        hub.subscribe(r, ok, -1);
        r.progress(progress(10, 1));
        hub.publish(r);
        r.progress(progress(20, 2));
        hub.publish(r);
        assertThat(ok.events).hasSize(3);
        assertThat(hub.subscriberCount()).isEqualTo(1);
    }

    /** A sink whose sends complete only when the test says so: a client that does not read. */
    private static final class Stalled implements ProgressHub.Sink {
        final List<ProgressHub.Event> started = new ArrayList<>();
        final List<ProgressHub.Sent> pending = new ArrayList<>();
        int ended;

        @Override
        public synchronized void send(ProgressHub.Event event, ProgressHub.Sent sent) {
            started.add(event);
            pending.add(sent);
        }

        @Override
        public synchronized void end() {
            ended++;
        }

        /** Completes the send in flight; returns whether there was one. */
        boolean completeOne() {
            ProgressHub.Sent s;
            synchronized (this) {
                if (pending.isEmpty()) {
                    return false;
                }
                s = pending.remove(0);
            }
            s.done(true);
            return true;
        }
    }

    @Test
    void aSubscriberThatDoesNotReadNeitherBlocksOthersNorMissesTheFinalEvent() {
        ScanRecord r = record();
        r.markRunning(Instant.now());
        Stalled slow = new Stalled();
        Recorder fast = new Recorder();
        hub.subscribe(r, slow, -1);
        hub.subscribe(r, fast, -1);
        for (int i = 1; i <= 50; i++) {
            r.progress(progress(i, i % 10));
            hub.publish(r);
        }
        r.end(ScanRecord.Status.CANCELLED, Instant.now(), "Cancelled");
        hub.publish(r);
        assertThat(fast.events).hasSize(52);
        assertThat(fast.ended).isEqualTo(1);
        assertThat(slow.started).hasSize(1); // one send at a time

        while (slow.completeOne()) {
            // the client reads again: its outbox drains
        }
        // at most the outbox's worth of progress was kept, newest last, then the final event
        assertThat(slow.started.size()).isLessThanOrEqualTo(1 + ProgressHub.OUTBOX + 1);
        assertThat(slow.started).extracting(ProgressHub.Event::id).isSorted().doesNotHaveDuplicates();
        assertThat(slow.started.get(slow.started.size() - 1).type()).isEqualTo("cancelled");
        assertThat(slow.started.get(slow.started.size() - 2).id()).isEqualTo(fast.events.get(50).id());
        assertThat(slow.ended).isEqualTo(1);
        assertThat(hub.subscriberCount()).isZero();
    }

    @Test
    void unsubscribingWhileASendWaitsForTheConnectionDoesNotDeadlock() throws Exception {
        // Undertow's send waits for the connection's lock; the I/O thread holding it may be closing the
        // connection and unsubscribing at that moment. Here the send waits until the unsubscribe returned.
        ScanRecord r = record();
        r.markRunning(Instant.now());
        java.util.concurrent.CountDownLatch unsubscribed = new java.util.concurrent.CountDownLatch(1);
        ProgressHub.Subscription[] subscription = new ProgressHub.Subscription[1];
        java.util.concurrent.atomic.AtomicInteger sends = new java.util.concurrent.atomic.AtomicInteger();
        subscription[0] = hub.subscribe(r, new ProgressHub.Sink() {
            @Override
            public void send(ProgressHub.Event event, ProgressHub.Sent sent) {
                if (sends.incrementAndGet() == 1) {
                    sent.done(true); // the current state, on subscribing
                    return;
                }
                Thread io = new Thread(subscription[0]::cancel, "io-thread-closing");
                io.start();
                try {
                    assertThat(unsubscribedWithin(io, unsubscribed)).as("unsubscribe blocked").isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sent.done(false);
            }

            @Override
            public void end() {
            }
        }, -1);
        r.progress(progress(10, 1));
        hub.publish(r);
        assertThat(unsubscribed.getCount()).isZero();
        assertThat(hub.subscriberCount()).isZero();
        r.progress(progress(20, 2));
        hub.publish(r); // nobody left: nothing sent
        assertThat(sends.get()).isEqualTo(2);
    }

    private static boolean unsubscribedWithin(Thread io, java.util.concurrent.CountDownLatch unsubscribed)
            throws InterruptedException {
        io.join(5000);
        if (io.isAlive()) {
            return false;
        }
        unsubscribed.countDown();
        return true;
    }
}
