package io.llmq.worker.ratelimit;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Gateway to {@code daily_quota_use}: the day's requests and tokens per deployment, held in
 * PostgreSQL so that a quota holds for the sum of all worker replicas. A take is one statement
 * under the day's row lock, so two replicas can never both take the last request.
 */
final class DailyQuotaTable {
    private final DataSource dataSource;

    DailyQuotaTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What a deployment has used of one day's quota. */
    record Use(long requests, long tokens) {
        static final Use NONE = new Use(0, 0);
    }

    /**
     * Takes one request and {@code tokens} from the day's quota if it has room for them, and
     * returns the day's use with them; empty when it has not (nothing is taken then). A call bigger
     * than the whole token quota fits only a day with no tokens used yet, so it is not refused for
     * ever. {@code rpd} or {@code tpd} 0: no quota of that kind.
     */
    Optional<Use> take(String deployment, Instant dayStart, int rpd, long tpd, long tokens) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     INSERT INTO daily_quota_use AS u (deployment, day_start, requests, tokens) VALUES (?, ?, 1, ?)
                     ON CONFLICT (deployment, day_start) DO UPDATE
                     SET requests = u.requests + 1, tokens = u.tokens + excluded.tokens, updated_at = now()
                     WHERE (?::int = 0 OR u.requests + 1 <= ?::int)
                       AND (?::bigint = 0 OR u.tokens + least(excluded.tokens, ?::bigint) <= ?::bigint)
                     RETURNING u.requests, u.tokens""")) {
            st.setString(1, deployment);
            st.setTimestamp(2, Timestamp.from(dayStart));
            st.setLong(3, tokens);
            st.setInt(4, rpd);
            st.setInt(5, rpd);
            st.setLong(6, tpd);
            st.setLong(7, tpd);
            st.setLong(8, tpd);
            try (var rs = st.executeQuery()) {
                return rs.next() ? Optional.of(new Use(rs.getLong(1), rs.getLong(2))) : Optional.empty();
            }
        }
    }

    /**
     * Puts back {@code requests} (a call that was not made) and {@code tokens} (the part of a
     * bound a call did not use; negative charges what it used beyond it); returns the day's use.
     */
    Use giveBack(String deployment, Instant dayStart, int requests, long tokens) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     UPDATE daily_quota_use SET requests = greatest(0, requests - ?), tokens = greatest(0, tokens - ?),
                            updated_at = now()
                     WHERE deployment = ? AND day_start = ?
                     RETURNING requests, tokens""")) {
            st.setInt(1, requests);
            st.setLong(2, tokens);
            st.setString(3, deployment);
            st.setTimestamp(4, Timestamp.from(dayStart));
            try (var rs = st.executeQuery()) {
                return rs.next() ? new Use(rs.getLong(1), rs.getLong(2)) : Use.NONE;
            }
        }
    }
}
