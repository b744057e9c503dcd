package io.llmq.worker.outcome;

import io.llmq.schema.Json;
import io.llmq.schema.status.BatchEvent;
import io.llmq.schema.status.BatchStatus;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The retention sweeper's reads and writes of {@code batches}: batches that no worker will move
 * any more. Their steps are the state machine's ({@link BatchStatus#next}), as every other.
 */
public final class BatchRepairs {
    /** The stable code of a batch that failed because its header stayed in validating. */
    public static final String VALIDATION_TIMEOUT = "validation_timeout";

    /** A batch whose jobs have all ended but that has not. */
    public record Unended(String batchId, String tenantId, BatchStatus status) {
    }

    private BatchRepairs() {
    }

    /**
     * Fails batches still {@code validating} {@code olderThanSeconds} after their creation: the
     * submitter that was validating them died (staging is one transaction with the step out of
     * validating, so nothing of them was staged). Rows a live submitter has locked are skipped.
     *
     * @return the batches failed
     */
    public static List<String> failValidating(Connection c, long olderThanSeconds, int limit) throws SQLException {
        var failed = BatchStatus.VALIDATING.next(BatchEvent.ENQUEUE_FAILED).orElseThrow();
        var errors = Json.object().put("object", "list");
        errors.putArray("data").addObject().put("code", VALIDATION_TIMEOUT)
                .put("message", "The batch was still being validated " + olderThanSeconds
                        + " seconds after it was created (its submitter stopped); nothing of it was enqueued. Create it again.")
                .putNull("param").putNull("line");
        // the column name comes from the enum, never from input
        try (var st = c.prepareStatement("UPDATE batches SET status = ?, " + failed.timestampColumn() + " = now(), errors = ?::jsonb"
                + """
                 WHERE id = ANY(ARRAY(SELECT id FROM batches WHERE status = 'validating'
                                      AND created_at < now() - make_interval(secs => ?)
                                      LIMIT ? FOR UPDATE SKIP LOCKED))
                RETURNING id""")) {
            st.setString(1, failed.wireName());
            st.setString(2, Json.toText(errors));
            st.setLong(3, olderThanSeconds);
            st.setInt(4, limit);
            List<String> ids = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /**
     * Batches of {@code jobsTopic} that are in progress or cancelling although every job has
     * ended, locked for the caller's transaction; {@link OutcomeStore#endUnreleased} with no jobs
     * takes each to its end.
     */
    public static List<Unended> lockUnended(Connection c, String jobsTopic, int limit) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT b.id, b.tenant_id, b.status FROM batches b JOIN dispatch_queue q ON q.batch_id = b.id
                WHERE q.jobs_topic = ? AND b.status IN ('in_progress', 'cancelling')
                  AND b.completed + b.failed + b.cancelled + b.expired >= b.total
                LIMIT ? FOR UPDATE OF b SKIP LOCKED""")) {
            st.setString(1, jobsTopic);
            st.setInt(2, limit);
            List<Unended> unended = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    unended.add(new Unended(rs.getString(1), rs.getString(2), BatchStatus.parse(rs.getString(3))));
                }
            }
            return unended;
        }
    }
}
