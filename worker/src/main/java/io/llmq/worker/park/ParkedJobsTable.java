package io.llmq.worker.park;

import io.llmq.schema.Json;
import io.llmq.schema.message.JobMessage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/** Gateway to {@code parked_jobs}. */
final class ParkedJobsTable {

    private ParkedJobsTable() {
    }

    /** A job parked again (it came back and still could not run) replaces its own row. */
    static void upsert(Connection c, ParkedJob p, String worker) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO parked_jobs (job_id, batch_id, priority, job, next_attempt_at, attempts, history, reason,
                                         deployment, parked_by, tenant_id)
                VALUES (?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?, ?, ?, ?)
                ON CONFLICT (job_id) DO UPDATE SET
                    job = excluded.job, next_attempt_at = excluded.next_attempt_at, attempts = excluded.attempts,
                    history = excluded.history, reason = excluded.reason, deployment = excluded.deployment,
                    parked_by = excluded.parked_by, parked_at = now()""")) {
            st.setString(1, p.job().jobId());
            st.setString(2, p.job().batchId());
            st.setString(3, p.job().priority() == null ? "normal" : p.job().priority());
            st.setString(4, Json.toText(p.job()));
            st.setTimestamp(5, Timestamp.from(p.nextAttemptAt()));
            st.setInt(6, p.resume().attempts());
            st.setString(7, p.resume().historyJson());
            st.setString(8, p.reason());
            st.setString(9, p.deployment());
            st.setString(10, worker);
            st.setString(11, p.job().tenantId());
            st.executeUpdate();
        }
    }

    /** Due rows, locked for this transaction; rows another worker is re-enqueuing are skipped, not waited for. */
    static List<ParkedJob> lockDue(Connection c, int limit) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT job, attempts, history, next_attempt_at, reason, deployment FROM parked_jobs
                WHERE next_attempt_at <= now()
                ORDER BY next_attempt_at
                LIMIT ?
                FOR UPDATE SKIP LOCKED""")) {
            st.setInt(1, limit);
            List<ParkedJob> due = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var job = Json.fromBytes(rs.getString(1).getBytes(java.nio.charset.StandardCharsets.UTF_8), JobMessage.class);
                    due.add(new ParkedJob(job, new Resume(rs.getInt(2), rs.getString(3), true),
                            rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6)));
                }
            }
            return due;
        }
    }

    static void delete(Connection c, List<String> jobIds) throws SQLException {
        try (var st = c.prepareStatement("DELETE FROM parked_jobs WHERE job_id = ANY(?)")) {
            st.setArray(1, c.createArrayOf("text", jobIds.toArray()));
            st.executeUpdate();
        }
    }

    static boolean contains(Connection c, String jobId) throws SQLException {
        try (var st = c.prepareStatement("SELECT 1 FROM parked_jobs WHERE job_id = ?")) {
            st.setString(1, jobId);
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    static long count(Connection c) throws SQLException {
        try (var st = c.prepareStatement("SELECT count(*) FROM parked_jobs"); var rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
