package io.llmq.schema.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.schema.db.Transaction;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Gateway to {@code catalogue_versions}: every version of the live catalogue, the newest in force.
 * Writers take one transaction-scoped advisory lock first, so two admins (or two replicas starting
 * at once) are serialised: each reads the newest version after the other's commit, and no edit is
 * lost or written twice.
 */
public final class CatalogueVersions {
    public static final String FILE = "file";
    public static final String ADMIN = "admin";

    /** One stored version. */
    public record Version(long version, JsonNode document, String source, String changedBy, String reason, String changedAt) {
    }

    private CatalogueVersions() {
    }

    /**
     * Makes the file's catalogue a version when the table is empty, or when the file now says
     * something else than the last version a file wrote (an operator edited it and restarted).
     * A version written through the admin API survives restarts as long as the file is unchanged.
     *
     * @return the version written, or empty when the stored ones already cover the file
     */
    public static Optional<Long> seed(DataSource dataSource, Catalogue file) throws SQLException {
        return Transaction.run(dataSource, c -> {
            lock(c);
            try (var st = c.prepareStatement("""
                    SELECT document = ?::jsonb FROM catalogue_versions WHERE source = 'file' ORDER BY version DESC LIMIT 1""")) {
                st.setString(1, Json.toText(file.document()));
                try (var rs = st.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return Optional.empty();
                    }
                }
            }
            var empty = newest(c).isEmpty();
            return Optional.of(insert(c, file.document(), FILE, "catalogue file",
                    empty ? "seeded from the catalogue file" : "the catalogue file changed"));
        });
    }

    /** Serialises writers until the caller's transaction ends. */
    public static void lock(Connection c) throws SQLException {
        try (var st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('llmq.catalogue_versions'))")) {
            st.execute();
        }
    }

    /** The newest version; call {@link #lock} first in a transaction that will write the next one. */
    public static Optional<Version> newest(Connection c) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT version, document::text, source, changed_by, reason, changed_at
                FROM catalogue_versions ORDER BY version DESC LIMIT 1""");
             var rs = st.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Version(rs.getLong(1), tree(rs.getString(2)), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getTimestamp(6).toInstant().toString()));
        }
    }

    public static Optional<Version> newest(DataSource dataSource) throws SQLException {
        try (var c = dataSource.getConnection()) {
            return newest(c);
        }
    }

    /** The newest version's number, 0 when there is none: what every holder polls (one index read). */
    public static long newestNumber(DataSource dataSource) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("SELECT coalesce(max(version), 0) FROM catalogue_versions");
             var rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("catalogue_versions holds a document that is not JSON", e);
        }
    }

    /** Appends the next version, under the {@link #lock} the caller holds; returns its number. */
    public static long insert(Connection c, JsonNode document, String source, String changedBy, String reason)
            throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO catalogue_versions (version, document, source, changed_by, reason)
                SELECT coalesce(max(version), 0) + 1, ?::jsonb, ?, ?, ? FROM catalogue_versions
                RETURNING version""")) {
            st.setString(1, Json.toText(document));
            st.setString(2, source);
            st.setString(3, changedBy);
            st.setString(4, reason);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
