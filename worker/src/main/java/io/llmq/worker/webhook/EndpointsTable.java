package io.llmq.worker.webhook;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** Gateway to {@code webhook_endpoints} for the delivery loop: the failure count, and the switch off. */
final class EndpointsTable {

    /** An endpoint's run of failures after one more. */
    record Failing(int consecutiveFailures, Duration failingFor) {
    }

    private EndpointsTable() {
    }

    static void succeeded(Connection c, String endpointId) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL
                WHERE id = ? AND (consecutive_failures <> 0 OR failing_since IS NOT NULL)""")) {
            st.setString(1, endpointId);
            st.executeUpdate();
        }
    }

    /** Counts one more failed attempt; null when the endpoint is gone (deleted meanwhile). */
    static Failing failed(Connection c, String endpointId) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE webhook_endpoints
                SET consecutive_failures = consecutive_failures + 1, failing_since = coalesce(failing_since, now())
                WHERE id = ?
                RETURNING consecutive_failures, extract(epoch FROM now() - failing_since)::float8""")) {
            st.setString(1, endpointId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? new Failing(rs.getInt(1), Duration.ofMillis(Math.round(rs.getDouble(2) * 1000))) : null;
            }
        }
    }

    /** Switches an endpoint off; false when it already was. */
    static boolean disable(Connection c, String endpointId, String reason) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE webhook_endpoints SET enabled = false, disabled_reason = ?, disabled_at = now()
                WHERE id = ? AND enabled""")) {
            st.setString(1, reason);
            st.setString(2, endpointId);
            return st.executeUpdate() == 1;
        }
    }
}
