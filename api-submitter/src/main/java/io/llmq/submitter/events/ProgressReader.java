package io.llmq.submitter.events;

import io.llmq.schema.status.BatchStatus;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a batch's progress and the jobs that ended since a moment, from {@code batches} and
 * {@code job_results}. A worker writes a job's result and the batch's counters in one transaction,
 * so reading both in one REPEATABLE READ snapshot gives counts and job rows that agree.
 */
final class ProgressReader {
    private final DataSource dataSource;

    ProgressReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A place in a batch's endings, ordered by {@code (finished_at, line)}: a key every row has a
     * distinct value of, so a page that starts after the last row of the page before always moves
     * on, however many jobs ended at the same instant.
     */
    record After(Instant finishedAt, int line) {
        /** Before every ending at or after {@code at} (lines start at 1). */
        static After startOf(Instant at) {
            return new After(at, 0);
        }

        static After of(EndedJob job) {
            return new After(job.finishedAt(), job.line());
        }
    }

    /**
     * @param jobs          jobs that ended after {@code after} in {@code (finished_at, line)} order (at most
     *                      {@code limit}); empty when {@code after} is null
     * @param truncated     more such jobs than {@code limit}
     * @param endedSinceFloor jobs that ended at or after {@code floor}, in the same snapshot (-1 when {@code floor} is null)
     */
    record Reading(Progress progress, List<EndedJob> jobs, boolean truncated, int endedSinceFloor) {
    }

    /** Empty if the batch row is gone. */
    Optional<Reading> read(String batchId, After after, Instant floor, int limit) throws SQLException {
        try (var c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                var progress = progress(c, batchId);
                if (progress.isEmpty()) {
                    return Optional.empty();
                }
                List<EndedJob> jobs = new ArrayList<>();
                var truncated = false;
                if (after != null) {
                    // the first condition is the one the (batch_id, finished_at) index serves
                    try (var st = c.prepareStatement(JOB_COLUMNS + """
                            FROM job_results WHERE batch_id = ? AND finished_at >= ? AND (finished_at, line) > (?, ?)
                            ORDER BY finished_at, line LIMIT ?""")) {
                        st.setString(1, batchId);
                        st.setTimestamp(2, Timestamp.from(after.finishedAt()));
                        st.setTimestamp(3, Timestamp.from(after.finishedAt()));
                        st.setInt(4, after.line());
                        st.setInt(5, limit + 1);
                        try (var rs = st.executeQuery()) {
                            while (rs.next()) {
                                jobs.add(job(rs));
                            }
                        }
                    }
                    truncated = jobs.size() > limit;
                    if (truncated) {
                        jobs.removeLast();
                    }
                }
                var sinceFloor = floor == null ? -1 : count(c, batchId, floor);
                return Optional.of(new Reading(progress.get(), jobs, truncated, sinceFloor));
            } finally {
                c.commit();
            }
        }
    }

    /** Lines of the jobs that ended at or after {@code floor}: the slow path that finds a result committed late. */
    List<EndedJob> endedSince(String batchId, Instant floor) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement(JOB_COLUMNS + "FROM job_results WHERE batch_id = ? AND finished_at >= ? ORDER BY finished_at, line")) {
            st.setString(1, batchId);
            st.setTimestamp(2, Timestamp.from(floor));
            List<EndedJob> jobs = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    jobs.add(job(rs));
                }
            }
            return jobs;
        }
    }

    private static final String JOB_COLUMNS =
            "SELECT line, custom_id, status, model, input_tokens, output_tokens, error->>'code', error->>'message', finished_at ";

    private static EndedJob job(ResultSet rs) throws SQLException {
        return new EndedJob(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6),
                rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant());
    }

    private static Optional<Progress> progress(Connection c, String batchId) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT b.status, b.total, b.completed, b.failed, b.cancelled, b.expired, b.input_tokens, b.output_tokens,
                       b.cost, coalesce(b.in_progress_at, b.created_at), now(),
                       coalesce(b.completed_at, b.expired_at, b.cancelled_at, b.failed_at),
                       (SELECT count(*) FROM job_results r WHERE r.batch_id = b.id AND r.finished_at >= now() - ?::interval)
                FROM batches b WHERE b.id = ? AND b.deleted_at IS NULL""")) {
            st.setString(1, Progress.RATE_WINDOW.toSeconds() + " seconds");
            st.setString(2, batchId);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Progress(batchId, BatchStatus.parse(rs.getString(1)), rs.getInt(2), rs.getInt(3),
                        rs.getInt(4), rs.getInt(5), rs.getInt(6), rs.getLong(7), rs.getLong(8), rs.getBigDecimal(9),
                        rs.getInt(13), rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant(),
                        rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant()));
            }
        }
    }

    private static int count(Connection c, String batchId, Instant floor) throws SQLException {
        try (var st = c.prepareStatement("SELECT count(*) FROM job_results WHERE batch_id = ? AND finished_at >= ?")) {
            st.setString(1, batchId);
            st.setTimestamp(2, Timestamp.from(floor));
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
