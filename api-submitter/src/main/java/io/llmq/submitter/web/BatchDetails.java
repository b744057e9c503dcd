package io.llmq.submitter.web;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The batch page's summaries: its errors grouped by code, and the webhook deliveries of its events. */
final class BatchDetails {
    static final int EXAMPLES = 3;

    /** One error code (or the ending, for cancelled and expired jobs), how often, and its first lines as examples. */
    record ErrorGroup(String code, String status, long count, List<Example> examples) {
    }

    record Example(int line, String customId, String message) {
    }

    record Delivery(String id, String url, String eventType, String status, int attempts, Integer lastStatusCode,
                    String lastError, Instant createdAt, Instant endedAt) {
    }

    private final DataSource dataSource;

    BatchDetails(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<ErrorGroup> errorGroups(String batchId) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT coalesce(error->>'code', status), status, count(*),
                            (array_agg(line ORDER BY line))[1:%1$d], (array_agg(custom_id ORDER BY line))[1:%1$d],
                            (array_agg(coalesce(error->>'message', '') ORDER BY line))[1:%1$d]
                     FROM job_results WHERE batch_id = ? AND status <> 'succeeded'
                     GROUP BY 1, 2 ORDER BY 3 DESC, 1""".formatted(EXAMPLES))) {
            st.setString(1, batchId);
            List<ErrorGroup> groups = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var lines = (Integer[]) rs.getArray(4).getArray();
                    var ids = (String[]) rs.getArray(5).getArray();
                    var messages = (String[]) rs.getArray(6).getArray();
                    List<Example> examples = new ArrayList<>();
                    for (int i = 0; i < lines.length; i++) {
                        examples.add(new Example(lines[i], ids[i], messages[i]));
                    }
                    groups.add(new ErrorGroup(rs.getString(1), rs.getString(2), rs.getLong(3), examples));
                }
            }
            return groups;
        }
    }

    /** Deliveries of the batch's events to the tenant's endpoints (the join keeps other tenants' rows out), newest first. */
    List<Delivery> deliveries(String tenantId, String batchId) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT d.id, e.url, d.event_type, d.status, d.attempts, d.last_status_code, d.last_error, d.created_at, d.ended_at
                     FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                     WHERE d.batch_id = ? AND e.tenant_id = ? ORDER BY d.created_at DESC, d.id LIMIT 50""")) {
            st.setString(1, batchId);
            st.setString(2, tenantId);
            List<Delivery> rows = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var code = rs.getInt(6);
                    rows.add(new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.wasNull() ? null : code, rs.getString(7), rs.getTimestamp(8).toInstant(),
                            rs.getTimestamp(9) == null ? null : rs.getTimestamp(9).toInstant()));
                }
            }
            return rows;
        }
    }
}
