package io.lcscanner.server.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The scanner document suite on files. */
class FileScannerDocumentsTest extends ScannerDocumentsContract {
    @TempDir
    Path dir;

    @Override
    ScannerDocumentStore newStore() throws Exception {
        return new FileScannerDocuments(Files.createTempDirectory(dir, "scanners"));
    }
}
