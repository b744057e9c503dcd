package io.llmq.worker.dispatch;

import io.llmq.schema.Ids;
import io.llmq.schema.Priority;
import io.llmq.schema.dispatch.JobPages;
import io.llmq.schema.dispatch.StagedPages;
import io.llmq.schema.dispatch.UnreleasedJobs;
import io.llmq.schema.results.ResultLines;
import io.llmq.schema.route.Route;
import io.llmq.schema.status.BatchStatus;
import io.llmq.worker.park.ParkedJob;
import io.llmq.worker.schedule.QueuedBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The dispatcher's gateway to {@code dispatch_queue} and {@code dispatch_pages}. */
final class DispatchQueueTable {

    private DispatchQueueTable() {
    }

    /**
     * Every batch with jobs still to release, with work in flight, or with jobs in doubt; oldest
     * first. Outstanding work is what the batch released minus what ended minus what is parked;
     * a batch with jobs parked over budget or on a spent daily quota is held.
     */
    static List<QueuedBatch> open(Connection c, String jobsTopic) throws SQLException {
        List<QueuedBatch> open = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT q.batch_id, q.tenant_id, q.priority, q.total, q.claimed, q.dispatched,
                       q.claimed - (b.completed + b.failed + b.cancelled + b.expired) - p.parked,
                       b.status, (extract(epoch FROM b.expires_at) * 1000)::bigint,
                       b.completed + b.failed + b.cancelled + b.expired, p.holding > 0
                FROM dispatch_queue q JOIN batches b ON b.id = q.batch_id
                CROSS JOIN LATERAL (SELECT count(*) AS parked, count(*) FILTER (WHERE reason = ANY(?)) AS holding
                                    FROM parked_jobs WHERE batch_id = q.batch_id) p
                WHERE q.jobs_topic = ? AND (q.closed_reason IS NULL OR q.dispatched < q.claimed)
                ORDER BY q.created_at, q.batch_id""")) {
            st.setArray(1, c.createArrayOf("text", ParkedJob.HOLDING.toArray()));
            st.setString(2, jobsTopic);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    open.add(new QueuedBatch(rs.getString(1), rs.getString(2), Priority.parse(rs.getString(3)), rs.getInt(4),
                            rs.getInt(5), rs.getInt(6), Math.max(0, rs.getInt(7)), BatchStatus.parse(rs.getString(8)), rs.getLong(9),
                            rs.getInt(10), rs.getBoolean(11)));
                }
            }
        }
        return open;
    }

    /**
     * Claims jobs [from, to) of a batch, before they are produced: a compare-and-set on the claim,
     * so of two dispatchers that both think they lead, only one releases a range, and a batch
     * closed meanwhile (cancelled, expired) releases nothing more.
     */
    static boolean claim(Connection c, String batchId, int from, int to) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE dispatch_queue SET claimed = ? WHERE batch_id = ? AND claimed = ? AND closed_reason IS NULL""")) {
            st.setInt(1, to);
            st.setString(2, batchId);
            st.setInt(3, from);
            return st.executeUpdate() == 1;
        }
    }

    /** Batches of the provider batch route with jobs not yet handed to provider batches, oldest first; none cancelled or past its window. */
    static List<ProviderRoutedQueue.Waiting> waitingForProviders(Connection c, String jobsTopic) throws SQLException {
        List<ProviderRoutedQueue.Waiting> waiting = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT q.batch_id, q.tenant_id, q.priority, q.claimed, q.total
                FROM dispatch_queue q JOIN batches b ON b.id = q.batch_id
                WHERE q.jobs_topic = ? AND q.route = ? AND q.closed_reason IS NULL AND q.claimed < q.total
                  AND b.status NOT IN ('cancelling', 'cancelled') AND b.expires_at > now()
                ORDER BY q.created_at, q.batch_id""")) {
            st.setString(1, jobsTopic);
            st.setString(2, Route.PROVIDER_BATCH.wireName());
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    waiting.add(new ProviderRoutedQueue.Waiting(rs.getString(1), rs.getString(2), Priority.parse(rs.getString(3)),
                            rs.getInt(4), rs.getInt(5)));
                }
            }
        }
        return waiting;
    }

    /**
     * Jobs [from, total) of a provider-routed batch are handed to provider batches: claimed and
     * dispatched at once (they never enter Kafka from here, so none is in doubt). A compare-and-set
     * on the claim, as {@link #claim} is, so a cancel that ended them first wins.
     */
    static boolean handToProviders(Connection c, String batchId, int from, int total) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE dispatch_queue SET claimed = ?, dispatched = ?
                WHERE batch_id = ? AND claimed = ? AND closed_reason IS NULL AND route = ?""")) {
            st.setInt(1, total);
            st.setInt(2, total);
            st.setString(3, batchId);
            st.setInt(4, from);
            st.setString(5, Route.PROVIDER_BATCH.wireName());
            return st.executeUpdate() == 1;
        }
    }

    /** Kafka acknowledged jobs up to {@code upTo}. */
    static void dispatched(Connection c, String batchId, int upTo) throws SQLException {
        try (var st = c.prepareStatement("UPDATE dispatch_queue SET dispatched = greatest(dispatched, ?) WHERE batch_id = ? AND claimed >= ?")) {
            st.setInt(1, upTo);
            st.setString(2, batchId);
            st.setInt(3, upTo);
            st.executeUpdate();
        }
    }

    /**
     * Ends a batch's dispatch: nothing more is released. Guarded by the claim read, so a range
     * claimed since is not cut off.
     *
     * @return whether this call closed it
     */
    static boolean close(Connection c, String batchId, int claimed, String reason) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE dispatch_queue SET closed_reason = ? WHERE batch_id = ? AND claimed = ? AND closed_reason IS NULL""")) {
            st.setString(1, reason);
            st.setString(2, batchId);
            st.setInt(3, claimed);
            return st.executeUpdate() == 1;
        }
    }

    /** Drops the pages no reader needs any more: every page below {@code upTo} (all of a batch's pages for {@code total}). */
    static void dropPagesBelow(Connection c, String batchId, int upTo) throws SQLException {
        try (var st = c.prepareStatement("DELETE FROM dispatch_pages WHERE batch_id = ? AND first_seq + jobs <= ?")) {
            st.setString(1, batchId);
            st.setInt(2, upTo);
            st.executeUpdate();
        }
    }

    /** The pages that hold jobs [from, to), decoded, each with its first seq. */
    static List<Page> pages(Connection c, String batchId, int from, int to) throws SQLException {
        List<Page> pages = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT first_seq, data FROM dispatch_pages
                WHERE batch_id = ? AND first_seq < ? AND first_seq + jobs > ? ORDER BY first_seq""")) {
            st.setString(1, batchId);
            st.setInt(2, to);
            st.setInt(3, from);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    pages.add(new Page(rs.getInt(1), JobPages.decode(rs.getBytes(2))));
                }
            }
        }
        return pages;
    }

    /**
     * The bytes the error file's lines of the never-released jobs [claimed, total) will have, read
     * page by page, so a million staged jobs are never all in memory at once.
     */
    static long unreleasedBytes(Connection c, String batchId, int claimed, String reason) throws SQLException {
        var bytes = new long[1];
        try {
            StagedPages.walk(c, batchId, claimed, job -> {
                bytes[0] += ResultLines.unreleasedBytes(Ids.job(batchId, job.line()), job.customId(),
                        UnreleasedJobs.code(reason), UnreleasedJobs.message(reason));
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("batch " + batchId + ": a staged page cannot be read", e);
        }
        return bytes[0];
    }

    /** One decoded page: jobs with seq [firstSeq, firstSeq + jobs.size()). */
    record Page(int firstSeq, List<JobPages.StagedJob> jobs) {
        int endSeq() {
            return firstSeq + jobs.size();
        }
    }
}
