package io.llmq.submitter.batch;

import io.llmq.schema.Json;
import io.llmq.schema.status.BatchEvent;
import io.llmq.schema.status.BatchStatus;


import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Gateway to {@code batches}. Every read is scoped to a tenant and (except where noted) to the
 * dialect that created the batch; a deleted batch is gone for every read.
 */
public final class BatchStore {
    /** A transition retried this often lost its compare-and-set to a worker every time: something is wrong. */
    private static final int MAX_TRANSITION_ATTEMPTS = 20;

    /** How a requested transition went. */
    public sealed interface Transition {
        record Moved(BatchRecord batch) implements Transition {
        }

        record Refused(BatchRecord batch) implements Transition {
        }

        record Missing() implements Transition {
        }
    }

    private final DataSource dataSource;

    public BatchStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes the header of a batch whose jobs are about to be enqueued; status {@code validating}. */
    public void insertValidating(Connection c, NewBatch b) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO batches (id, tenant_id, dialect, endpoint, input_file_id, completion_window, priority, status,
                                     metadata, total, model, estimated_tokens, expires_at, output_expires_after, parent_batch_id,
                                     route)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'validating', ?::jsonb, ?, ?, ?, ?, ?, ?, ?)""")) {
            st.setString(1, b.id());
            st.setString(2, b.tenantId());
            st.setString(3, b.dialect());
            st.setString(4, b.endpoint());
            st.setString(5, b.inputFileId());
            st.setString(6, b.completionWindow());
            st.setString(7, b.priority());
            st.setString(8, b.metadata() == null ? null : Json.toText(b.metadata()));
            st.setInt(9, b.total());
            st.setString(10, b.model());
            st.setLong(11, b.estimatedTokens());
            st.setTimestamp(12, Timestamp.from(b.expiresAt()));
            st.setObject(13, b.outputExpiresAfter() == null ? null : (int) b.outputExpiresAfter().seconds(), java.sql.Types.INTEGER);
            st.setString(14, b.parentBatchId());
            st.setString(15, b.route().wireName());
            st.executeUpdate();
        }
    }

    /**
     * Applies {@code event} as {@link BatchStatus#next} allows: read, decide, then an UPDATE guarded
     * by the status read, retried if a worker moved the batch meanwhile.
     */
    public Transition transition(String tenantId, String id, BatchEvent event) throws SQLException {
        for (int attempt = 0; attempt < MAX_TRANSITION_ATTEMPTS; attempt++) {
            var current = find(tenantId, id, null);
            if (current.isEmpty()) {
                return new Transition.Missing();
            }
            var batch = current.get();
            var next = batch.status().next(event);
            if (next.isEmpty()) {
                return new Transition.Refused(batch);
            }
            if (next.get() == batch.status() || compareAndSet(id, batch.status(), next.get())) {
                return new Transition.Moved(find(tenantId, id, null).orElseThrow());
            }
        }
        throw new IllegalStateException("batch " + id + ": " + event + " kept racing with workers");
    }

    /**
     * Inside the staging transaction: the batch's jobs are staged, so it moves on as
     * {@link BatchEvent#ENQUEUED} says ({@code validating → in_progress}; a batch cancelled while it
     * was validated stays {@code cancelling}, and the dispatcher ends its jobs without releasing them).
     */
    public void markStaged(Connection c, String id) throws SQLException {
        BatchStatus current;
        try (var st = c.prepareStatement("SELECT status FROM batches WHERE id = ? FOR UPDATE")) {
            st.setString(1, id);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("batch " + id + " vanished while its jobs were staged");
                }
                current = BatchStatus.parse(rs.getString(1));
            }
        }
        var next = current.next(BatchEvent.ENQUEUED)
                .orElseThrow(() -> new IllegalStateException("batch " + id + " is " + current.wireName() + "; cannot stage its jobs"));
        if (next == current) {
            return;
        }
        var column = next.timestampColumn();
        try (var st = c.prepareStatement("UPDATE batches SET status = ?, " + column + " = coalesce(" + column + ", now()) WHERE id = ?")) {
            st.setString(1, next.wireName());
            st.setString(2, id);
            st.executeUpdate();
        }
    }

    private boolean compareAndSet(String id, BatchStatus from, BatchStatus to) throws SQLException {
        // the column name comes from the enum, never from input
        var column = to.timestampColumn();
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("UPDATE batches SET status = ?, " + column + " = coalesce(" + column
                     + ", now()) WHERE id = ? AND status = ?")) {
            st.setString(1, to.wireName());
            st.setString(2, id);
            st.setString(3, from.wireName());
            return st.executeUpdate() == 1;
        }
    }

    /** The batch made by retrying {@code parentId}'s failed lines, if there is one. */
    public Optional<BatchRecord> findRetryOf(String tenantId, String parentId) throws SQLException {
        return first("parent_batch_id = ? AND tenant_id = ? AND deleted_at IS NULL", parentId, tenantId);
    }

    /** A retry whose jobs could not be staged never ran: it stops counting as its parent's retry. */
    void releaseParent(String id) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("UPDATE batches SET parent_batch_id = NULL WHERE id = ?")) {
            st.setString(1, id);
            st.executeUpdate();
        }
    }

    /** @param dialect null for any dialect */
    public Optional<BatchRecord> find(String tenantId, String id, String dialect) throws SQLException {
        return first("id = ? AND tenant_id = ? AND deleted_at IS NULL AND (?::text IS NULL OR dialect = ?)", id, tenantId, dialect, dialect);
    }

    private Optional<BatchRecord> first(String where, String... args) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("SELECT " + BatchRows.COLUMNS + " FROM batches WHERE " + where)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i]);
            }
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(BatchRows.read(rs)) : Optional.empty();
            }
        }
    }

    /**
     * One page of a tenant's batches of one dialect, newest first. {@code after} pages to older
     * batches, {@code before} to newer ones (the page right before that batch, still newest
     * first). A cursor that is not one of the tenant's batches yields an empty page.
     */
    public List<BatchRecord> list(String tenantId, String dialect, String after, String before, int limit) throws SQLException {
        String cursor = after != null ? after : before;
        var sql = new StringBuilder("SELECT " + BatchRows.COLUMNS + " FROM batches WHERE tenant_id = ? AND dialect = ? AND deleted_at IS NULL");
        if (cursor != null) {
            sql.append(" AND (created_at, id) ").append(after != null ? "<" : ">")
                    .append(" (SELECT created_at, id FROM batches WHERE id = ? AND tenant_id = ?)");
        }
        sql.append(after != null || before == null ? " ORDER BY created_at DESC, id DESC" : " ORDER BY created_at ASC, id ASC");
        sql.append(" LIMIT ?");
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(sql.toString())) {
            int p = 1;
            st.setString(p++, tenantId);
            st.setString(p++, dialect);
            if (cursor != null) {
                st.setString(p++, cursor);
                st.setString(p++, tenantId);
            }
            st.setInt(p, limit);
            List<BatchRecord> batches = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    batches.add(BatchRows.read(rs));
                }
            }
            if (before != null && after == null) {
                Collections.reverse(batches);
            }
            return batches;
        }
    }

    /** Marks an ended batch deleted; false if there is no such batch (or it is not ended). */
    public boolean delete(String tenantId, String id, String dialect) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     UPDATE batches SET deleted_at = now()
                     WHERE id = ? AND tenant_id = ? AND dialect = ? AND deleted_at IS NULL
                       AND status IN ('completed', 'failed', 'expired', 'cancelled')""")) {
            st.setString(1, id);
            st.setString(2, tenantId);
            st.setString(3, dialect);
            return st.executeUpdate() == 1;
        }
    }
}
