package io.llmq.worker.retention;

import io.llmq.schema.db.Transaction;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The sweeper's deletes: rows past their use, removed in statements of at most {@code batchRows}
 * rows, each its own short transaction, so the sweeper never holds many locks or long. Rows
 * another transaction has locked are skipped, not waited for: the next statement or sweep takes
 * them. Table names and conditions are constants here, never input.
 */
final class ExpiredRows {
    /** Files expired per transaction: each drags its 1 MiB chunks (and their TOAST rows) along. */
    static final int FILES_PER_STATEMENT = 10;
    /** Batches whose results are removed per sweep step. */
    static final int BATCHES_PER_STEP = 100;

    private static final String WEB_SESSIONS = "web_sessions WHERE expires_at < now() - make_interval(secs => ?)";
    private static final String BUDGET_HOLDS = "budget_holds WHERE expires_at < now() - make_interval(secs => ?)";
    /** Only ended ones: a batch whose output is gone has no open provider batch, and one that had would be left to end. */
    private static final String PROVIDER_BATCHES = "provider_batches WHERE batch_id = ? AND status IN ('ended', 'failed')";
    private static final String IDEMPOTENCY_KEYS = "idempotency_keys WHERE created_at < now() - make_interval(secs => ?)";

    private final DataSource dataSource;
    private final int batchRows;

    ExpiredRows(DataSource dataSource, int batchRows) {
        this.dataSource = dataSource;
        this.batchRows = batchRows;
    }

    long webSessions(long afterSeconds) throws SQLException {
        return deleteAll("web_sessions", WEB_SESSIONS, afterSeconds);
    }

    long budgetHolds(long afterSeconds) throws SQLException {
        return deleteAll("budget_holds", BUDGET_HOLDS, afterSeconds);
    }

    long idempotencyKeys(long afterSeconds) throws SQLException {
        return deleteAll("idempotency_keys", IDEMPOTENCY_KEYS, afterSeconds);
    }

    /** Deletes the rows {@code fromWhere} selects, a statement of {@code batchRows} at a time, until none is left. */
    private long deleteAll(String table, String fromWhere, Object parameter) throws SQLException {
        // ctid: each statement deletes exactly the rows its sub-select locked, found by a TID scan
        var sql = "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + fromWhere
                + " LIMIT ? FOR UPDATE SKIP LOCKED))";
        long total = 0;
        int deleted;
        do {
            try (var c = dataSource.getConnection(); var st = c.prepareStatement(sql)) {
                st.setObject(1, parameter);
                st.setInt(2, batchRows);
                deleted = st.executeUpdate();
            }
            total += deleted;
        } while (deleted == batchRows && !Thread.currentThread().isInterrupted());
        return total;
    }

    /** Files past expires_at: marked deleted and their chunks removed in one transaction per few files, as DELETE /v1/files does. */
    Removed expireFiles() throws SQLException {
        long files = 0;
        long chunks = 0;
        List<String> ids;
        do {
            var step = Transaction.run(dataSource, ExpiredRows::expireSomeFiles);
            ids = step.ids();
            files += ids.size();
            chunks += step.chunks();
        } while (ids.size() == FILES_PER_STATEMENT && !Thread.currentThread().isInterrupted());
        return new Removed(files, chunks);
    }

    private record FileStep(List<String> ids, long chunks) {
    }

    private static FileStep expireSomeFiles(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (var st = c.prepareStatement("""
                UPDATE files SET deleted_at = now() WHERE id = ANY(ARRAY(
                    SELECT id FROM files WHERE expires_at <= now() AND deleted_at IS NULL
                    ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED))
                RETURNING id""")) {
            st.setInt(1, FILES_PER_STATEMENT);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        if (ids.isEmpty()) {
            return new FileStep(ids, 0);
        }
        try (var st = c.prepareStatement("DELETE FROM file_chunks WHERE file_id = ANY(?)")) {
            st.setArray(1, c.createArrayOf("text", ids.toArray()));
            return new FileStep(ids, st.executeUpdate());
        }
    }

    /** Counts of two kinds removed together. */
    record Removed(long rows, long dependents) {
    }

    /** What {@link #results} removed: result rows, staged pages and the batches' provider batch rows. */
    record BatchRows(long results, long pages, long providerBatches) {
    }

    /**
     * Results of batches whose every output and error file was deleted or expired more than
     * {@code afterSeconds} ago: the job_results rows (and staged pages of never-released jobs, the
     * error lines' source, and the rows of the provider batches that ran them), then the files are
     * marked so no later sweep looks at them again.
     */
    BatchRows results(long afterSeconds) throws SQLException {
        long rows = 0;
        long pages = 0;
        long providerBatches = 0;
        List<String> batches;
        int marked;
        do {
            batches = batchesWithResultsGone(afterSeconds);
            marked = 0;
            for (var batchId : batches) {
                rows += deleteAll("job_results", "job_results WHERE batch_id = ?", batchId);
                pages += deleteAll("dispatch_pages", "dispatch_pages WHERE batch_id = ?", batchId);
                providerBatches += deleteAll("provider_batches", PROVIDER_BATCHES, batchId);
                marked += markRemoved(batchId);
            }
            // batches with rows still locked stay unmarked; the next sweep takes them
        } while (batches.size() == BATCHES_PER_STEP && marked > 0 && !Thread.currentThread().isInterrupted());
        return new BatchRows(rows, pages, providerBatches);
    }

    /** Marks the batch's files done, but only once nothing of its results is left (a locked row was skipped). */
    private int markRemoved(String batchId) throws SQLException {
        try (var c = dataSource.getConnection(); var st = c.prepareStatement("""
                UPDATE files SET results_removed_at = now() WHERE batch_id = ?
                  AND NOT EXISTS (SELECT 1 FROM job_results WHERE batch_id = ?)
                  AND NOT EXISTS (SELECT 1 FROM dispatch_pages WHERE batch_id = ?)
                  AND NOT EXISTS (SELECT 1 FROM provider_batches WHERE batch_id = ?)""")) {
            st.setString(1, batchId);
            st.setString(2, batchId);
            st.setString(3, batchId);
            st.setString(4, batchId);
            return st.executeUpdate() > 0 ? 1 : 0;
        }
    }

    private List<String> batchesWithResultsGone(long afterSeconds) throws SQLException {
        try (var c = dataSource.getConnection(); var st = c.prepareStatement("""
                SELECT DISTINCT f.batch_id FROM files f
                WHERE f.batch_id IS NOT NULL AND f.deleted_at IS NOT NULL AND f.results_removed_at IS NULL
                  AND f.deleted_at < now() - make_interval(secs => ?)
                  AND NOT EXISTS (SELECT 1 FROM files g WHERE g.batch_id = f.batch_id
                                  AND (g.deleted_at IS NULL OR g.deleted_at >= now() - make_interval(secs => ?)))
                LIMIT ?""")) {
            st.setLong(1, afterSeconds);
            st.setLong(2, afterSeconds);
            st.setInt(3, BATCHES_PER_STEP);
            List<String> ids = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }
}
