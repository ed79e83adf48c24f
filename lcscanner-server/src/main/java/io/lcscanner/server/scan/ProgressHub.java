package io.lcscanner.server.scan;

import io.lcscanner.server.Json;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans each scan's state out to its WebSocket and SSE subscribers. Every scan has a channel with an
 * increasing event id; a subscriber first gets the current state (unless it has already seen it, per
 * SSE's {@code Last-Event-ID}), then every update; after a final event it is ended and dropped.
 *
 * <p>Nothing is sent while a lock is held: a connection's I/O thread may hold the connection's lock while
 * it closes it and unsubscribes, so a publisher that sent under the channel's lock could deadlock with
 * it. Instead each subscriber has a small outbox: the publisher queues the event under the channel's
 * lock (a leaf lock, never held while calling out), then drains the outboxes outside it, one
 * non-blocking send at a time per subscriber. A subscriber that cannot keep up has its queued progress
 * coalesced to the newest; the final event is always delivered. Unsubscribing takes no lock.
 */
public final class ProgressHub {
    private static final Logger log = LoggerFactory.getLogger(ProgressHub.class);
    /** Events a subscriber may have waiting; past it, the newest progress replaces the last queued one. */
    static final int OUTBOX = 8;

    /** Where events go: a WebSocket or an SSE connection. Calls must not block. */
    public interface Sink {
        /**
         * Starts sending {@code event}; calls {@code sent} exactly once, from any thread, with whether it
         * went out.
         */
        void send(Event event, Sent sent);

        /** No more events will come: close after what was sent. */
        void end();
    }

    /** Completion of one {@link Sink#send}. */
    @FunctionalInterface
    public interface Sent {
        void done(boolean delivered);
    }

    /**
     * @param id    increasing per scan (SSE {@code id:})
     * @param type  progress, completed, failed or cancelled
     * @param json  the message: {@code {"type","scan_id","data","timestamp"}}
     * @param last  whether this is the scan's final event
     */
    public record Event(long id, String type, String json, boolean last) {
    }

    /** An event as sent: {@code {"type","scan_id","data","timestamp"}}. */
    record Message(String type, String scanId, ScanRecord.EventData data, String timestamp) {
    }

    private static final class Channel {
        /* Guarded by this. */
        long seq;
        Event current;
        /** Concurrent, so unsubscribing never waits for a publisher. */
        final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /** Sends the record's current state to its subscribers. */
    void publish(ScanRecord r) {
        Channel c = channels.computeIfAbsent(r.id(), k -> new Channel());
        List<Subscription> targets;
        synchronized (c) {
            if (c.current != null && c.current.last()) {
                return; // the final event went out already (a late subscriber may have triggered it)
            }
            c.current = event(r, ++c.seq);
            targets = enqueueAll(c);
        }
        targets.forEach(Subscription::drain);
    }

    /**
     * Adds a subscriber: it gets the current state now if its id is above {@code lastEventId}
     * ({@code -1}: always), and is ended at once when the scan is already over.
     *
     * @return the subscription; cancel it when the connection closes
     */
    public Subscription subscribe(ScanRecord r, Sink sink, long lastEventId) {
        Channel c = channels.computeIfAbsent(r.id(), k -> new Channel());
        Subscription s = new Subscription(c, sink);
        List<Subscription> others = List.of();
        synchronized (c) {
            // the record may be ahead of the last published event (final, not yet published): show the record
            if (c.current == null || (!c.current.last() && r.status().isFinal())) {
                c.current = event(r, ++c.seq);
                if (c.current.last()) {
                    others = enqueueAll(c);
                }
            }
            if (c.current.id() > lastEventId) {
                s.enqueue(c.current);
            }
            if (c.current.last()) {
                s.finish();
            } else {
                c.subscribers.add(s);
            }
        }
        others.forEach(Subscription::drain);
        s.drain();
        return s;
    }

    /* Holds the channel's lock: queues its current event for every subscriber (drops them all after a final one). */
    private static List<Subscription> enqueueAll(Channel c) {
        List<Subscription> targets = new ArrayList<>(c.subscribers);
        for (Subscription s : targets) {
            s.enqueue(c.current);
            if (c.current.last()) {
                s.finish();
            }
        }
        if (c.current.last()) {
            c.subscribers.clear();
        }
        return targets;
    }

    /** Whether the scan is over and a client that saw event {@code lastEventId} has seen its final event. */
    public boolean seenFinal(String scanId, long lastEventId) {
        Channel c = channels.get(scanId);
        if (c == null) {
            return false;
        }
        synchronized (c) {
            return c.current != null && c.current.last() && c.current.id() <= lastEventId;
        }
    }

    /** Drops a deleted scan's channel. */
    void forget(String scanId) {
        channels.remove(scanId);
    }

    /** Ends every subscriber once what it has queued is sent (server shutdown). */
    public void endAll() {
        List<Subscription> all = new ArrayList<>();
        for (Channel c : channels.values()) {
            synchronized (c) {
                all.addAll(c.subscribers);
                c.subscribers.forEach(Subscription::finish);
                c.subscribers.clear();
            }
        }
        all.forEach(Subscription::drain);
    }

    /** The scans that have subscribers now. */
    List<String> followedScans() {
        List<String> out = new ArrayList<>();
        channels.forEach((id, c) -> {
            if (!c.subscribers.isEmpty()) {
                out.add(id);
            }
        });
        return out;
    }

    public int subscriberCount() {
        int n = 0;
        for (Channel c : channels.values()) {
            n += c.subscribers.size();
        }
        return n;
    }

    private static Event event(ScanRecord r, long id) {
        synchronized (r) { // type, data and finality from one state of the record
            String type = r.eventType();
            return new Event(id, type, Json.text(new Message(type, r.id(), r.eventData(), Instant.now().toString())),
                    r.status().isFinal());
        }
    }

    /**
     * One subscriber's outbox. Its lock guards only its own fields and is never held while calling out,
     * so a send's completion (on an I/O thread, under the connection's lock) can always take it.
     */
    public static final class Subscription {
        private final Channel channel;
        private final Sink sink;
        /* Guarded by this. */
        private final Deque<Event> queue = new ArrayDeque<>();
        private boolean sending;
        private boolean finishing;
        private boolean closed;

        private Subscription(Channel channel, Sink sink) {
            this.channel = channel;
            this.sink = sink;
        }

        /** Queues an event; a full outbox has its newest progress replaced (coalesced). */
        private synchronized void enqueue(Event e) {
            if (closed || finishing) {
                return;
            }
            if (!e.last() && queue.size() >= OUTBOX) {
                queue.pollLast();
            }
            queue.addLast(e);
        }

        /** Ends the sink once the queue is sent. */
        private synchronized void finish() {
            finishing = true;
        }

        /** The connection closed: drop what is queued and leave the channel. Never blocks. */
        public void cancel() {
            synchronized (this) {
                closed = true;
                queue.clear();
            }
            channel.subscribers.remove(this);
        }

        /** Sends the next queued event unless one is on its way; ends the sink after the last. */
        private void drain() {
            Event next;
            synchronized (this) {
                if (sending || closed) {
                    return;
                }
                next = queue.pollFirst();
                if (next == null) {
                    if (!finishing) {
                        return;
                    }
                    closed = true;
                } else {
                    sending = true;
                }
            }
            if (next == null) {
                endSink();
                return;
            }
            try {
                sink.send(next, this::sent);
            } catch (RuntimeException e) { // a broken connection must not stop the others
                log.debug("dropping a progress subscriber: {}", e.toString());
                sent(false);
            }
        }

        private void sent(boolean delivered) {
            synchronized (this) {
                sending = false;
            }
            if (!delivered) {
                cancel();
                endSink();
                return;
            }
            drain();
        }

        private void endSink() {
            try {
                sink.end();
            } catch (RuntimeException e) {
                log.debug("ending a progress subscriber failed: {}", e.toString());
            }
        }
    }
}
