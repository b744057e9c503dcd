package io.llmq.submitter.web;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The reads only the batch page needs: a batch's first errors and its throughput, tokens and cost over time. */
final class WebQueries {
    static final int MAX_BUCKETS = 60;

    record ErrorRow(int line, String customId, String status, String code, String message) {
    }

    /** Per bucket of {@code bucket} from {@code start}: jobs ended, their tokens (in + out), and the ledger's cost in USD. */
    record Timeline(Instant start, Duration bucket, List<Integer> ended, List<Long> tokens, List<BigDecimal> cost) {
    }

    private final DataSource dataSource;

    WebQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<ErrorRow> errors(String batchId, int limit) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT line, custom_id, status, error->>'code', error->>'message' FROM job_results
                     WHERE batch_id = ? AND status <> 'succeeded' ORDER BY line LIMIT ?""")) {
            st.setString(1, batchId);
            st.setInt(2, limit);
            List<ErrorRow> rows = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ErrorRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
            return rows;
        }
    }

    /** At most {@link #MAX_BUCKETS} buckets of whole seconds, from {@code start} to the last ending. */
    Timeline timeline(String tenantId, String batchId, Instant start) throws SQLException {
        try (var c = dataSource.getConnection()) {
            Instant last;
            try (var st = c.prepareStatement("SELECT max(finished_at) FROM job_results WHERE batch_id = ?")) {
                st.setString(1, batchId);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    var ts = rs.getTimestamp(1);
                    last = ts == null ? start : ts.toInstant();
                }
            }
            var spanSeconds = Math.max(1, Duration.between(start, last).toSeconds() + 1);
            var bucketSeconds = Math.max(1, (spanSeconds + MAX_BUCKETS - 1) / MAX_BUCKETS);
            var n = (int) Math.min(MAX_BUCKETS, (spanSeconds + bucketSeconds - 1) / bucketSeconds);
            var counts = new int[n];
            var tokens = new long[n];
            var cost = new BigDecimal[n];
            Arrays.fill(cost, BigDecimal.ZERO);
            try (var st = c.prepareStatement("""
                    SELECT floor(extract(epoch FROM finished_at - ?) / ?)::int AS b, count(*), sum(input_tokens + output_tokens)
                    FROM job_results WHERE batch_id = ? GROUP BY b""")) {
                st.setTimestamp(1, Timestamp.from(start));
                st.setLong(2, bucketSeconds);
                st.setString(3, batchId);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        var b = Math.clamp(rs.getInt(1), 0, counts.length - 1);
                        counts[b] += rs.getInt(2);
                        tokens[b] += rs.getLong(3);
                    }
                }
            }
            // the ledger by tenant and time (ledger_tenant_time), filtered to the batch: every billed attempt, retries too
            try (var st = c.prepareStatement("""
                    SELECT floor(extract(epoch FROM created_at - ?) / ?)::int AS b, sum(cost) FROM ledger_entries
                    WHERE tenant_id = ? AND created_at >= ? AND batch_id = ? GROUP BY b""")) {
                st.setTimestamp(1, Timestamp.from(start));
                st.setLong(2, bucketSeconds);
                st.setString(3, tenantId);
                st.setTimestamp(4, Timestamp.from(start.minusSeconds(1)));
                st.setString(5, batchId);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        var b = Math.clamp(rs.getInt(1), 0, n - 1);
                        cost[b] = cost[b].add(rs.getBigDecimal(2));
                    }
                }
            }
            List<Integer> ended = new ArrayList<>();
            for (var k : counts) {
                ended.add(k);
            }
            return new Timeline(start, Duration.ofSeconds(bucketSeconds), ended, Arrays.stream(tokens).boxed().toList(),
                    List.of(cost));
        }
    }
}
