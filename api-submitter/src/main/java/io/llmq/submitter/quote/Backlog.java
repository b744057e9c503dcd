package io.llmq.submitter.quote;

import io.llmq.schema.Priority;
import io.llmq.schema.catalogue.Catalogue;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The work a new batch queues behind, per deployment: every tenant's jobs not yet ended in
 * batches of the same or a more urgent priority (the dispatcher releases those first), with their
 * share of their batch's estimated input tokens. A batch counts on the deployment of its first
 * model ({@code batches.model}); cancelling batches make no more calls and do not count.
 */
final class Backlog {

    /** Jobs and estimated input tokens waiting on one deployment. */
    record Load(long jobs, long tokens) {
        static final Load NONE = new Load(0, 0);

        Load plus(long moreJobs, long moreTokens) {
            return new Load(jobs + moreJobs, tokens + moreTokens);
        }
    }

    private Backlog() {
    }

    static Map<String, Load> byDeployment(DataSource dataSource, Catalogue catalogue, Priority priority) throws SQLException {
        var ahead = Arrays.stream(Priority.values()).filter(p -> p.ordinal() <= priority.ordinal()).map(Priority::wireName).toArray();
        Map<String, Load> loads = new HashMap<>();
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT model, sum(total - completed - failed - cancelled - expired),
                            sum(estimated_tokens * (total - completed - failed - cancelled - expired) / greatest(total, 1))
                     FROM batches
                     WHERE status IN ('validating', 'in_progress', 'finalizing') AND priority = ANY (?)
                     GROUP BY model""")) {
            st.setArray(1, c.createArrayOf("text", ahead));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    var model = rs.getString(1) == null ? null : catalogue.model(rs.getString(1)).orElse(null);
                    if (model != null) {
                        loads.merge(model.deployment(), new Load(rs.getLong(2), rs.getLong(3)), (a, b) -> a.plus(b.jobs(), b.tokens()));
                    }
                }
            }
        }
        return loads;
    }
}
