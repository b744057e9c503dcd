package io.llmq.submitter.web;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The usage page's reads: the {@code ledger_daily} roll-up by day and model, and the tenant's held batches. */
final class UsageQueries {
    record Day(LocalDate day, String model, long calls, long cacheHits, long inputTokens, long outputTokens, BigDecimal cost) {
    }

    record Held(String batchId, String reason, String message, Instant since) {
    }

    private final DataSource dataSource;

    UsageQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<Day> days(String tenantId, LocalDate from) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT day, model, calls, cache_hits, input_tokens, output_tokens, cost FROM ledger_daily
                     WHERE tenant_id = ? AND day >= ? ORDER BY day, model""")) {
            st.setString(1, tenantId);
            st.setDate(2, Date.valueOf(from));
            List<Day> rows = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Day(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getBigDecimal(7)));
                }
            }
            return rows;
        }
    }

    /** Held batches are running ones, so the open-batch index (V2) finds them. */
    List<Held> held(String tenantId) throws SQLException {
        try (var c = dataSource.getConnection();
             var st = c.prepareStatement("""
                     SELECT id, held_reason, held_message, held_at FROM batches
                     WHERE tenant_id = ? AND status IN ('validating', 'in_progress', 'finalizing', 'cancelling')
                       AND held_reason IS NOT NULL AND deleted_at IS NULL ORDER BY held_at LIMIT 100""")) {
            st.setString(1, tenantId);
            List<Held> rows = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Held(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()));
                }
            }
            return rows;
        }
    }
}
