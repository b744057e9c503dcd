package io.llmq.worker.outcome;

import io.llmq.schema.Ids;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;

/** The worker's side of {@code batches}: moving counters, and the step to {@code completed}. */
final class BatchesTable {

    /** Figures of one batch within one outcome transaction. */
    record Delta(int succeeded, int failed, long inputTokens, long cachedTokens, long outputTokens, BigDecimal cost) {
        Delta plus(Delta o) {
            return new Delta(succeeded + o.succeeded, failed + o.failed, inputTokens + o.inputTokens,
                    cachedTokens + o.cachedTokens, outputTokens + o.outputTokens, cost.add(o.cost));
        }
    }

    private BatchesTable() {
    }

    /**
     * Adds to a batch's counters and returns true if this made it complete, in which case the batch
     * is finalised in the same statement sequence. The row lock taken by the UPDATE serialises
     * workers finishing jobs of the same batch, so exactly one of them sees the last job land.
     * A worker may see a batch still {@code validating} when the submitter died between enqueue
     * and marking it: the first outcome proves the jobs are in Kafka, so it moves it on.
     */
    static boolean add(Connection c, String batchId, Delta d) throws SQLException {
        int total;
        int done;
        String status;
        try (var st = c.prepareStatement("""
                UPDATE batches SET completed = completed + ?, failed = failed + ?, input_tokens = input_tokens + ?,
                       cached_tokens = cached_tokens + ?, output_tokens = output_tokens + ?, cost = cost + ?,
                       status = CASE WHEN status = 'validating' THEN 'in_progress' ELSE status END,
                       in_progress_at = coalesce(in_progress_at, now())
                WHERE id = ?
                RETURNING total, completed + failed, status""")) {
            st.setInt(1, d.succeeded());
            st.setInt(2, d.failed());
            st.setLong(3, d.inputTokens());
            st.setLong(4, d.cachedTokens());
            st.setLong(5, d.outputTokens());
            st.setObject(6, d.cost(), Types.NUMERIC);
            st.setString(7, batchId);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                total = rs.getInt(1);
                done = rs.getInt(2);
                status = rs.getString(3);
            }
        }
        if (done < total || !"in_progress".equals(status)) {
            return false;
        }
        finalise(c, batchId);
        return true;
    }

    private static void finalise(Connection c, String batchId) throws SQLException {
        var outputId = Ids.file();
        var errorId = Ids.file();
        try (var st = c.prepareStatement("""
                INSERT INTO files (id, tenant_id, purpose, filename, bytes, batch_id)
                SELECT ?, tenant_id, 'batch_output', id || '_output.jsonl', 0, id FROM batches WHERE id = ?
                UNION ALL
                SELECT ?, tenant_id, 'batch_output', id || '_error.jsonl', 0, id FROM batches WHERE id = ? AND failed > 0""")) {
            st.setString(1, outputId);
            st.setString(2, batchId);
            st.setString(3, errorId);
            st.setString(4, batchId);
            st.executeUpdate();
        }
        try (var st = c.prepareStatement("""
                UPDATE batches SET status = 'completed', finalizing_at = now(), completed_at = now(),
                       output_file_id = ?, error_file_id = CASE WHEN failed > 0 THEN ? END
                WHERE id = ?""")) {
            st.setString(1, outputId);
            st.setString(2, errorId);
            st.setString(3, batchId);
            st.executeUpdate();
        }
    }
}
