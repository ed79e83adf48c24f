package io.lcscanner.core;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scan running in the background, from {@link Scanner#start}. {@link #result()} completes with the
 * {@link ScanResult}, or exceptionally with {@link ScanCancelledException} after {@link #cancel()}
 * (honoured within about 100 ms) or when its {@link Scanner} is closed, or with the failure.
 */
public final class ScanHandle {
    private final CompletableFuture<ScanResult> result;
    private final Runnable canceller;

    ScanHandle(CompletableFuture<ScanResult> result, Runnable canceller) {
        this.result = result;
        this.canceller = canceller;
    }

    /** Asks the scan to stop; it ends with {@link ScanCancelledException}, never a partial result. */
    public void cancel() {
        canceller.run();
    }

    /**
     * The result as a read-only stage, to chain work on ({@code thenAccept}, {@code whenComplete}…).
     * Completing or cancelling a future derived from it does not touch the scan: use {@link #cancel()}.
     *
     * @return the scan's outcome, read-only
     */
    public CompletionStage<ScanResult> result() {
        return result.minimalCompletionStage();
    }

    /**
     * Waits up to {@code timeout} for the result. A cancelled scan throws {@link ScanCancelledException}
     * and a failed one its own exception, unwrapped (whatever the JDK's {@code CompletableFuture.get}
     * wraps them in: from JDK 23 on it wraps a cancellation in a new {@code CancellationException}).
     *
     * @param timeout how long to wait
     * @param unit the timeout's unit
     * @return the result
     * @throws InterruptedException if the waiting thread is interrupted (the scan goes on)
     * @throws TimeoutException if the scan is still running after the timeout
     */
    public ScanResult await(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException {
        try {
            return result.get(timeout, unit);
        } catch (CancellationException e) {
            throw e instanceof ScanCancelledException s ? s
                    : e.getCause() instanceof ScanCancelledException c ? c : new ScanCancelledException(e.getMessage());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("scan failed: " + cause, cause);
        }
    }

    /** @return whether the scan has ended, however it ended */
    public boolean isDone() {
        return result.isDone();
    }
}
