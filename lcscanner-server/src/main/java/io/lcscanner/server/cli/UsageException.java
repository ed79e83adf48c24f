package io.lcscanner.server.cli;

/** A bad command-line argument or configuration value; the message names the option. Exit code 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String option, String reason) {
        super(option + ": " + reason);
    }
}
