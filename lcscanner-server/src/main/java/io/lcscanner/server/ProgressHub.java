package io.lcscanner.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans each scan's state out to its WebSocket and SSE subscribers. Every scan has a channel with an
 * increasing event id; a subscriber first gets the current state (unless it has already seen it, per
 * SSE's {@code Last-Event-ID}), then every update; after a final event it is ended and dropped.
 * Subscribe and publish lock the channel, so a late subscriber neither misses nor repeats an event.
 */
final class ProgressHub {
    private static final Logger log = LoggerFactory.getLogger(ProgressHub.class);

    /** A receiver of events: a WebSocket or an SSE connection. Calls must not block. */
    interface Subscriber {
        void send(Event event);

        /** No more events will come: close after what was sent. */
        void end();
    }

    /**
     * @param id    increasing per scan (SSE {@code id:})
     * @param type  progress, completed, failed or cancelled
     * @param json  the message: {@code {"type","scan_id","data","timestamp"}}
     * @param last  whether this is the scan's final event
     */
    record Event(long id, String type, String json, boolean last) {
    }

    private static final class Channel {
        long seq;
        Event current;
        final List<Subscriber> subscribers = new ArrayList<>();
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();

    /** Sends the record's current state to its subscribers. */
    void publish(ScanRecord r) {
        Channel c = channels.computeIfAbsent(r.id(), k -> new Channel());
        synchronized (c) {
            if (c.current != null && c.current.last()) {
                return; // the final event went out already (a late subscriber may have triggered it)
            }
            c.current = event(r, ++c.seq);
            deliver(c);
        }
    }

    /**
     * Adds a subscriber: it gets the current state now if its id is above {@code lastEventId}
     * ({@code -1}: always), and is ended at once when the scan is already over.
     */
    void subscribe(ScanRecord r, Subscriber s, long lastEventId) {
        Channel c = channels.computeIfAbsent(r.id(), k -> new Channel());
        synchronized (c) {
            // the record may be ahead of the last published event (final, not yet published): show the record
            if (c.current == null || (!c.current.last() && r.status().isFinal())) {
                c.current = event(r, ++c.seq);
                if (c.current.last()) {
                    deliver(c);
                }
            }
            if (c.current.id() > lastEventId) {
                s.send(c.current);
            }
            if (c.current.last()) {
                s.end();
            } else {
                c.subscribers.add(s);
            }
        }
    }

    /**
     * Sends the channel's current event to its subscribers (ending them after a final one). Iterates a
     * copy: ending a stream may run its close task, which unsubscribes, on this very thread.
     */
    private static void deliver(Channel c) {
        for (Subscriber s : List.copyOf(c.subscribers)) {
            try {
                s.send(c.current);
                if (c.current.last()) {
                    s.end();
                }
            } catch (RuntimeException e) { // a broken connection must not stop the others
                log.debug("dropping a progress subscriber: {}", e.toString());
                c.subscribers.remove(s);
            }
        }
        if (c.current.last()) {
            c.subscribers.clear();
        }
    }

    /** Whether the scan is over and a client that saw event {@code lastEventId} has seen its final event. */
    boolean seenFinal(String scanId, long lastEventId) {
        Channel c = channels.get(scanId);
        if (c == null) {
            return false;
        }
        synchronized (c) {
            return c.current != null && c.current.last() && c.current.id() <= lastEventId;
        }
    }

    void unsubscribe(String scanId, Subscriber s) {
        Channel c = channels.get(scanId);
        if (c != null) {
            synchronized (c) {
                c.subscribers.remove(s);
            }
        }
    }

    /** Drops a deleted scan's channel. */
    void forget(String scanId) {
        channels.remove(scanId);
    }

    /** Ends every subscriber (server shutdown). */
    void endAll() {
        for (Channel c : channels.values()) {
            synchronized (c) {
                List<Subscriber> all = List.copyOf(c.subscribers);
                c.subscribers.clear();
                all.forEach(Subscriber::end);
            }
        }
    }

    int subscriberCount() {
        int n = 0;
        for (Channel c : channels.values()) {
            synchronized (c) {
                n += c.subscribers.size();
            }
        }
        return n;
    }

    private static Event event(ScanRecord r, long id) {
        synchronized (r) { // type, data and finality from one state of the record
            String type = r.eventType();
            ObjectNode o = Json.object();
            o.put("type", type);
            o.put("scan_id", r.id());
            o.set("data", r.eventData());
            o.put("timestamp", Instant.now().toString());
            return new Event(id, type, Json.text(o), r.status().isFinal());
        }
    }
}
