/**
 * PostgreSQL, when {@code SCANNER_DATABASE_URL} is set: the connection pool and schema migrations
 * ({@link io.lcscanner.server.db.Database}), the stores of scans and scanner documents, and the scan queue that
 * any instance may run.
 */
package io.lcscanner.server.db;
