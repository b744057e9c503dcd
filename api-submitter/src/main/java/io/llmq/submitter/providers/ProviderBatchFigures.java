package io.llmq.submitter.providers;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/** The submitter's read of {@code provider_batches}: per deployment, what is open there now. */
final class ProviderBatchFigures {

    /** Provider batches not yet ended, the requests in them, and the age of the oldest in seconds. */
    record Open(long batches, long requestsWaiting, long oldestAgeSeconds) {
        static final Open NONE = new Open(0, 0, 0);
    }

    private final DataSource dataSource;

    ProviderBatchFigures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Map<String, Open> byDeployment() throws SQLException {
        Map<String, Open> open = new HashMap<>();
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT deployment, count(*), coalesce(sum(total - succeeded - failed), 0),
                            coalesce(extract(epoch FROM now() - min(created_at))::bigint, 0)
                     FROM provider_batches WHERE status IN ('creating', 'in_progress') GROUP BY deployment""");
             var rs = st.executeQuery()) {
            while (rs.next()) {
                open.put(rs.getString(1), new Open(rs.getLong(2), Math.max(0, rs.getLong(3)), rs.getLong(4)));
            }
        }
        return open;
    }
}
