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
