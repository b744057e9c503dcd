package io.llmq.schema.dispatch;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Walks a batch's staged jobs from one seq on, in input order, page by page (a cursor, inside the
 * caller's transaction), so a million staged jobs are never all in memory. The submitter lists
 * never-released jobs with it; the dispatcher counts their error lines' bytes with it.
 */
public final class StagedPages {

    /** Sees one staged job; returns false to stop the walk. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(JobPages.StagedJob job) throws IOException;
    }

    private StagedPages() {
    }

    /** Visits the jobs of {@code batchId} with seq {@code fromSeq} and after. */
    public static void walk(Connection c, String batchId, int fromSeq, Visitor visitor) throws SQLException, IOException {
        try (var st = c.prepareStatement("""
                SELECT first_seq, data FROM dispatch_pages WHERE batch_id = ? AND first_seq + jobs > ? ORDER BY first_seq""")) {
            st.setFetchSize(4);
            st.setString(1, batchId);
            st.setInt(2, fromSeq);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var seq = rs.getInt(1);
                    for (var job : JobPages.decode(rs.getBytes(2))) {
                        if (seq++ >= fromSeq && !visitor.visit(job)) {
                            return;
                        }
                    }
                }
            }
        }
    }
}
