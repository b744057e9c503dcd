package io.llmq.submitter.stage;

import io.llmq.schema.Ids;
import io.llmq.schema.dispatch.StagedPages;
import io.llmq.schema.dispatch.UnreleasedJobs;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The jobs of a cancelled or expired batch that the dispatcher never released into Kafka: they
 * have no row in {@code job_results} (writing a million rows would make a cancel take as long as
 * the batch), so the result readers list them from the staged pages, after the rows, in input
 * order. Every one of them comes after every released job, because jobs are released in order.
 */
public final class UnreleasedJobPages {

    /** One never-released job and why it ended. */
    public record Unreleased(String jobId, String customId, int line, String closedReason) {
        public String status() {
            return UnreleasedJobs.jobStatus(closedReason);
        }

        public String code() {
            return UnreleasedJobs.code(closedReason);
        }

        public String message() {
            return UnreleasedJobs.message(closedReason);
        }
    }

    /** Sees one job; returns false to stop the walk. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(Unreleased job) throws java.io.IOException;
    }

    private UnreleasedJobPages() {
    }

    /** Visits, in input order, the jobs of {@code batchId} that ended without being released; none for most batches. */
    public static void forEach(Connection c, String batchId, Visitor visitor) throws SQLException, IOException {
        String reason;
        int claimed;
        try (var st = c.prepareStatement("""
                SELECT closed_reason, claimed FROM dispatch_queue
                WHERE batch_id = ? AND closed_reason IN ('cancelled', 'expired') AND claimed < total""")) {
            st.setString(1, batchId);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                reason = rs.getString(1);
                claimed = rs.getInt(2);
            }
        }
        StagedPages.walk(c, batchId, claimed,
                job -> visitor.visit(new Unreleased(Ids.job(batchId, job.line()), job.customId(), job.line(), reason)));
    }
}
