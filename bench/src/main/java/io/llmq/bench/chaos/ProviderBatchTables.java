package io.llmq.bench.chaos;

import io.llmq.standalone.engine.EmbeddedPostgresEngine;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What llmq recorded of its provider batches ({@code provider_batches}), read with plain SQL; the rig is the run's own. */
final class ProviderBatchTables {
    private final EmbeddedPostgresEngine postgres;

    ProviderBatchTables(EmbeddedPostgresEngine postgres) {
        this.postgres = postgres;
    }

    /** One provider batch row: llmq's key, the provider's id once recorded, llmq's status. */
    record Row(String key, String deployment, String providerId, String status, int createAttempts, int total, int released) {
    }

    List<Row> rows() throws SQLException {
        try (var c = connect(); var st = c.prepareStatement("""
                SELECT key, deployment, provider_id, status, create_attempts, total, released FROM provider_batches ORDER BY created_at, key""");
             var rs = st.executeQuery()) {
            List<Row> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getInt(6),
                        rs.getInt(7)));
            }
            return rows;
        }
    }

    /** Rows whose create was sent and whose provider id is not recorded: the next leader is looking for them ({@code find}). */
    long awaitingAdoption() throws SQLException {
        try (var c = connect(); var st = c.prepareStatement(
                "SELECT count(*) FROM provider_batches WHERE provider_id IS NULL AND create_attempts > 0 AND status = 'creating'");
             var rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Result rows written so far for the jobs of the llmq batch that provider batch {@code providerId} serves. */
    long resultsOfBatchServedBy(String providerId) throws SQLException {
        try (var c = connect(); var st = c.prepareStatement("""
                SELECT count(*) FROM job_results r JOIN provider_batches p ON p.batch_id = r.batch_id WHERE p.provider_id = ?""")) {
            st.setString(1, providerId);
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
