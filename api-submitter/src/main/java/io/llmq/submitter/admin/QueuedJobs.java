package io.llmq.submitter.admin;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Jobs of a model not yet finished: the open batches' counters. A batch is counted under the
 * model its first line names ({@code batches.model}), so a batch mixing models is counted once.
 */
final class QueuedJobs {

    private QueuedJobs() {
    }

    static long of(Connection c, String model) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT coalesce(sum(total - completed - failed - cancelled - expired), 0) FROM batches
                WHERE model = ? AND status IN ('validating', 'in_progress', 'finalizing')""")) {
            st.setString(1, model);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
