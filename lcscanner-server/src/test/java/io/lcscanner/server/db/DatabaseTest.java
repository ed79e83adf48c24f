package io.lcscanner.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lcscanner.server.fixtures.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The database component against a real PostgreSQL: configuration, pool, migrations, and no password anywhere. */
class DatabaseTest {
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stopCapture() {
        root.detachAppender(logs);
    }

    private static Database.Config config(PostgresServer.Database db) {
        return new Database.Config(db.url(), db.user(), db.password());
    }

    @Test
    void migratesAFreshDatabaseOnceAndKeepsDocumentsAsText() throws Exception {
        PostgresServer.Database db = PostgresServer.shared().newDatabase();
        try (Database d = Database.open(config(db))) {
            try (Connection c = d.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThat(strings(s, "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                        .containsExactly("1", "2");
                assertThat(strings(s, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                        + " AND table_name <> 'flyway_schema_history' ORDER BY 1"))
                        .containsExactly("scan_hits", "scan_results", "scan_scanners", "scanners", "scans", "scheduled_tasks");
                // key order is meaning: documents and requests are text, never jsonb (which reorders keys)
                assertThat(strings(s, "SELECT table_name || '.' || column_name || ':' || data_type FROM information_schema.columns"
                        + " WHERE table_schema = 'public' AND column_name IN ('document', 'request', 'state', 'hit_json') ORDER BY 1"))
                        .containsExactly("scan_hits.hit_json:text", "scan_scanners.document:text", "scanners.document:text",
                                "scans.request:text", "scans.state:text");
                assertThat(strings(s, "SELECT column_name FROM information_schema.columns WHERE table_name = 'scans'"
                        + " AND column_name IN ('instance', 'error', 'timings', 'progress_percent', 'status') ORDER BY 1"))
                        .containsExactly("error", "instance", "progress_percent", "status", "timings");
                s.execute("INSERT INTO scanners VALUES ('mine', '{\"z\":1,  \"a\":2}', now())");
                assertThat(strings(s, "SELECT document FROM scanners")).containsExactly("{\"z\":1,  \"a\":2}");
            }
        }
        // a second instance starting on the same database applies nothing and sees the same rows
        try (Database again = Database.open(config(db)); Connection c = again.dataSource().getConnection();
             Statement s = c.createStatement()) {
            assertThat(strings(s, "SELECT count(*) FROM flyway_schema_history")).containsExactly("2");
            assertThat(strings(s, "SELECT name FROM scanners")).containsExactly("mine");
        }
        assertThat(loggedText()).doesNotContain(db.password());
    }

    @Test
    void aWrongPasswordIsAClearErrorThatNamesNeitherPasswordNorClass() throws Exception {
        PostgresServer.Database db = PostgresServer.shared().newDatabase();
        String wrong = "not-the-password-" + System.nanoTime();
        assertThatThrownBy(() -> Database.open(new Database.Config(db.url(), db.user(), wrong)))
                .isInstanceOf(DatabaseException.class)
                .hasMessageStartingWith("cannot connect to the database at " + db.url() + ": ")
                .hasMessageContaining("password authentication failed for user \"" + db.user() + "\"")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain("Exception"));
        assertThat(loggedText()).doesNotContain(wrong).doesNotContain(db.password());
    }

    @Test
    void configurationComesFromTheEnvironmentAndNeverShowsThePassword() {
        assertThat(Database.Config.fromEnvironment(Map.of())).isEmpty();
        assertThat(Database.Config.fromEnvironment(Map.of("SCANNER_DATABASE_URL", " "))).isEmpty();
        Map<String, String> env = new HashMap<>();
        env.put("SCANNER_DATABASE_URL", "jdbc:postgresql://db:5432/lcscanner?sslmode=disable");
        env.put("SCANNER_DATABASE_USER", "scanner");
        env.put("SCANNER_DATABASE_PASSWORD", "s3cret-value");
        Database.Config c = Database.Config.fromEnvironment(env).orElseThrow();
        assertThat(c.user()).isEqualTo("scanner");
        assertThat(c.password()).isEqualTo("s3cret-value");
        assertThat(c.toString()).isEqualTo("jdbc:postgresql://db:5432/lcscanner user=scanner password=set");
        assertThat(c.description()).isEqualTo("jdbc:postgresql://db:5432/lcscanner");
    }

    @Test
    void aUrlThatIsNotPostgresOrCarriesThePasswordIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> new Database.Config("postgres://db/x", "u", "p"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SCANNER_DATABASE_URL: must be a PostgreSQL JDBC URL");
        assertThatThrownBy(() -> new Database.Config("jdbc:postgresql://db/x?user=u&Password=p", "u", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SCANNER_DATABASE_URL: must not carry the password: set SCANNER_DATABASE_PASSWORD");
    }

    private String loggedText() {
        StringBuilder sb = new StringBuilder();
        for (ILoggingEvent e : logs.list) {
            sb.append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                sb.append(e.getThrowableProxy().getMessage()).append('\n');
            }
        }
        return sb.toString();
    }

    private static List<String> strings(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            List<String> out = new java.util.ArrayList<>();
            while (r.next()) {
                out.add(r.getString(1));
            }
            return out;
        }
    }
}
