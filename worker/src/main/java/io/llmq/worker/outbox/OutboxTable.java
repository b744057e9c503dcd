package io.llmq.worker.outbox;

import io.llmq.schema.Json;
import io.llmq.schema.message.ResultEvent;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Gateway to {@code outbox}: events written with an outcome, removed once Kafka has them. */
public final class OutboxTable {

    /** An event waiting for the relay. */
    record Pending(long id, String eventId, String topic, String key, String payload) {
    }

    /** Events not yet relayed, and when the oldest of them was written (epoch ms, 0 when none). */
    public record Backlog(long events, long oldestAtMillis) {
    }

    private OutboxTable() {
    }

    public static Backlog backlog(Connection c) throws SQLException {
        try (var st = c.prepareStatement("SELECT count(*), coalesce((extract(epoch FROM min(created_at)) * 1000)::bigint, 0) FROM outbox");
             var rs = st.executeQuery()) {
            rs.next();
            return new Backlog(rs.getLong(1), rs.getLong(2));
        }
    }

    public static void append(Connection c, String topic, List<ResultEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (var st = c.prepareStatement("INSERT INTO outbox (event_id, topic, event_key, payload) VALUES (?, ?, ?, ?::jsonb)")) {
            for (var e : events) {
                st.setObject(1, UUID.fromString(e.eventId()));
                st.setString(2, topic);
                st.setString(3, e.batchId());
                st.setString(4, Json.toText(e));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** One event that is not a {@link ResultEvent} (a budget alert), with its own key and JSON payload. */
    public static void appendRaw(Connection c, String topic, String key, String eventId, String payloadJson) throws SQLException {
        try (var st = c.prepareStatement("INSERT INTO outbox (event_id, topic, event_key, payload) VALUES (?, ?, ?, ?::jsonb)")) {
            st.setObject(1, UUID.fromString(eventId));
            st.setString(2, topic);
            st.setString(3, key);
            st.setString(4, payloadJson);
            st.executeUpdate();
        }
    }

    /** Locks the oldest unpublished events; other relays skip them rather than wait. */
    static List<Pending> lockOldest(Connection c, int limit) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT id, event_id, topic, event_key, payload::text FROM outbox
                ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED""")) {
            st.setInt(1, limit);
            List<Pending> rows = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
            return rows;
        }
    }

    static void delete(Connection c, List<Pending> published) throws SQLException {
        try (var st = c.prepareStatement("DELETE FROM outbox WHERE id = ANY(?)")) {
            st.setArray(1, c.createArrayOf("int8", published.stream().map(Pending::id).toArray()));
            st.executeUpdate();
        }
    }
}
