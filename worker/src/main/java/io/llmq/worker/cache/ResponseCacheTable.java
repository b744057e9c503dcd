package io.llmq.worker.cache;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Gateway to {@code response_cache}. Answers are written with the outcome that produced them, in
 * its transaction (the outcome store hands its connection); the first answer for a key stays, a
 * later identical one does not replace it. Read by {@link ResponseCache}.
 */
public final class ResponseCacheTable {

    /** One answer to store under its tenant and key. */
    public record Entry(String tenantId, byte[] key, String model, int statusCode, String responseJson, String sourceJobId) {
    }

    private ResponseCacheTable() {
    }

    public static void insert(Connection c, List<Entry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (var st = c.prepareStatement("""
                INSERT INTO response_cache (tenant_id, cache_key, model, status_code, response, source_job_id)
                VALUES (?, ?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (tenant_id, cache_key) DO NOTHING""")) {
            for (var e : entries) {
                st.setString(1, e.tenantId());
                st.setBytes(2, e.key());
                st.setString(3, e.model());
                st.setInt(4, e.statusCode());
                st.setString(5, e.responseJson());
                st.setString(6, e.sourceJobId());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    static Optional<ResponseCache.Hit> find(Connection c, String tenantId, byte[] key) throws SQLException {
        try (var st = c.prepareStatement("SELECT status_code, response::text, source_job_id FROM response_cache WHERE tenant_id = ? AND cache_key = ?")) {
            st.setString(1, tenantId);
            st.setBytes(2, key);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new ResponseCache.Hit(rs.getInt(1), rs.getString(2), rs.getString(3))) : Optional.empty();
            }
        }
    }
}
