package io.llmq.standalone.e2e;

import io.llmq.standalone.engine.PostgresEngine;

import java.math.BigDecimal;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Reads llmq's tables directly, the way an auditor would check them. */
final class Ledger {
    private final PostgresEngine postgres;

    record Totals(long rows, long distinctJobs, long inputTokens, long outputTokens, BigDecimal cost) {
    }

    Ledger(PostgresEngine postgres) {
        this.postgres = postgres;
    }

    Totals ledgerOf(String batchId) throws SQLException {
        try (var c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             var st = c.prepareStatement("""
                     SELECT count(*), count(DISTINCT job_id), coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),
                            coalesce(sum(cost), 0)
                     FROM ledger_entries WHERE batch_id = ?""")) {
            st.setString(1, batchId);
            try (var rs = st.executeQuery()) {
                rs.next();
                return new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBigDecimal(5));
            }
        }
    }

    /** The attempt ids on the batch's ledger rows. */
    java.util.Set<String> attemptIds(String batchId) throws SQLException {
        try (var c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             var st = c.prepareStatement("SELECT attempt_id FROM ledger_entries WHERE batch_id = ? AND attempt_id IS NOT NULL")) {
            st.setString(1, batchId);
            var ids = new java.util.HashSet<String>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    long count(String sql, String batchId) throws SQLException {
        try (var c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             var st = c.prepareStatement(sql)) {
            st.setString(1, batchId);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
