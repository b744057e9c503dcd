package io.llmq.submitter.stage;

import io.llmq.schema.Json;
import io.llmq.schema.Priority;
import io.llmq.schema.dispatch.JobPages;
import io.llmq.schema.message.JobMessage;
import io.llmq.schema.route.Route;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stages an accepted batch's jobs for the dispatcher: the job messages in pages of
 * {@link JobPages#PAGE_JOBS}, and the batch's row in {@code dispatch_queue}, inside the caller's
 * transaction. Nothing reaches Kafka here: the dispatcher in the workers releases the jobs into
 * {@code llmq.jobs} in priority and fair-share order (docs/scheduling.md). The caller's commit
 * makes the whole batch visible to the dispatcher at once, or nothing of it.
 */
public final class JobStager {
    /** Pages sent to PostgreSQL per round trip. */
    private static final int PAGES_PER_ROUND_TRIP = 16;

    /** Receives the jobs of one batch, in input order. */
    public interface Sink extends Consumer<JobMessage> {
    }

    @FunctionalInterface
    public interface Filler {
        void fill(Sink sink) throws Exception;
    }

    private final String jobsTopic;
    private final StageMeters meters;

    /** @param jobsTopic the topic this llmq's dispatcher releases into: its queue in the shared tables */
    public JobStager(String jobsTopic, StageMeters meters) {
        this.jobsTopic = jobsTopic;
        this.meters = meters;
    }

    /**
     * Stages every job {@code filler} hands over; returns how many. The dispatcher releases the jobs
     * of a {@code sync} batch into Kafka; those of a {@code provider_batch} batch wait for the
     * provider batch runner.
     */
    public int stage(Connection c, String batchId, String tenantId, Priority priority, Route route, Filler filler) throws Exception {
        try (var pages = c.prepareStatement("INSERT INTO dispatch_pages (batch_id, first_seq, jobs, data) VALUES (?, ?, ?, ?)")) {
            var writer = new PageWriter(pages, batchId);
            filler.fill(writer::add);
            writer.flush();
            try (var queue = c.prepareStatement("""
                    INSERT INTO dispatch_queue (batch_id, jobs_topic, tenant_id, priority, total, closed_reason, route)
                    VALUES (?, ?, ?, ?, ?, CASE WHEN ? = 0 THEN 'done' END, ?)""")) {
                queue.setString(1, batchId);
                queue.setString(2, jobsTopic);
                queue.setString(3, tenantId);
                queue.setString(4, priority.wireName());
                queue.setInt(5, writer.staged);
                queue.setInt(6, writer.staged);
                queue.setString(7, route.wireName());
                queue.executeUpdate();
            }
            meters.staged(priority, writer.staged);
            return writer.staged;
        }
    }

    /** Collects jobs into pages and pages into round trips. */
    private static final class PageWriter {
        private final PreparedStatement insert;
        private final String batchId;
        private final List<JobPages.StagedJob> page = new ArrayList<>(JobPages.PAGE_JOBS);
        private int staged;
        private int batchedPages;

        PageWriter(PreparedStatement insert, String batchId) {
            this.insert = insert;
            this.batchId = batchId;
        }

        void add(JobMessage job) {
            page.add(new JobPages.StagedJob(job.line(), job.customId(), Json.toBytes(job)));
            if (page.size() == JobPages.PAGE_JOBS) {
                try {
                    endPage();
                } catch (SQLException e) {
                    throw new StagingFailed(e);
                }
            }
        }

        void flush() throws SQLException {
            endPage();
            if (batchedPages > 0) {
                insert.executeBatch();
                batchedPages = 0;
            }
        }

        private void endPage() throws SQLException {
            if (page.isEmpty()) {
                return;
            }
            insert.setString(1, batchId);
            insert.setInt(2, staged);
            insert.setInt(3, page.size());
            insert.setBytes(4, JobPages.encode(page));
            insert.addBatch();
            staged += page.size();
            page.clear();
            if (++batchedPages == PAGES_PER_ROUND_TRIP) {
                insert.executeBatch();
                batchedPages = 0;
            }
        }
    }

    /** A page could not be written; the caller's transaction rolls back and nothing is staged. */
    static final class StagingFailed extends RuntimeException {
        StagingFailed(SQLException cause) {
            super("cannot stage a page of jobs: " + cause.getMessage(), cause);
        }
    }
}
