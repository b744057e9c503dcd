package io.llmq.submitter.idempotency;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;

/**
 * Gateway to {@code idempotency_keys}, keyed by tenant, scope (method and path) and key. A key
 * is remembered for {@link #RETENTION}; a claim left unanswered for {@link #ABANDONED_AFTER} (its
 * request died with the process) may be taken over.
 */
final class IdempotencyStore {
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(15);

    private IdempotencyStore() {
    }

    /**
     * Claims {@code key} for a request with {@code hash}. A concurrent first use of the same key
     * blocks on the primary key until that transaction ends, then sees its row.
     */
    static Claim claim(Connection c, String tenantId, String scope, String key, byte[] hash) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO idempotency_keys (tenant_id, scope, idem_key, request_hash) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant_id, scope, idem_key) DO UPDATE
                    SET request_hash = excluded.request_hash, status_code = NULL, response = NULL, created_at = now()
                    WHERE idempotency_keys.created_at < now() - make_interval(secs => ?)
                       OR (idempotency_keys.status_code IS NULL AND idempotency_keys.created_at < now() - make_interval(secs => ?))
                RETURNING idem_key""")) {
            st.setString(1, tenantId);
            st.setString(2, scope);
            st.setString(3, key);
            st.setBytes(4, hash);
            st.setLong(5, RETENTION.toSeconds());
            st.setLong(6, ABANDONED_AFTER.toSeconds());
            try (var rs = st.executeQuery()) {
                if (rs.next()) {
                    return new Claim.Fresh();
                }
            }
        }
        try (var st = c.prepareStatement("""
                SELECT request_hash, status_code, response FROM idempotency_keys
                WHERE tenant_id = ? AND scope = ? AND idem_key = ?""")) {
            st.setString(1, tenantId);
            st.setString(2, scope);
            st.setString(3, key);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    // released between our insert attempt and this read: the caller may retry the claim
                    return new Claim.InProgress();
                }
                if (!Arrays.equals(rs.getBytes(1), hash)) {
                    return new Claim.Mismatch();
                }
                var status = rs.getInt(2);
                return rs.wasNull() ? new Claim.InProgress() : new Claim.Replay(status, rs.getString(3));
            }
        }
    }

    static void complete(Connection c, String tenantId, String scope, String key, int statusCode, String body) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE idempotency_keys SET status_code = ?, response = ?
                WHERE tenant_id = ? AND scope = ? AND idem_key = ?""")) {
            st.setInt(1, statusCode);
            st.setString(2, body);
            st.setString(3, tenantId);
            st.setString(4, scope);
            st.setString(5, key);
            st.executeUpdate();
        }
    }

    /** The request failed: forget the key, so a retry does the work again (and a refused request leaves nothing behind). */
    static void release(Connection c, String tenantId, String scope, String key) throws SQLException {
        try (var st = c.prepareStatement("DELETE FROM idempotency_keys WHERE tenant_id = ? AND scope = ? AND idem_key = ?")) {
            st.setString(1, tenantId);
            st.setString(2, scope);
            st.setString(3, key);
            st.executeUpdate();
        }
    }
}
