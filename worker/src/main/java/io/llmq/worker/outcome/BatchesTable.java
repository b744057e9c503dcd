package io.llmq.worker.outcome;

import io.llmq.schema.Ids;
import io.llmq.schema.output.OutputOptions;
import io.llmq.schema.output.OutputOptions.Reaction;
import io.llmq.schema.status.BatchEvent;
import io.llmq.schema.status.BatchStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The worker's gateway to {@code batches}: moving counters and the step to the batch's end (in
 * the outcome's transaction), the reads a call makes before it starts (status, options), and the
 * hold a parked job shows on its batch.
 */
public final class BatchesTable {
    private static final Logger log = LoggerFactory.getLogger(BatchesTable.class);

    /** What a batch's metadata asks of the worker: {@code llmq_fallback} and {@code llmq_cache} ("true"), the output options. */
    public record Options(boolean fallback, boolean cache, OutputOptions output) {
        public static final Options NONE = new Options(false, false, OutputOptions.NONE);
    }

    private BatchesTable() {
    }

    /** The batch's status; empty when there is no such batch. */
    public static Optional<BatchStatus> status(Connection c, String batchId) throws SQLException {
        try (var st = c.prepareStatement("SELECT status FROM batches WHERE id = ?")) {
            st.setString(1, batchId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(BatchStatus.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    /** The options in the batch's metadata; none for a batch that does not exist. */
    public static Options options(Connection c, String batchId) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT metadata ->> 'llmq_fallback', metadata ->> 'llmq_cache', metadata ->> ?, metadata ->> ?
                FROM batches WHERE id = ?""")) {
            st.setString(1, OutputOptions.ON_LENGTH);
            st.setString(2, OutputOptions.ON_INVALID);
            st.setString(3, batchId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? new Options("true".equalsIgnoreCase(rs.getString(1)), "true".equalsIgnoreCase(rs.getString(2)),
                        new OutputOptions(Reaction.parse(rs.getString(3)), Reaction.parse(rs.getString(4))))
                        : Options.NONE;
            }
        }
    }

    /** Shows on the batch why its jobs are not moving; kept from the first such park until they resume. */
    public static void hold(Connection c, String batchId, String reason, String message) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE batches SET held_reason = ?, held_message = ?, held_at = coalesce(held_at, now()) WHERE id = ?""")) {
            st.setString(1, reason);
            st.setString(2, message);
            st.setString(3, batchId);
            st.executeUpdate();
        }
    }

    /** The batches' held jobs are on their way back: the batches no longer show a hold. */
    public static void releaseHolds(Connection c, List<String> batchIds) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE batches SET held_reason = NULL, held_message = NULL, held_at = NULL
                WHERE id = ANY(?) AND held_reason IS NOT NULL""")) {
            st.setArray(1, c.createArrayOf("text", batchIds.toArray()));
            st.executeUpdate();
        }
    }

    /**
     * Figures of one batch within one outcome transaction; {@code outputBytes} and
     * {@code errorBytes} are what the jobs' lines add to the output and error files' content.
     */
    record Delta(int succeeded, int failed, int cancelled, int expired, long inputTokens, long cachedTokens,
                 long outputTokens, BigDecimal cost, long outputBytes, long errorBytes) {
        static Delta ofCost(BigDecimal cost) {
            return new Delta(0, 0, 0, 0, 0, 0, 0, cost, 0, 0);
        }

        Delta plus(Delta o) {
            return new Delta(succeeded + o.succeeded, failed + o.failed, cancelled + o.cancelled, expired + o.expired,
                    inputTokens + o.inputTokens, cachedTokens + o.cachedTokens, outputTokens + o.outputTokens, cost.add(o.cost),
                    outputBytes + o.outputBytes, errorBytes + o.errorBytes);
        }
    }

    /**
     * Adds to a batch's counters and, if this made every job terminal, ends the batch in the same
     * transaction: output and error files, then {@code completed}, {@code expired} or
     * {@code cancelled} as {@link BatchStatus#next} says. The row lock taken by the counter UPDATE
     * serialises workers finishing jobs of the same batch (and a concurrent cancel), so exactly
     * one of them sees the last job land.
     *
     * @return the batch's terminal status if this call ended it
     */
    static Optional<BatchStatus> add(Connection c, String batchId, Delta d) throws SQLException {
        BatchStatus before;
        int total;
        int done;
        int expired;
        try (var st = c.prepareStatement("""
                UPDATE batches SET completed = completed + ?, failed = failed + ?, cancelled = cancelled + ?,
                       expired = expired + ?, input_tokens = input_tokens + ?, cached_tokens = cached_tokens + ?,
                       output_tokens = output_tokens + ?, cost = cost + ?, output_bytes = output_bytes + ?,
                       error_bytes = error_bytes + ?
                WHERE id = ?
                RETURNING status, total, completed + failed + cancelled + expired, expired""")) {
            st.setInt(1, d.succeeded());
            st.setInt(2, d.failed());
            st.setInt(3, d.cancelled());
            st.setInt(4, d.expired());
            st.setLong(5, d.inputTokens());
            st.setLong(6, d.cachedTokens());
            st.setLong(7, d.outputTokens());
            st.setObject(8, d.cost(), Types.NUMERIC);
            st.setLong(9, d.outputBytes());
            st.setLong(10, d.errorBytes());
            st.setString(11, batchId);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                before = BatchStatus.parse(rs.getString(1));
                total = rs.getInt(2);
                done = rs.getInt(3);
                expired = rs.getInt(4);
            }
        }
        // Every status the batch passes through in this transaction, so each gets its timestamp.
        List<BatchStatus> path = new ArrayList<>();
        var status = step(batchId, before, BatchEvent.JOB_ENDED, path);
        String outputId = null;
        String errorId = null;
        if (done >= total) {
            status = step(batchId, status, BatchEvent.ALL_JOBS_ENDED, path);
            if (status == BatchStatus.FINALIZING || status == BatchStatus.CANCELLED) {
                outputId = Ids.file();
                errorId = Ids.file();
                FilesTable.insertResultFiles(c, batchId, outputId, errorId);
            }
            if (status == BatchStatus.FINALIZING) {
                status = step(batchId, status, expired > 0 ? BatchEvent.FINALIZED_WITH_EXPIRED_JOBS : BatchEvent.FINALIZED, path);
            }
        }
        if (status != before) {
            update(c, batchId, status, path, outputId, errorId);
        }
        return status.isTerminal() && status != before ? Optional.of(status) : Optional.empty();
    }

    private static BatchStatus step(String batchId, BatchStatus from, BatchEvent event, List<BatchStatus> path) {
        var next = from.next(event);
        if (next.isEmpty()) {
            log.warn("batch {} is {}; ignoring {}", batchId, from.wireName(), event);
            return from;
        }
        if (next.get() != from) {
            path.add(next.get());
        }
        return next.get();
    }

    private static void update(Connection c, String batchId, BatchStatus status, List<BatchStatus> path,
                               String outputId, String errorId) throws SQLException {
        var sql = new StringBuilder("UPDATE batches SET status = ?");
        for (var passed : path) {
            // column names come from the enum, never from input
            sql.append(", ").append(passed.timestampColumn()).append(" = coalesce(").append(passed.timestampColumn()).append(", now())");
        }
        sql.append("""
                , output_file_id = coalesce(?, output_file_id),
                  error_file_id = CASE WHEN failed + cancelled + expired > 0 THEN coalesce(?, error_file_id) END
                WHERE id = ?""");
        try (var st = c.prepareStatement(sql.toString())) {
            st.setString(1, status.wireName());
            st.setString(2, outputId);
            st.setString(3, errorId);
            st.setString(4, batchId);
            st.executeUpdate();
        }
    }
}
