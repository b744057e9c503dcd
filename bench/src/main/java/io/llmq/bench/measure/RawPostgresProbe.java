package io.llmq.bench.measure;

import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The database's own ceiling for llmq's outcome-writing pattern, on the same server in the same
 * run: {@code rows} rows shaped like {@code job_results} (text primary key, a few text columns, a
 * jsonb response of the size of a real one, a default timestamp) inserted 500 per transaction with
 * one {@code INSERT ... SELECT FROM unnest(...)} per transaction, which is how llmq's worker
 * writes results. One connection, no ledger, no counters, no outbox: what is left between this
 * and llmq's figure is the rest of llmq's transaction and everything around it.
 */
public final class RawPostgresProbe {
    static final int CHUNK = 500;

    private RawPostgresProbe() {
    }

    /** @return rows per second */
    public static double run(String jdbcUrl, String user, String password, int rows, String responseJson) throws SQLException {
        try (var c = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (var st = c.createStatement()) {
                st.execute("""
                        CREATE TABLE bench_raw_results (
                            job_id text PRIMARY KEY, batch_id text NOT NULL, custom_id text NOT NULL,
                            status text NOT NULL, response jsonb, finished_at timestamptz NOT NULL DEFAULT now())""");
            }
            try {
                c.setAutoCommit(false);
                var began = System.nanoTime();
                try (var insert = c.prepareStatement("""
                        INSERT INTO bench_raw_results (job_id, batch_id, custom_id, status, response)
                        SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::jsonb[])
                        ON CONFLICT (job_id) DO NOTHING""")) {
                    for (int from = 0; from < rows; from += CHUNK) {
                        var n = Math.min(CHUNK, rows - from);
                        var ids = new String[n];
                        var batch = new String[n];
                        var custom = new String[n];
                        var status = new String[n];
                        var response = new String[n];
                        for (int i = 0; i < n; i++) {
                            ids[i] = "raw-" + (from + i);
                            batch[i] = "batch_raw";
                            custom[i] = "c-" + (from + i);
                            status[i] = "succeeded";
                            response[i] = responseJson;
                        }
                        insert.setArray(1, c.createArrayOf("text", ids));
                        insert.setArray(2, c.createArrayOf("text", batch));
                        insert.setArray(3, c.createArrayOf("text", custom));
                        insert.setArray(4, c.createArrayOf("text", status));
                        insert.setArray(5, c.createArrayOf("text", response));
                        insert.executeUpdate();
                        c.commit();
                    }
                }
                return rows / ((System.nanoTime() - began) / 1e9);
            } finally {
                c.setAutoCommit(true);
                try (var st = c.createStatement()) {
                    st.execute("DROP TABLE bench_raw_results");
                }
            }
        }
    }
}
