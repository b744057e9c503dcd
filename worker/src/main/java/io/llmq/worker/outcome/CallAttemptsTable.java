package io.llmq.worker.outcome;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gateway to {@code call_attempts}: the provider calls sent and not yet on the ledger. A row is
 * written before its call, and deleted when the call's answer is known: in the outcome's
 * transaction for a billed answer (with its ledger row), soon after it for an unbilled one.
 */
final class CallAttemptsTable {

    private CallAttemptsTable() {
    }

    static void insert(Connection c, List<CallAttempt> attempts) throws SQLException {
        int n = attempts.size();
        var ids = new String[n];
        var instances = new String[n];
        var tenants = new String[n];
        var batches = new String[n];
        var jobs = new String[n];
        var numbers = new Integer[n];
        var deployments = new String[n];
        var models = new String[n];
        var input = new Long[n];
        var output = new Long[n];
        var calledAt = new Long[n];
        for (int i = 0; i < n; i++) {
            var a = attempts.get(i);
            ids[i] = a.attemptId();
            instances[i] = a.instanceId();
            tenants[i] = a.tenantId();
            batches[i] = a.batchId();
            jobs[i] = a.jobId();
            numbers[i] = a.attempt();
            deployments[i] = a.deployment();
            models[i] = a.model();
            input[i] = Math.min(a.inputTokens(), Integer.MAX_VALUE);
            output[i] = Math.min(a.maxOutputTokens(), Integer.MAX_VALUE);
            calledAt[i] = a.calledAtMillis();
        }
        try (var st = c.prepareStatement("""
                INSERT INTO call_attempts (attempt_id, instance_id, tenant_id, batch_id, job_id, attempt, deployment, model,
                                           input_tokens, max_output_tokens, called_at)
                SELECT u.id, u.instance, u.tenant, u.batch, u.job, u.attempt, u.deployment, u.model, u.input, u.output,
                       to_timestamp(u.called_ms / 1000.0)
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::int8[],
                            ?::int8[], ?::int8[]) AS u(id, instance, tenant, batch, job, attempt, deployment, model, input, output, called_ms)
                ON CONFLICT (attempt_id) DO NOTHING""")) {
            int p = 1;
            for (var column : new Object[][]{ids, instances, tenants, batches, jobs}) {
                st.setArray(p++, c.createArrayOf("text", column));
            }
            st.setArray(p++, c.createArrayOf("int4", numbers));
            st.setArray(p++, c.createArrayOf("text", deployments));
            st.setArray(p++, c.createArrayOf("text", models));
            st.setArray(p++, c.createArrayOf("int8", input));
            st.setArray(p++, c.createArrayOf("int8", output));
            st.setArray(p, c.createArrayOf("int8", calledAt));
            st.executeUpdate();
        }
    }

    /** Deletes the rows of calls whose answer is known; returns the ids that had a row. */
    static Set<String> delete(Connection c, Set<String> attemptIds) throws SQLException {
        Set<String> deleted = new HashSet<>();
        if (attemptIds.isEmpty()) {
            return deleted;
        }
        try (var st = c.prepareStatement("DELETE FROM call_attempts WHERE attempt_id = ANY(?) RETURNING attempt_id")) {
            st.setArray(1, c.createArrayOf("text", attemptIds.toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    deleted.add(rs.getString(1));
                }
            }
        }
        return deleted;
    }

    /**
     * Moves to the ledger, as {@code estimated}, up to {@code limit} calls of worker instances that
     * have not beaten for {@code goneAfterSeconds} (and were sent at least that long ago): their
     * answers will never arrive. The estimate is the prompt's tokens and the output's bound, at the
     * price in force at the call. Rows another sweeper holds are skipped, so two sweepers never
     * estimate one call twice.
     *
     * @return how many calls were estimated, and what the estimates cost per batch
     */
    static Gone estimateGone(Connection c, int goneAfterSeconds, int limit) throws SQLException {
        Map<String, BigDecimal> byBatch = new TreeMap<>();
        int calls = 0;
        try (var st = c.prepareStatement("""
                WITH gone AS (
                    DELETE FROM call_attempts a WHERE a.attempt_id IN (
                        SELECT x.attempt_id FROM call_attempts x
                        WHERE x.created_at < now() - make_interval(secs => ?)
                          AND NOT EXISTS (SELECT 1 FROM worker_heartbeats h
                                          WHERE h.instance_id = x.instance_id AND h.beat_at > now() - make_interval(secs => ?))
                        ORDER BY x.created_at LIMIT ? FOR UPDATE SKIP LOCKED)
                    RETURNING a.*)
                INSERT INTO ledger_entries (tenant_id, batch_id, job_id, attempt, deployment, model, input_tokens, cached_tokens,
                                            output_tokens, input_per_mtok, cached_input_per_mtok, cache_write_per_mtok,
                                            output_per_mtok, cost, kind, called_at, attempt_id, note)
                SELECT g.tenant_id, g.batch_id, g.job_id, g.attempt, g.deployment, g.model, g.input_tokens, 0, g.max_output_tokens,
                       coalesce(p.input_per_mtok, 0), coalesce(p.cached_input_per_mtok, 0), coalesce(p.cache_write_per_mtok, 0),
                       coalesce(p.output_per_mtok, 0),
                       (g.input_tokens * coalesce(p.input_per_mtok, 0) + g.max_output_tokens * coalesce(p.output_per_mtok, 0)) / 1000000,
                       'estimated', g.called_at, g.attempt_id,
                       'estimated: the worker that sent this call is gone and its answer never reached llmq'
                FROM gone g LEFT JOIN LATERAL (""" + LedgerTable.priceAt("g.model", "g.called_at") + """
                    ) p ON true
                ON CONFLICT DO NOTHING
                RETURNING batch_id, cost""")) {
            st.setInt(1, goneAfterSeconds);
            st.setInt(2, goneAfterSeconds);
            st.setInt(3, limit);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    calls++;
                    byBatch.merge(rs.getString(1), rs.getBigDecimal(2), BigDecimal::add);
                }
            }
        }
        return new Gone(calls, byBatch);
    }

    /** Calls moved to the ledger as estimates, and their cost per batch. */
    record Gone(int calls, Map<String, BigDecimal> costByBatch) {
    }

    /** Adds what estimates (or their withdrawal) cost to their batches, in key order (no deadlock between writers). */
    static void addCost(Connection c, Map<String, BigDecimal> byBatch) throws SQLException {
        try (var st = c.prepareStatement("UPDATE batches SET cost = cost + ? WHERE id = ?")) {
            for (var e : new TreeMap<>(byBatch).entrySet()) {
                st.setObject(1, e.getValue(), Types.NUMERIC);
                st.setString(2, e.getKey());
                st.addBatch();
            }
            st.executeBatch();
        }
    }
}
