package io.llmq.standalone.web;

import io.llmq.standalone.engine.PostgresEngine;

import java.sql.DriverManager;
import java.sql.SQLException;

/** Rows the console tests write straight into PostgreSQL: what no API of the tenant can make (another tenant, a hold, many batches at one instant). */
final class ConsoleRows {
    private final PostgresEngine postgres;

    ConsoleRows(PostgresEngine postgres) {
        this.postgres = postgres;
    }

    void execute(String sql) throws SQLException {
        try (var c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password()); var st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** A batch of a second tenant. */
    String foreignBatch() throws SQLException {
        execute("INSERT INTO tenants (id, name) VALUES ('console-other', 'other') ON CONFLICT DO NOTHING");
        execute("""
                INSERT INTO batches (id, tenant_id, endpoint, input_file_id, completion_window, priority, status, total, expires_at)
                VALUES ('batch_console_foreign', 'console-other', '/v1/chat/completions', 'file_x', '24h', 'normal', 'completed', 0,
                        now() + interval '1 day') ON CONFLICT DO NOTHING""");
        return "batch_console_foreign";
    }

    /** {@code count} ended batches of the tenant 'default' in two instants, with metadata {@code {"page": "keyset"}}. */
    void batchesInTwoInstants(int count) throws SQLException {
        execute("""
                INSERT INTO batches (id, tenant_id, endpoint, input_file_id, completion_window, priority, status, metadata, total,
                                     created_at, expires_at)
                SELECT 'batch_keyset_' || lpad(i::text, 3, '0'), 'default', '/v1/chat/completions', 'file_x', '24h', 'normal',
                       'completed', '{"page": "keyset"}', 0,
                       timestamptz '2026-01-01 00:00:00+00' + (i %% 2) * interval '1 microsecond', now() + interval '1 day'
                FROM generate_series(1, %d) AS i""".formatted(count));
    }

    /** The hold a worker writes when the tenant's budget stops a batch's calls. */
    void holdOverBudget(String batchId) throws SQLException {
        execute("UPDATE batches SET held_reason = 'over_budget', held_message = 'The day''s hard budget of $0.01 is spent.',"
                + " held_at = now() WHERE id = '" + batchId + "'");
    }

    /** A webhook endpoint of the tenant 'default' for every batch end; the trigger of V11 queues a delivery per end. */
    void webhookEndpoint() throws SQLException {
        execute("""
                INSERT INTO webhook_endpoints (id, tenant_id, url, events, secret)
                VALUES ('we_console', 'default', 'https://hooks.example.invalid/llmq',
                        ARRAY['batch.completed', 'batch.failed', 'batch.cancelled', 'batch.expired'], 'whsec_console')
                ON CONFLICT DO NOTHING""");
    }
}
