package io.llmq.submitter.retry;

import io.llmq.schema.dispatch.UnreleasedJobs;
import io.llmq.submitter.stage.UnreleasedJobPages;

import java.io.IOException;
import java.sql.SQLException;
import java.util.BitSet;
import javax.sql.DataSource;

/**
 * The input lines of a batch whose jobs ended {@code failed} or {@code expired}: those with a row
 * in {@code job_results}, and those that expired before the dispatcher released them, which have
 * no row and are read from the batch's staged pages. Cancelled jobs are left out: someone chose
 * to stop them. Lines are the input file's line numbers, as each job carries them.
 */
final class FailedLines {
    private static final int FETCH_SIZE = 1000;

    private FailedLines() {
    }

    static BitSet of(DataSource dataSource, String batchId) throws SQLException, IOException {
        var lines = new BitSet();
        try (var c = dataSource.getConnection()) {
            // a cursor (fetch size) needs a transaction: a million failed lines are not read at once
            c.setAutoCommit(false);
            try (var st = c.prepareStatement("SELECT line FROM job_results WHERE batch_id = ? AND status IN ('failed', 'expired')")) {
                st.setFetchSize(FETCH_SIZE);
                st.setString(1, batchId);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        lines.set(rs.getInt(1));
                    }
                }
                UnreleasedJobPages.forEach(c, batchId, job -> {
                    if (UnreleasedJobs.CLOSED_EXPIRED.equals(job.closedReason())) {
                        lines.set(job.line());
                    }
                    return true;
                });
            } finally {
                c.commit();
            }
        }
        return lines;
    }
}
