package io.lcscanner.server.db;

/** The database cannot be reached, migrated or used; the message names the reason, never the password. */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
