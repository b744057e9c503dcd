package io.llmq.bench.chaos;

import io.llmq.standalone.engine.EmbeddedPostgresEngine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What llmq recorded in PostgreSQL for the run's batches, read the way an auditor would: plain SQL. */
final class LlmqTables {
    private final EmbeddedPostgresEngine postgres;
    private final String[] batchIds;

    LlmqTables(EmbeddedPostgresEngine postgres, Collection<String> batchIds) {
        this.postgres = postgres;
        this.batchIds = batchIds.toArray(String[]::new);
    }

    /** Result rows by status; and rows beyond one per job (must be none). */
    record Results(long succeeded, long failed, long other, long extraRows) {
        long terminal() {
            return succeeded + failed + other;
        }
    }

    Results results() throws SQLException {
        try (var c = connect(); var st = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE status = 'succeeded'), count(*) FILTER (WHERE status = 'failed'),
                       count(*) FILTER (WHERE status NOT IN ('succeeded', 'failed')), count(*) - count(DISTINCT job_id)
                FROM job_results WHERE batch_id = ANY(?)""")) {
            st.setArray(1, c.createArrayOf("text", batchIds));
            try (var rs = st.executeQuery()) {
                rs.next();
                return new Results(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    /** Failed jobs by their error code ({@code provider_unavailable}, {@code internal_error}, ...). */
    Map<String, Long> failuresByCode() throws SQLException {
        try (var c = connect(); var st = c.prepareStatement("""
                SELECT coalesce(error->>'code', error->'error'->>'code', '?'), count(*) FROM job_results
                WHERE batch_id = ANY(?) AND status = 'failed' GROUP BY 1 ORDER BY 1""")) {
            st.setArray(1, c.createArrayOf("text", batchIds));
            Map<String, Long> counts = new TreeMap<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
            return counts;
        }
    }

    List<LedgerRow> ledger() throws SQLException {
        try (var c = connect(); var st = c.prepareStatement(
                // an estimate withdrawn by its late answer, and the correction that withdrew it, cancel out
                """
                SELECT attempt_id, job_id, input_tokens, output_tokens, kind = 'estimated', kind = 'provider_batch' FROM ledger_entries e
                WHERE batch_id = ANY(?) AND kind <> 'correction'
                  AND NOT (kind = 'estimated' AND EXISTS (SELECT 1 FROM ledger_entries w
                                                          WHERE w.kind = 'correction' AND w.attempt_id = e.attempt_id))""")) {
            st.setArray(1, c.createArrayOf("text", batchIds));
            List<LedgerRow> rows = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(new LedgerRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getBoolean(5),
                            rs.getBoolean(6)));
                }
            }
            return rows;
        }
    }

    /** Events written with outcomes and not yet published by a relay. */
    long outboxPending() throws SQLException {
        try (var c = connect(); var st = c.prepareStatement("SELECT count(*) FROM outbox"); var rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Calls sent and neither answered nor estimated yet (a gone worker's wait to be estimated). */
    long callsInFlight() throws SQLException {
        try (var c = connect(); var st = c.prepareStatement("SELECT count(*) FROM call_attempts WHERE batch_id = ANY(?)")) {
            st.setArray(1, c.createArrayOf("text", batchIds));
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }
}
