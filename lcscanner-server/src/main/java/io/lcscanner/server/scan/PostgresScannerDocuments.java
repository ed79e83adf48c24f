package io.lcscanner.server.scan;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Scanner documents in the {@code scanners} table, as text (not jsonb: key order is meaning), shared by every instance. */
public final class PostgresScannerDocuments implements ScannerDocumentStore {
    private final DataSource db;

    public PostgresScannerDocuments(DataSource db) {
        this.db = db;
    }

    @Override
    public List<String> names() throws IOException {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT name FROM scanners ORDER BY name COLLATE \"C\"");
             ResultSet r = s.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (r.next()) {
                out.add(r.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public Optional<String> read(String name) throws IOException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT document FROM scanners WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean write(String name, String json) throws IOException {
        // xmax is 0 for a row this statement inserted, not for one it updated
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("INSERT INTO scanners (name, document,"
                + " updated_at) VALUES (?, ?, now()) ON CONFLICT (name) DO UPDATE SET document = EXCLUDED.document,"
                + " updated_at = EXCLUDED.updated_at RETURNING (xmax = 0)")) {
            s.setString(1, name);
            s.setString(2, json);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean delete(String name) throws IOException {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("DELETE FROM scanners WHERE name = ?")) {
            s.setString(1, name);
            return s.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    private static IOException failed(SQLException e) {
        return new IOException("the database failed: " + e.getMessage(), e);
    }
}
