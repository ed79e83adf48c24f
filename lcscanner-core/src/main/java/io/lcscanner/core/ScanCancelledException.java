package io.lcscanner.core;

import java.util.concurrent.CancellationException;

/** Thrown by a scan that was cancelled; no partial result exists. */
public final class ScanCancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** @param message which scan was cancelled */
    public ScanCancelledException(String message) {
        super(message);
    }
}
