package io.lcscanner.server.scan;

import io.lcscanner.server.db.Database;
import io.lcscanner.server.fixtures.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;

/** The scanner document suite on PostgreSQL. */
class PostgresScannerDocumentsTest extends ScannerDocumentsContract {
    private static final List<Database> opened = new ArrayList<>();

    @Override
    ScannerDocumentStore newStore() throws Exception {
        PostgresServer.Database db = PostgresServer.shared().newDatabase();
        Database d = Database.open(new Database.Config(db.url(), db.user(), db.password()));
        opened.add(d);
        return new PostgresScannerDocuments(d.dataSource());
    }

    @AfterAll
    static void close() {
        opened.forEach(Database::close);
    }
}
