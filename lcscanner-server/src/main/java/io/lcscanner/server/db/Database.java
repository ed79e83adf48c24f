package io.lcscanner.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL database of a server: a pooled connection (HikariCP) and the schema brought up to date by the
 * migrations in {@code db/migration} (Flyway; instances starting together take turns on its lock). The password
 * is never logged nor put in a message.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    static final String URL = "SCANNER_DATABASE_URL";
    static final String USER = "SCANNER_DATABASE_USER";
    static final String PASSWORD = "SCANNER_DATABASE_PASSWORD";
    /** Connections per instance: request handlers, the running scans' progress writes and the queue's poller. */
    static final int POOL_SIZE = 10;

    /**
     * Where the database is.
     *
     * @param url      a JDBC URL, {@code jdbc:postgresql://host:port/database}
     * @param password {@code null} when the server needs none
     */
    public record Config(String url, String user, String password) {
        public Config {
            if (url == null || !url.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException(URL + ": must be a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database");
            }
            if (url.toLowerCase(Locale.ROOT).matches(".*[?&]password=.*")) {
                throw new IllegalArgumentException(URL + ": must not carry the password: set " + PASSWORD);
            }
        }

        /** The configuration in {@code env}, empty without {@value #URL} (the file store is used then). */
        public static Optional<Config> fromEnvironment(Map<String, String> env) {
            String url = env.get(URL);
            if (url == null || url.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new Config(url.trim(), env.get(USER), env.get(PASSWORD)));
        }

        /** The URL without its parameters, for logs and health. */
        public String description() {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q);
        }

        /** Never shows the password: this text may reach logs. */
        @Override
        public String toString() {
            return description() + " user=" + user + " password=" + (password != null ? "set" : "unset");
        }
    }

    private final HikariDataSource pool;
    private final Config config;

    private Database(HikariDataSource pool, Config config) {
        this.pool = pool;
        this.config = config;
    }

    /**
     * Connects and migrates the schema.
     *
     * @throws DatabaseException when the database cannot be reached or migrated (the message names the URL without
     *                           parameters and the reason, never the password)
     */
    public static Database open(Config config) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("lcscanner-db");
        h.setJdbcUrl(config.url());
        h.setUsername(config.user());
        h.setPassword(config.password());
        h.setMaximumPoolSize(POOL_SIZE);
        h.setConnectionTimeout(10_000);
        h.setInitializationFailTimeout(10_000); // a database still starting (compose) gets a few seconds
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(h);
        } catch (RuntimeException e) {
            throw new DatabaseException("cannot connect to the database at " + config.description() + ": " + reason(e), e);
        }
        try {
            var result = Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            log.info("database {} at schema version {} ({} migrations applied)", config.description(),
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
        } catch (FlywayException e) {
            pool.close();
            throw new DatabaseException("cannot migrate the database at " + config.description() + ": " + reason(e), e);
        }
        return new Database(pool, config);
    }

    public DataSource dataSource() {
        return pool;
    }

    public Config config() {
        return config;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** The innermost cause's message: the driver's reason ("password authentication failed for user …"). */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? "no reason given" : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
