package io.llmq.worker.outcome;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The worker's gateway to {@code files} (the submitter's table of uploads and results): the rows of
 * a batch's output and error files, written in the transaction that ends the batch.
 */
final class FilesTable {

    private FilesTable() {
    }

    /**
     * Output and error files are views over job_results; the error file exists only if a job did
     * not succeed. Their bytes are what the batch summed as its results were written, and they
     * expire {@code output_expires_after} seconds after now, when the batch asked for it.
     */
    static void insertResultFiles(Connection c, String batchId, String outputId, String errorId) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO files (id, tenant_id, purpose, filename, bytes, batch_id, expires_at)
                SELECT ?, tenant_id, 'batch_output', id || '_output.jsonl', output_bytes, id,
                       now() + make_interval(secs => output_expires_after) FROM batches WHERE id = ?
                UNION ALL
                SELECT ?, tenant_id, 'batch_output', id || '_error.jsonl', error_bytes, id,
                       now() + make_interval(secs => output_expires_after) FROM batches
                WHERE id = ? AND failed + cancelled + expired > 0""")) {
            st.setString(1, outputId);
            st.setString(2, batchId);
            st.setString(3, errorId);
            st.setString(4, batchId);
            st.executeUpdate();
        }
    }
}
