package io.lcscanner.core;

import java.util.concurrent.CompletableFuture;

/**
 * A scan running in the background, from {@link Scanner#start}. {@link #result()} completes with the
 * {@link ScanResult}, or exceptionally with {@link ScanCancelledException} after {@link #cancel()}
 * (honoured within about 100 ms), or with the failure.
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

    public CompletableFuture<ScanResult> result() {
        return result;
    }

    public boolean isDone() {
        return result.isDone();
    }
}
