package io.llmq.worker.outcome;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Gateway to {@code response_cache}, writing side: a successful answer to an opted-in,
 * deterministic request, stored with the outcome that produced it. The first answer for a key
 * stays; a later identical one does not replace it.
 */
final class ResponseCacheTable {

    private ResponseCacheTable() {
    }

    static void insert(Connection c, List<Outcome> fresh) throws SQLException {
        var storable = fresh.stream().filter(o -> o.cacheKey() != null && o.succeeded() && !o.cached() && o.responseBody() != null)
                .toList();
        if (storable.isEmpty()) {
            return;
        }
        try (var st = c.prepareStatement("""
                INSERT INTO response_cache (tenant_id, cache_key, model, status_code, response, source_job_id)
                VALUES (?, ?, ?, ?, ?::jsonb, ?)
                ON CONFLICT (tenant_id, cache_key) DO NOTHING""")) {
            for (var o : storable) {
                st.setString(1, o.job().tenantId());
                st.setBytes(2, o.cacheKey());
                st.setString(3, o.model());
                st.setInt(4, o.statusCode() == null ? 200 : o.statusCode());
                st.setString(5, Storable.json(o.responseBody()));
                st.setString(6, o.job().jobId());
                st.addBatch();
            }
            st.executeBatch();
        }
    }
}
