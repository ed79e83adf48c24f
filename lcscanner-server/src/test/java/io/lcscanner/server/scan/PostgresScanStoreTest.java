package io.lcscanner.server.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lcscanner.core.Golden;
import io.lcscanner.core.Hit;
import io.lcscanner.server.Json;
import io.lcscanner.server.db.Database;
import io.lcscanner.server.fixtures.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The store suite on PostgreSQL, and what only a shared store must do. */
class PostgresScanStoreTest extends ScanStoreContract {
    private static final List<Database> opened = new ArrayList<>();

    @Override
    ScanStore newStore() throws Exception {
        PostgresServer.Database db = PostgresServer.shared().newDatabase();
        Database d = Database.open(new Database.Config(db.url(), db.user(), db.password()));
        opened.add(d);
        return new PostgresScanStore(d.dataSource(), d.config().description());
    }

    @AfterAll
    static void close() {
        opened.forEach(Database::close);
    }

    @Test
    void aFinalStateIsNotOverwrittenByAnotherInstancesLateProgress() throws Exception {
        ScanStore store = newStore();
        ScanRecord r = new ScanRecord(newId(), Instant.parse("2025-12-01T12:00:00Z"), Golden.request(), Json.object(), false, "csv", "test-instance");
        r.markRunning(Instant.parse("2025-12-01T12:00:01Z"));
        ScanRecord elsewhere = ScanRecord.fromMetadata(Json.tree(r.metadataJson(Instant.now()))); // another instance's copy
        ScanRecord done = r.snapshot();
        done.end(ScanRecord.Status.CANCELLED, Instant.parse("2025-12-01T12:00:02Z"), "cancelled by the user");
        store.saveFinalMetadata(r, done);
        store.saveMetadata(elsewhere);
        assertThat(store.loadAll()).singleElement().satisfies(x -> assertThat(x.status().json()).isEqualTo("cancelled"));
    }

    @Test
    void resultsThatFailHalfWrittenLeaveTheEarlierResultsWhole() throws Exception {
        PostgresServer.Database db = PostgresServer.shared().newDatabase();
        Database d = Database.open(new Database.Config(db.url(), db.user(), db.password()));
        opened.add(d);
        ScanStore store = new PostgresScanStore(d.dataSource(), d.config().description());
        String id = stored(store, golden);
        // the hits go in, then the results row is refused: the rewrite fails after deleting and inserting rows
        try (Connection c = d.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE scan_results ADD CONSTRAINT refuse_new_results CHECK (hit_count < 0) NOT VALID");
        }
        try (ScanStore.ResultsWriter w = store.writeResults(id, golden.schema())) {
            for (Hit h : golden.hits()) {
                w.append(h);
            }
            assertThatThrownBy(() -> w.finish(null)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith("the database failed: ");
        }
        assertThat(new String(export(store, id, ScanStore.ExportFormat.CSV), StandardCharsets.UTF_8))
                .isEqualTo(new String(Golden.bytes("expected_hits.csv"), StandardCharsets.UTF_8));
    }
}
