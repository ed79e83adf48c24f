package io.lcscanner.server;

/** A bad command-line argument or configuration value; the message names the option. Exit code 2. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String option, String reason) {
        super(option + ": " + reason);
    }
}
