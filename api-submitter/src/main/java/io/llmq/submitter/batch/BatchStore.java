package io.llmq.submitter.batch;

import io.llmq.schema.Json;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** Gateway to {@code batches}. Every read is scoped to a tenant. */
public final class BatchStore {
    private static final String COLUMNS = """
            id, tenant_id, endpoint, input_file_id, completion_window, priority, status, metadata, total,
            completed, failed, input_tokens, cached_tokens, output_tokens, cost, output_file_id, error_file_id, model,
            created_at, in_progress_at, finalizing_at, completed_at, failed_at, expires_at, expired_at,
            cancelling_at, cancelled_at""";

    private final DataSource dataSource;

    public BatchStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes the header of a batch whose jobs are about to be enqueued; status {@code validating}. */
    public BatchRecord insertValidating(String id, String tenantId, String endpoint, String inputFileId, String window,
                                        String priority, String metadataJson, int total, String model,
                                        Instant expiresAt) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     INSERT INTO batches (id, tenant_id, endpoint, input_file_id, completion_window, priority, status,
                                          metadata, total, model, expires_at)
                     VALUES (?, ?, ?, ?, ?, ?, 'validating', ?::jsonb, ?, ?, ?)
                     RETURNING\s""" + COLUMNS)) {
            st.setString(1, id);
            st.setString(2, tenantId);
            st.setString(3, endpoint);
            st.setString(4, inputFileId);
            st.setString(5, window);
            st.setString(6, priority);
            st.setString(7, metadataJson);
            st.setInt(8, total);
            st.setString(9, model);
            st.setTimestamp(10, Timestamp.from(expiresAt));
            try (var rs = st.executeQuery()) {
                rs.next();
                return read(rs);
            }
        }
    }

    /**
     * Moves a batch on once its jobs are in Kafka. A worker may already have promoted it (it does
     * so on its first outcome), hence the status guard.
     */
    public void markEnqueued(String id) throws SQLException {
        update("""
                UPDATE batches SET status = 'in_progress', in_progress_at = coalesce(in_progress_at, now())
                WHERE id = ? AND status = 'validating'""", id);
    }

    /** The jobs never reached Kafka: the batch ends {@code failed} and nothing of it runs. */
    public void markEnqueueFailed(String id) throws SQLException {
        update("UPDATE batches SET status = 'failed', failed_at = now() WHERE id = ? AND status = 'validating'", id);
    }

    public Optional<BatchRecord> find(String tenantId, String id) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("SELECT " + COLUMNS + " FROM batches WHERE id = ? AND tenant_id = ?")) {
            st.setString(1, id);
            st.setString(2, tenantId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private void update(String sql, String id) throws SQLException {
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(sql)) {
            st.setString(1, id);
            st.executeUpdate();
        }
    }

    private static BatchRecord read(ResultSet rs) throws SQLException {
        var metadata = rs.getString("metadata");
        try {
            return new BatchRecord(rs.getString("id"), rs.getString("tenant_id"), rs.getString("endpoint"),
                    rs.getString("input_file_id"), rs.getString("completion_window"), rs.getString("priority"),
                    rs.getString("status"), metadata == null ? null : Json.MAPPER.readTree(metadata), rs.getInt("total"),
                    rs.getInt("completed"), rs.getInt("failed"), rs.getLong("input_tokens"), rs.getLong("cached_tokens"),
                    rs.getLong("output_tokens"), rs.getBigDecimal("cost"), rs.getString("output_file_id"),
                    rs.getString("error_file_id"), rs.getString("model"), instant(rs, "created_at"),
                    instant(rs, "in_progress_at"), instant(rs, "finalizing_at"), instant(rs, "completed_at"),
                    instant(rs, "failed_at"), instant(rs, "expires_at"), instant(rs, "expired_at"),
                    instant(rs, "cancelling_at"), instant(rs, "cancelled_at"));
        } catch (IOException e) {
            throw new UncheckedIOException("batch " + rs.getString("id") + " has unreadable metadata", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
