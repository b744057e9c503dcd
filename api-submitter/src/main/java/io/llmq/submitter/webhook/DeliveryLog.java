package io.llmq.submitter.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** Reads an endpoint's deliveries from {@code webhook_deliveries} (written by the trigger and the workers), newest first. */
final class DeliveryLog {
    private final DataSource dataSource;

    DeliveryLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Up to {@code limit} deliveries of the endpoint, after the one named {@code after} (a cursor
     * of another endpoint's delivery yields an empty page). The caller has checked the endpoint is
     * the tenant's.
     */
    List<ObjectNode> page(String endpointId, String after, int limit) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT d.id, d.event_id, d.event_type, d.batch_id, d.status, d.attempts, d.last_status_code, d.last_error,
                            d.last_attempt_at, CASE WHEN d.status = 'pending' THEN d.next_attempt_at END, d.created_at, d.ended_at
                     FROM webhook_deliveries d
                     WHERE d.endpoint_id = ?
                       AND (?::text IS NULL OR (d.created_at, d.id) < (SELECT a.created_at, a.id FROM webhook_deliveries a
                                                                        WHERE a.id = ? AND a.endpoint_id = d.endpoint_id))
                     ORDER BY d.created_at DESC, d.id DESC
                     LIMIT ?""")) {
            st.setString(1, endpointId);
            st.setString(2, after);
            st.setString(3, after);
            st.setInt(4, limit);
            List<ObjectNode> page = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    page.add(json(endpointId, rs));
                }
            }
            return page;
        }
    }

    private static ObjectNode json(String endpointId, ResultSet rs) throws SQLException {
        var json = Json.object();
        json.put("id", rs.getString(1));
        json.put("object", "webhook_delivery");
        json.put("endpoint_id", endpointId);
        json.put("event_id", rs.getString(2));
        json.put("event_type", rs.getString(3));
        json.put("batch_id", rs.getString(4));
        json.put("status", rs.getString(5));
        json.put("attempts", rs.getInt(6));
        var code = rs.getInt(7);
        json.put("last_response_code", rs.wasNull() ? null : code);
        json.put("last_error", rs.getString(8));
        json.put("last_attempt_at", seconds(rs.getTimestamp(9)));
        json.put("next_attempt_at", seconds(rs.getTimestamp(10)));
        json.put("created_at", seconds(rs.getTimestamp(11)));
        json.put("ended_at", seconds(rs.getTimestamp(12)));
        return json;
    }

    private static Long seconds(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant().getEpochSecond();
    }
}
