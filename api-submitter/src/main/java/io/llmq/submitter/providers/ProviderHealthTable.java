package io.llmq.submitter.providers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads {@code provider_health}: only rows refreshed recently, so a stopped worker's view fades out. */
final class ProviderHealthTable {
    private final DataSource dataSource;

    ProviderHealthTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<ProviderHealth> fresh(Duration maxAge) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT deployment, worker, provider, breaker_state, failure_rate, slow_call_rate, window_calls,
                            window_failed, not_permitted, latency_ms, in_flight, updated_at, concurrency_target
                     FROM provider_health
                     WHERE updated_at > now() - make_interval(secs => ?)
                     ORDER BY deployment, worker""")) {
            st.setDouble(1, maxAge.toMillis() / 1000.0);
            List<ProviderHealth> rows = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ProviderHealth(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            real(rs, 5), real(rs, 6), rs.getInt(7), rs.getInt(8), rs.getLong(9), real(rs, 10), rs.getInt(11),
                            integer(rs, 13), rs.getTimestamp(12).toInstant()));
                }
            }
            return rows;
        }
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        var v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static Float real(ResultSet rs, int column) throws SQLException {
        var v = rs.getFloat(column);
        return rs.wasNull() ? null : v;
    }
}
