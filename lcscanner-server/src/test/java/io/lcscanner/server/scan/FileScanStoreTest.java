package io.lcscanner.server.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The store suite on the file store. */
class FileScanStoreTest extends ScanStoreContract {
    @TempDir
    Path dir;

    @Override
    ScanStore newStore() throws Exception {
        return new FileScanStore(Files.createTempDirectory(dir, "scans"));
    }
}
