package io.llmq.worker.dispatch;

import io.llmq.schema.route.Route;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway to {@code handed_back_jobs}: jobs of provider-routed batches that the provider batch
 * runner handed back to synchronous calls, waiting for the dispatcher to release them within its
 * window. The runner writes them ({@link #insert}); the dispatcher claims, produces and deletes them.
 */
public final class HandBacksTable {

    /**
     * The hand-backs of one batch at one tick.
     *
     * @param waiting           rows not claimed: the batch's jobs still to release
     * @param inDoubt           rows claimed by a dispatcher that never saw Kafka acknowledge them
     * @param inProviderBatches jobs in the batch's open provider batches: neither in flight nor to release
     */
    record Queue(int waiting, int inDoubt, int inProviderBatches) {
    }

    private HandBacksTable() {
    }

    /**
     * Hands jobs (their seqs in the batch's dispatch pages) back for the dispatcher to release, in
     * the caller's transaction (the one that ends their provider batch row). A job handed back again
     * (its provider batch's results read again) is one row still.
     */
    public static void insert(Connection c, String batchId, String jobsTopic, int[] seqs) throws SQLException {
        if (seqs.length == 0) {
            return;
        }
        try (var st = c.prepareStatement("""
                INSERT INTO handed_back_jobs (batch_id, seq, jobs_topic) SELECT ?, s, ? FROM unnest(?::int[]) s
                ON CONFLICT (batch_id, seq) DO NOTHING""")) {
            st.setString(1, batchId);
            st.setString(2, jobsTopic);
            st.setArray(3, c.createArrayOf("int4", Arrays.stream(seqs).boxed().toArray()));
            st.executeUpdate();
        }
    }

    /**
     * Every open batch of the provider batch route in the jobs topic, by id, with its hand-backs.
     * The jobs in its open provider batches are read from {@code provider_batches} (read only here;
     * the runner's gateway writes it): they are neither in flight nor to release.
     */
    static Map<String, Queue> queues(Connection c, String jobsTopic) throws SQLException {
        Map<String, Queue> queues = new HashMap<>();
        try (var st = c.prepareStatement("""
                SELECT q.batch_id, h.waiting, h.in_doubt, p.jobs
                FROM dispatch_queue q
                CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE NOT claimed) AS waiting, count(*) FILTER (WHERE claimed) AS in_doubt
                                    FROM handed_back_jobs WHERE batch_id = q.batch_id) h
                CROSS JOIN LATERAL (SELECT coalesce(sum(total), 0) AS jobs FROM provider_batches
                                    WHERE batch_id = q.batch_id AND status IN ('creating', 'in_progress')) p
                WHERE q.jobs_topic = ? AND q.route = ? AND (q.closed_reason IS NULL OR q.dispatched < q.claimed)""")) {
            st.setString(1, jobsTopic);
            st.setString(2, Route.PROVIDER_BATCH.wireName());
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    queues.put(rs.getString(1), new Queue(rs.getInt(2), rs.getInt(3), rs.getInt(4)));
                }
            }
        }
        return queues;
    }

    /**
     * Claims up to {@code jobs} waiting hand-backs of a batch, lowest seqs first, before they are
     * produced: of two dispatchers that both think they lead, each row goes to one.
     *
     * @return the seqs claimed, ascending
     */
    static List<Integer> claim(Connection c, String batchId, int jobs) throws SQLException {
        return seqs(c, """
                UPDATE handed_back_jobs SET claimed = true
                WHERE batch_id = ? AND seq IN (SELECT seq FROM handed_back_jobs WHERE batch_id = ? AND NOT claimed
                                               ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING seq""", batchId, jobs);
    }

    /** The claimed rows of a batch: produced by a dispatcher that did not see them acknowledged. */
    static List<Integer> inDoubt(Connection c, String batchId) throws SQLException {
        try (var st = c.prepareStatement("SELECT seq FROM handed_back_jobs WHERE batch_id = ? AND claimed ORDER BY seq")) {
            st.setString(1, batchId);
            return read(st);
        }
    }

    /** Kafka acknowledged these jobs: their rows go. */
    static void dispatched(Connection c, String batchId, List<Integer> seqs) throws SQLException {
        try (var st = c.prepareStatement("DELETE FROM handed_back_jobs WHERE batch_id = ? AND seq = ANY(?)")) {
            st.setString(1, batchId);
            st.setArray(2, c.createArrayOf("int4", seqs.toArray()));
            st.executeUpdate();
        }
    }

    /**
     * Removes up to {@code jobs} waiting (unclaimed) rows of a cancelled or expired batch, in the
     * caller's transaction, which ends their jobs; claimed rows are left to the in-doubt path.
     */
    static List<Integer> endWaiting(Connection c, String batchId, int jobs) throws SQLException {
        return seqs(c, """
                DELETE FROM handed_back_jobs
                WHERE batch_id = ? AND seq IN (SELECT seq FROM handed_back_jobs WHERE batch_id = ? AND NOT claimed
                                               ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING seq""", batchId, jobs);
    }

    /** Drops what is left of a batch whose dispatch is over. */
    static void drop(Connection c, String batchId) throws SQLException {
        try (var st = c.prepareStatement("DELETE FROM handed_back_jobs WHERE batch_id = ?")) {
            st.setString(1, batchId);
            st.executeUpdate();
        }
    }

    private static List<Integer> seqs(Connection c, String sql, String batchId, int jobs) throws SQLException {
        try (var st = c.prepareStatement(sql)) {
            st.setString(1, batchId);
            st.setString(2, batchId);
            st.setInt(3, jobs);
            var seqs = read(st);
            seqs.sort(Integer::compare);
            return seqs;
        }
    }

    private static List<Integer> read(PreparedStatement st) throws SQLException {
        List<Integer> seqs = new ArrayList<>();
        try (var rs = st.executeQuery()) {
            while (rs.next()) {
                seqs.add(rs.getInt(1));
            }
        }
        return seqs;
    }
}
