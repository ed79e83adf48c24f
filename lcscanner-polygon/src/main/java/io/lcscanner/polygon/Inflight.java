package io.lcscanner.polygon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/** The futures of one load still running, so that an interrupt or a failure cancels all of them. */
final class Inflight {
    private final Set<CompletableFuture<?>> running = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    /**
     * Runs {@code call} on one of the client's threads, tracked; once {@link #cancelAll} has begun it does nothing:
     * a client thread freed by the cancellation must not send a request queued behind it that is not cancelled yet.
     */
    <T> CompletableFuture<T> run(PolygonClient client, Callable<T> call) {
        return track(client.async(() -> {
            if (cancelled) {
                throw new CancellationException("the load was cancelled");
            }
            return call.call();
        }));
    }

    /** Remembers {@code f} until it completes (then forgets it, and its result); returns it. */
    <T> CompletableFuture<T> track(CompletableFuture<T> f) {
        running.add(f);
        f.whenComplete((v, e) -> running.remove(f));
        return f;
    }

    /** Waits for {@code f}; on interrupt or failure cancels everything running; failures come out as IOExceptions. */
    <T> T await(CompletableFuture<T> f) throws IOException, InterruptedException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            cancelAll();
            throw e;
        } catch (ExecutionException | CompletionException | CancellationException e) {
            cancelAll();
            throw rethrowable(e);
        }
    }

    void cancelAll() {
        cancelled = true;
        for (CompletableFuture<?> f : running) {
            f.cancel(true);
        }
    }

    /**
     * The failure behind {@code e}, unwrapped from futures: the IOException or RuntimeException as it was
     * thrown, an InterruptedException as such, anything else wrapped in an IOException.
     */
    static IOException rethrowable(Throwable e) throws InterruptedException {
        Throwable c = e;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        if (c instanceof IOException io) {
            return io;
        }
        if (c instanceof UncheckedIOException u) {
            return u.getCause();
        }
        if (c instanceof InterruptedException ie) {
            throw ie;
        }
        if (c instanceof RuntimeException re) {
            throw re;
        }
        if (c instanceof Error err) {
            throw err;
        }
        return new IOException(c.toString(), c);
    }
}
