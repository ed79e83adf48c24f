package io.lcscanner.server.scan;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where the users' scanner documents are kept by name, byte for byte as sent (key order is meaning): files
 * ({@link FileScannerDocuments}, the default) or PostgreSQL ({@link PostgresScannerDocuments}). Names are checked
 * by the {@link ScannerLibrary} before they get here.
 */
public interface ScannerDocumentStore {
    /** The stored names, A to Z. */
    List<String> names() throws IOException;

    /** The document stored under {@code name}, as it was sent. */
    Optional<String> read(String name) throws IOException;

    /**
     * Stores {@code json} under {@code name}, replacing what was there.
     *
     * @return whether it was new (false: replaced)
     */
    boolean write(String name, String json) throws IOException;

    /** @return whether there was one */
    boolean delete(String name) throws IOException;
}
