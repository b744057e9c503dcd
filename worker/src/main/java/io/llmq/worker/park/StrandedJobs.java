package io.llmq.worker.park;

import io.llmq.schema.Json;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.status.BatchStatus;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parked jobs that no worker will reach in time: their batch is being cancelled, or its window
 * has closed, for longer than a grace. A job parked over budget waits until the budget is raised,
 * which may be never; the retention sweeper ends such jobs as the workers' guard would.
 */
public final class StrandedJobs {

    /** A parked job and the status of its batch. */
    public record Stranded(JobMessage job, BatchStatus batchStatus) {
    }

    private StrandedJobs() {
    }

    /**
     * Locks, for the caller's transaction, parked jobs of {@code jobsTopic}'s batches cancelling,
     * or past their window, for more than {@code graceSeconds}; rows the re-enqueuer holds are skipped.
     */
    public static List<Stranded> lock(Connection c, String jobsTopic, long graceSeconds, int limit) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT p.job::text, b.status FROM parked_jobs p
                JOIN batches b ON b.id = p.batch_id JOIN dispatch_queue q ON q.batch_id = b.id
                WHERE q.jobs_topic = ?
                  AND ((b.status = 'cancelling' AND b.cancelling_at < now() - make_interval(secs => ?))
                       OR (b.status IN ('in_progress', 'cancelling') AND b.expires_at < now() - make_interval(secs => ?)))
                ORDER BY p.job_id LIMIT ? FOR UPDATE OF p SKIP LOCKED""")) {
            st.setString(1, jobsTopic);
            st.setLong(2, graceSeconds);
            st.setLong(3, graceSeconds);
            st.setInt(4, limit);
            List<Stranded> stranded = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var job = Json.fromBytes(rs.getString(1).getBytes(StandardCharsets.UTF_8), JobMessage.class);
                    stranded.add(new Stranded(job, BatchStatus.parse(rs.getString(2))));
                }
            }
            return stranded;
        }
    }

    /** Removes the jobs' parked rows, in the transaction that wrote their outcomes. */
    public static void remove(Connection c, List<String> jobIds) throws SQLException {
        ParkedJobsTable.delete(c, jobIds);
    }
}
