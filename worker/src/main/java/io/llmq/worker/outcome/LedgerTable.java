package io.llmq.worker.outcome;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** Gateway to {@code ledger_entries}: append-only, one row per billed attempt. */
final class LedgerTable {

    private LedgerTable() {
    }

    static void append(Connection c, List<Outcome> outcomes) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO ledger_entries (tenant_id, batch_id, job_id, attempt, deployment, model, input_tokens,
                                            cached_tokens, output_tokens, input_per_mtok, cached_input_per_mtok,
                                            output_per_mtok, cost, attempt_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (job_id, attempt) DO NOTHING""")) {
            int rows = 0;
            for (var o : outcomes) {
                for (var b : o.billed()) {
                    st.setString(1, o.job().tenantId());
                    st.setString(2, o.job().batchId());
                    st.setString(3, o.job().jobId());
                    st.setInt(4, b.attempt());
                    st.setString(5, b.deployment());
                    st.setString(6, b.model());
                    st.setInt(7, b.usage().inputTokens());
                    st.setInt(8, b.usage().cachedTokens());
                    st.setInt(9, b.usage().outputTokens());
                    st.setObject(10, b.price().inputPerMtok(), Types.NUMERIC);
                    st.setObject(11, b.price().cachedInputPerMtok(), Types.NUMERIC);
                    st.setObject(12, b.price().outputPerMtok(), Types.NUMERIC);
                    st.setObject(13, b.cost(), Types.NUMERIC);
                    st.setString(14, b.attemptId());
                    st.addBatch();
                    rows++;
                }
            }
            if (rows > 0) {
                st.executeBatch();
            }
        }
    }
}
