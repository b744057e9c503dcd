package io.llmq.submitter.batch;

import io.llmq.schema.Json;
import io.llmq.schema.status.BatchStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** How {@link BatchStore} reads a row of {@code batches}: the columns it selects and the record it makes of them. */
final class BatchRows {
    /**
     * Every column of the batch object, with the provider batches the batch runs through (their
     * provider's id, status and counts, oldest first) as one JSON array.
     */
    static final String COLUMNS = """
            id, tenant_id, dialect, endpoint, input_file_id, completion_window, priority, status, metadata, total,
            completed, failed, cancelled, expired, input_tokens, cached_tokens, output_tokens, cost, output_file_id,
            error_file_id, model, estimated_tokens, created_at, in_progress_at, finalizing_at, completed_at, failed_at,
            expires_at, expired_at, cancelling_at, cancelled_at, held_reason, held_message, held_at,
            errors::text, route,
            (SELECT jsonb_agg(jsonb_build_object('deployment', p.deployment, 'id', p.provider_id, 'status', p.status,
                                                 'provider_status', p.provider_status,
                                                 'request_counts', jsonb_build_object('total', p.total, 'completed', p.succeeded,
                                                                                      'failed', p.failed))
                              ORDER BY p.created_at, p.key)
             FROM provider_batches p WHERE p.batch_id = batches.id)::text AS provider_batches""";

    private BatchRows() {
    }

    static BatchRecord read(ResultSet rs) throws SQLException {
        var metadata = rs.getString("metadata");
        var errors = rs.getString("errors");
        var providerBatches = rs.getString("provider_batches");
        try {
            return new BatchRecord(rs.getString("id"), rs.getString("tenant_id"), rs.getString("dialect"),
                    rs.getString("endpoint"), rs.getString("input_file_id"), rs.getString("completion_window"),
                    rs.getString("priority"), BatchStatus.parse(rs.getString("status")),
                    metadata == null ? null : Json.MAPPER.readTree(metadata), rs.getInt("total"),
                    rs.getInt("completed"), rs.getInt("failed"), rs.getInt("cancelled"), rs.getInt("expired"),
                    rs.getLong("input_tokens"), rs.getLong("cached_tokens"), rs.getLong("output_tokens"),
                    rs.getBigDecimal("cost"), rs.getString("output_file_id"), rs.getString("error_file_id"),
                    rs.getString("model"), rs.getLong("estimated_tokens"), instant(rs, "created_at"),
                    instant(rs, "in_progress_at"), instant(rs, "finalizing_at"), instant(rs, "completed_at"),
                    instant(rs, "failed_at"), instant(rs, "expires_at"), instant(rs, "expired_at"),
                    instant(rs, "cancelling_at"), instant(rs, "cancelled_at"),
                    rs.getString("held_reason") == null ? null
                            : new BatchRecord.Hold(rs.getString("held_reason"), rs.getString("held_message"), instant(rs, "held_at")),
                    errors == null ? null : Json.MAPPER.readTree(errors),
                    new BatchRecord.Routing(rs.getString("route"),
                            providerBatches == null ? Json.MAPPER.createArrayNode() : Json.MAPPER.readTree(providerBatches)));
        } catch (IOException e) {
            throw new UncheckedIOException("batch " + rs.getString("id") + " has unreadable metadata", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        var ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
