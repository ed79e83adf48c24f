package io.lcscanner.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lcscanner.core.ScanProgress;
import io.lcscanner.core.ScanRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fan-out rules: current state first, then updates, final event once, Last-Event-ID respected. */
class ProgressHubTest {
    private final ProgressHub hub = new ProgressHub();

    private static final class Recorder implements ProgressHub.Subscriber {
        final List<ProgressHub.Event> events = new ArrayList<>();
        int ended;

        @Override
        public void send(ProgressHub.Event event) {
            events.add(event);
        }

        @Override
        public void end() {
            ended++;
        }
    }

    private static ScanRecord record() {
        ScanRequest req = ScanRequest.builder(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 2, 1)).build();
        return new ScanRecord("scan_20250101_000000_0000000a", Instant.now(), req, ScanRequestJson.normalised(req), false, "test");
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
        hub.subscribe(r, new ProgressHub.Subscriber() {
            @Override
            public void send(ProgressHub.Event event) {
                if (event.id() > 1) {
                    throw new IllegalStateException("closed");
                }
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
}
