package io.llmq.worker.webhook;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Gateway to {@code webhook_deliveries} for the delivery loop: claim due attempts, record how they went. */
final class DeliveriesTable {
    static final int MAX_ERROR_LENGTH = 500;

    private DeliveriesTable() {
    }

    /**
     * Claims up to {@code limit} due deliveries of enabled endpoints, oldest due first, and leases
     * them: each is due again only after {@code lease}, so a worker that dies mid-attempt has its
     * delivery retried by another (at least once), while {@code SKIP LOCKED} lets every replica
     * claim at once without two taking the same row. One statement, committed before any HTTP
     * starts: no row lock is held while a receiver is slow.
     */
    static List<Claimed> claim(DataSource dataSource, int limit, Duration lease) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     WITH due AS (
                         SELECT d.id FROM webhook_deliveries d
                         JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
                         WHERE d.status = 'pending' AND d.next_attempt_at <= now()
                         ORDER BY d.next_attempt_at
                         LIMIT ?
                         FOR UPDATE OF d SKIP LOCKED
                     )
                     UPDATE webhook_deliveries d
                     SET attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + make_interval(secs => ?)
                     FROM due, webhook_endpoints e
                     WHERE d.id = due.id AND e.id = d.endpoint_id
                     RETURNING d.id, d.endpoint_id, e.tenant_id, e.url, d.event_id, d.event_type, d.body, d.attempts,
                               extract(epoch FROM now() - d.created_at)::float8, e.secret,
                               CASE WHEN e.previous_secret_until > now() THEN e.previous_secret END""")) {
            st.setInt(1, limit);
            st.setDouble(2, lease.toSeconds());
            List<Claimed> claimed = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var secrets = rs.getString(11) == null ? List.of(rs.getString(10)) : List.of(rs.getString(10), rs.getString(11));
                    claimed.add(new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getInt(8), Duration.ofMillis(Math.round(rs.getDouble(9) * 1000)),
                            secrets));
                }
            }
            return claimed;
        }
    }

    static void delivered(Connection c, String id, int status) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE webhook_deliveries SET status = 'delivered', last_status_code = ?, last_error = NULL, ended_at = now()
                WHERE id = ? AND status = 'pending'""")) {
            st.setInt(1, status);
            st.setString(2, id);
            st.executeUpdate();
        }
    }

    /** @param status the receiver's HTTP status, or null when none came */
    static void retryIn(Connection c, String id, Integer status, String error, Duration delay) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => ?), last_status_code = ?, last_error = ?
                WHERE id = ? AND status = 'pending'""")) {
            st.setDouble(1, delay.toMillis() / 1000.0);
            st.setObject(2, status, Types.INTEGER);
            st.setString(3, shorten(error));
            st.setString(4, id);
            st.executeUpdate();
        }
    }

    static void gaveUp(Connection c, String id, Integer status, String error) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE webhook_deliveries SET status = 'failed', last_status_code = ?, last_error = ?, ended_at = now()
                WHERE id = ? AND status = 'pending'""")) {
            st.setObject(1, status, Types.INTEGER);
            st.setString(2, shorten(error));
            st.setString(3, id);
            st.executeUpdate();
        }
    }

    /** Ends every pending delivery of an endpoint just disabled; returns how many. */
    static int failPending(Connection c, String endpointId, String reason) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE webhook_deliveries SET status = 'failed', last_error = ?, ended_at = now()
                WHERE endpoint_id = ? AND status = 'pending'""")) {
            st.setString(1, shorten(reason));
            st.setString(2, endpointId);
            return st.executeUpdate();
        }
    }

    /** Removes up to {@code limit} deliveries that ended more than {@code keep} ago; returns how many. */
    static int prune(DataSource dataSource, Duration keep, int limit) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     DELETE FROM webhook_deliveries WHERE id IN (
                         SELECT id FROM webhook_deliveries WHERE ended_at < now() - make_interval(secs => ?) LIMIT ?)""")) {
            st.setDouble(1, keep.toSeconds());
            st.setInt(2, limit);
            return st.executeUpdate();
        }
    }

    private static String shorten(String text) {
        return text == null || text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 3) + "...";
    }
}
