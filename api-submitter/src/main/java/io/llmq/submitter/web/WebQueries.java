package io.llmq.submitter.web;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The reads only the web page needs: a tenant's batches of both dialects, a batch's errors and its throughput over time. */
final class WebQueries {
    static final int MAX_BUCKETS = 60;

    record BatchRow(String id, String dialect, String status, int total, int done, int errored, BigDecimal cost,
                    Instant createdAt) {
    }

    record ErrorRow(int line, String customId, String status, String code, String message) {
    }

    /** Jobs ended per bucket of {@code bucket} from {@code start}. */
    record Timeline(Instant start, Duration bucket, List<Integer> ended) {
    }

    private final DataSource dataSource;

    WebQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<BatchRow> batches(String tenantId, int limit) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT id, dialect, status, total, completed + failed + cancelled + expired, failed, cost, created_at
                     FROM batches WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ?""")) {
            st.setString(1, tenantId);
            st.setInt(2, limit);
            List<BatchRow> rows = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new BatchRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                            rs.getInt(6), rs.getBigDecimal(7), rs.getTimestamp(8).toInstant()));
                }
            }
            return rows;
        }
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
    Timeline timeline(String batchId, Instant start) throws SQLException {
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
            var counts = new int[(int) Math.min(MAX_BUCKETS, (spanSeconds + bucketSeconds - 1) / bucketSeconds)];
            try (var st = c.prepareStatement("""
                    SELECT floor(extract(epoch FROM finished_at - ?) / ?)::int AS b, count(*) FROM job_results
                    WHERE batch_id = ? GROUP BY b""")) {
                st.setTimestamp(1, Timestamp.from(start));
                st.setLong(2, bucketSeconds);
                st.setString(3, batchId);
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        var b = Math.clamp(rs.getInt(1), 0, counts.length - 1);
                        counts[b] += rs.getInt(2);
                    }
                }
            }
            List<Integer> ended = new ArrayList<>();
            for (var n : counts) {
                ended.add(n);
            }
            return new Timeline(start, Duration.ofSeconds(bucketSeconds), ended);
        }
    }
}
