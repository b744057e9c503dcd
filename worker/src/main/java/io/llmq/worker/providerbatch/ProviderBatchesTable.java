package io.llmq.worker.providerbatch;

import io.llmq.schema.Priority;
import io.llmq.schema.status.BatchStatus;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The gateway to {@code provider_batches}. */
final class ProviderBatchesTable {

    /** A provider batch about to be created: its row is written first. */
    record NewRow(String key, String batchId, String deployment, int[] jobSeqs) {
    }

    private ProviderBatchesTable() {
    }

    static void insert(Connection c, String jobsTopic, List<NewRow> rows) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO provider_batches (key, batch_id, jobs_topic, deployment, job_seqs, total) VALUES (?, ?, ?, ?, ?, ?)""")) {
            for (var row : rows) {
                st.setString(1, row.key());
                st.setString(2, row.batchId());
                st.setString(3, jobsTopic);
                st.setString(4, row.deployment());
                st.setArray(5, c.createArrayOf("int4", java.util.Arrays.stream(row.jobSeqs()).boxed().toArray()));
                st.setInt(6, row.jobSeqs().length);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /**
     * Every provider batch of the jobs topic still creating or in progress, oldest first.
     *
     * @param spillBefore how long before its window's end a batch's unanswered jobs go synchronous, at
     *                    most 90 % of its window
     */
    static List<ProviderBatchRow> open(Connection c, String jobsTopic, Duration spillBefore) throws SQLException {
        List<ProviderBatchRow> rows = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT p.key, p.batch_id, p.deployment, p.job_seqs, p.provider_id, p.create_attempts, p.cancel_requested,
                       p.created_at, b.tenant_id, b.priority, b.status, (extract(epoch FROM b.expires_at) * 1000)::bigint,
                       (extract(epoch FROM b.expires_at - least(make_interval(secs => ?), (b.expires_at - b.created_at) * 0.9))
                        * 1000)::bigint
                FROM provider_batches p JOIN batches b ON b.id = p.batch_id
                WHERE p.jobs_topic = ? AND p.status IN ('creating', 'in_progress')
                ORDER BY p.created_at, p.key""")) {
            st.setDouble(1, spillBefore.toMillis() / 1000.0);
            st.setString(2, jobsTopic);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var seqs = (Integer[]) rs.getArray(4).getArray();
                    rows.add(new ProviderBatchRow(rs.getString(1), rs.getString(2), rs.getString(3),
                            java.util.Arrays.stream(seqs).mapToInt(Integer::intValue).toArray(), rs.getString(5), rs.getInt(6),
                            rs.getBoolean(7), rs.getTimestamp(8).toInstant(), rs.getString(9), Priority.parse(rs.getString(10)),
                            BatchStatus.parse(rs.getString(11)), rs.getLong(12), rs.getLong(13)));
                }
            }
        }
        return rows;
    }

    /** Counted before the create is sent: a row with attempts is asked about ({@code find}) before it is created again. */
    static void createAttempted(Connection c, String key) throws SQLException {
        update(c, "create_attempts = create_attempts + 1", key);
    }

    static void cancelRequested(Connection c, String key) throws SQLException {
        update(c, "cancel_requested = true", key);
    }

    /** The provider's id is known: from here on the row is polled, never created again. */
    static void created(Connection c, String key, String providerId) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE provider_batches SET provider_id = ?, status = 'in_progress', updated_at = now()
                WHERE key = ? AND provider_id IS NULL""")) {
            st.setString(1, providerId);
            st.setString(2, key);
            st.executeUpdate();
        }
    }

    static void polled(Connection c, String key, String providerStatus, int succeeded, int failed) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE provider_batches SET provider_status = ?, succeeded = ?, failed = ?, updated_at = now() WHERE key = ?""")) {
            st.setString(1, providerStatus);
            st.setInt(2, succeeded);
            st.setInt(3, failed);
            st.setString(4, key);
            st.executeUpdate();
        }
    }

    /**
     * Every job of the row has its outcome or is handed back to synchronous calls ({@code
     * handed_back_jobs}). The counts never go down: results read again after the batch ended (its
     * pages are gone) find no open job to count.
     *
     * @param status {@link ProviderBatchRow#ENDED} or {@link ProviderBatchRow#FAILED}
     */
    static void ended(Connection c, String key, String status, int succeeded, int failed, int released) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE provider_batches SET status = ?, succeeded = greatest(succeeded, ?), failed = greatest(failed, ?),
                       released = greatest(released, ?), updated_at = now()
                WHERE key = ?""")) {
            st.setString(1, status);
            st.setInt(2, succeeded);
            st.setInt(3, failed);
            st.setInt(4, released);
            st.setString(5, key);
            st.executeUpdate();
        }
    }

    private static void update(Connection c, String set, String key) throws SQLException {
        // set is one of this class's constants, never input
        try (var st = c.prepareStatement("UPDATE provider_batches SET " + set + ", updated_at = now() WHERE key = ?")) {
            st.setString(1, key);
            st.executeUpdate();
        }
    }
}
