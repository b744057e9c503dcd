package io.llmq.worker.outcome;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gateway to {@code ledger_entries}: append-only, one row per billed attempt (or cache hit).
 *
 * <p>Prices are joined in the statement itself: each row takes the {@code prices} version in force
 * at its call's time, copies its unit prices and computes the cost in {@code NUMERIC}. No cache of
 * prices can be stale here, and a price changed between two attempts of one job charges each at
 * its own price. Versions are never deleted and the call stage refuses a model without one, so a
 * call always finds its price; should one not (a version deleted by hand), the NOT NULL columns
 * refuse the row and the job's outcome waits, alone, until a price is back (see
 * {@link GroupWriter}), rather than being recorded as free. An answer of a provider batch (kind
 * {@code provider_batch}) is charged at the batch price of its version: half its unit prices when the
 * version has {@code batch_discount} (OpenAI, Anthropic and Gemini all sell batch tokens at half
 * price), the full ones otherwise; the row keeps the unit prices it used, so its cost is still its
 * tokens times its prices.
 */
final class LedgerTable {

    private LedgerTable() {
    }

    /**
     * What the rows written cost, per batch and per tenant and model, and what the rows charged at a
     * discounted batch price saved against the synchronous price, per model.
     */
    record Costs(Map<String, BigDecimal> byBatch, Map<List<String>, BigDecimal> byTenantModel,
                 Map<String, BigDecimal> savedByProviderBatches) {
    }

    /**
     * The {@code prices} version in force for {@code model} at {@code at} (two SQL expressions of
     * the outer query); a call stamped before a model's first version (clocks a little apart)
     * takes that first version.
     */
    static String priceAt(String model, String at) {
        return "SELECT * FROM prices v WHERE v.model = " + model
                + " ORDER BY (v.effective_from <= " + at + ") DESC,"
                + " CASE WHEN v.effective_from <= " + at + " THEN v.effective_from END DESC NULLS LAST, v.effective_from LIMIT 1";
    }

    /**
     * The answers of calls that had been estimated (their worker was silent long enough to be
     * taken for gone, then answered after all) are being written: a correction row takes each
     * estimate back out, so that the ledger holds the answer alone.
     *
     * @return what the withdrawals cost (negative), per batch
     */
    static Map<String, BigDecimal> withdrawEstimates(Connection c, Set<String> attemptIds) throws SQLException {
        Map<String, BigDecimal> byBatch = new HashMap<>();
        if (attemptIds.isEmpty()) {
            return byBatch;
        }
        try (var st = c.prepareStatement("""
                INSERT INTO ledger_entries (tenant_id, batch_id, job_id, attempt, deployment, model, input_tokens, cached_tokens,
                                            output_tokens, input_per_mtok, cached_input_per_mtok, cache_write_per_mtok,
                                            output_per_mtok, cost, kind, called_at, attempt_id, note)
                SELECT tenant_id, batch_id, job_id, attempt, deployment, model, -input_tokens, -cached_tokens, -output_tokens,
                       input_per_mtok, cached_input_per_mtok, cache_write_per_mtok, output_per_mtok, -cost, 'correction',
                       called_at, attempt_id, 'estimate withdrawn: the call''s answer arrived after it was estimated'
                FROM ledger_entries WHERE kind = 'estimated' AND attempt_id = ANY(?)
                RETURNING batch_id, cost""")) {
            st.setArray(1, c.createArrayOf("text", attemptIds.toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    byBatch.merge(rs.getString(1), rs.getBigDecimal(2), BigDecimal::add);
                }
            }
        }
        return byBatch;
    }

    /** Appends the rows of every outcome in one statement; returns what they cost, as the database computed it. */
    static Costs append(Connection c, List<Outcome> outcomes) throws SQLException {
        int n = outcomes.stream().mapToInt(o -> o.billed().size()).sum();
        var costs = new Costs(new HashMap<>(), new HashMap<>(), new HashMap<>());
        if (n == 0) {
            return costs;
        }
        var tenants = new String[n];
        var batches = new String[n];
        var jobs = new String[n];
        var attempts = new Integer[n];
        var deployments = new String[n];
        var models = new String[n];
        var input = new Integer[n];
        var cached = new Integer[n];
        var output = new Integer[n];
        var kinds = new String[n];
        var calledAt = new Long[n];
        var attemptIds = new String[n];
        int i = 0;
        for (var o : outcomes) {
            for (var b : o.billed()) {
                tenants[i] = o.job().tenantId();
                batches[i] = o.job().batchId();
                jobs[i] = o.job().jobId();
                attempts[i] = b.attempt();
                deployments[i] = b.deployment();
                models[i] = b.model();
                input[i] = b.usage().inputTokens();
                cached[i] = b.usage().cachedTokens();
                output[i] = b.usage().outputTokens();
                kinds[i] = b.kind().wireName();
                calledAt[i] = b.calledAtMillis();
                attemptIds[i] = b.attemptId();
                i++;
            }
        }
        try (var st = c.prepareStatement("""
                INSERT INTO ledger_entries (tenant_id, batch_id, job_id, attempt, deployment, model, input_tokens, cached_tokens,
                                            output_tokens, input_per_mtok, cached_input_per_mtok, cache_write_per_mtok,
                                            output_per_mtok, cost, kind, called_at, attempt_id, note)
                SELECT u.tenant_id, u.batch_id, u.job_id, u.attempt, u.deployment, u.model, u.input_tokens, u.cached_tokens,
                       u.output_tokens,
                       CASE WHEN u.kind = 'cache_hit' THEN 0 ELSE p.input_per_mtok * d.share END,
                       CASE WHEN u.kind = 'cache_hit' THEN 0 ELSE p.cached_input_per_mtok * d.share END,
                       CASE WHEN u.kind = 'cache_hit' THEN 0 ELSE p.cache_write_per_mtok * d.share END,
                       CASE WHEN u.kind = 'cache_hit' THEN 0 ELSE p.output_per_mtok * d.share END,
                       CASE WHEN u.kind = 'cache_hit' THEN 0
                            ELSE (greatest(u.input_tokens - u.cached_tokens, 0) * p.input_per_mtok
                                  + u.cached_tokens * p.cached_input_per_mtok
                                  + u.output_tokens * p.output_per_mtok) * d.share / 1000000 END,
                       u.kind, to_timestamp(u.called_ms / 1000.0), u.attempt_id,
                       CASE WHEN d.share < 1 THEN 'batch price: half the unit prices of the version (batch_discount)' END
                FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::int[], ?::int[], ?::int[],
                            ?::text[], ?::int8[], ?::text[])
                     AS u(tenant_id, batch_id, job_id, attempt, deployment, model, input_tokens, cached_tokens,
                          output_tokens, kind, called_ms, attempt_id)
                LEFT JOIN LATERAL (""" + priceAt("u.model", "to_timestamp(u.called_ms / 1000.0)") + """
                    ) p ON true
                CROSS JOIN LATERAL (SELECT CASE WHEN u.kind = 'provider_batch' AND p.batch_discount
                                                THEN 0.5 ELSE 1 END AS share) d
                ORDER BY u.job_id, u.attempt
                ON CONFLICT (job_id, attempt) WHERE kind NOT IN ('correction', 'estimated') DO NOTHING
                RETURNING batch_id, tenant_id, model, cost, kind = 'provider_batch' AND note IS NOT NULL""")) {
            int p = 1;
            st.setArray(p++, c.createArrayOf("text", tenants));
            st.setArray(p++, c.createArrayOf("text", batches));
            st.setArray(p++, c.createArrayOf("text", jobs));
            st.setArray(p++, c.createArrayOf("int4", attempts));
            st.setArray(p++, c.createArrayOf("text", deployments));
            st.setArray(p++, c.createArrayOf("text", models));
            st.setArray(p++, c.createArrayOf("int4", input));
            st.setArray(p++, c.createArrayOf("int4", cached));
            st.setArray(p++, c.createArrayOf("int4", output));
            st.setArray(p++, c.createArrayOf("text", kinds));
            st.setArray(p++, c.createArrayOf("int8", calledAt));
            st.setArray(p, c.createArrayOf("text", attemptIds));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    costs.byBatch().merge(rs.getString(1), rs.getBigDecimal(4), BigDecimal::add);
                    costs.byTenantModel().merge(List.of(rs.getString(2), rs.getString(3)), rs.getBigDecimal(4), BigDecimal::add);
                    if (rs.getBoolean(5)) {
                        // charged half the sync price: what it saved is what it cost
                        costs.savedByProviderBatches().merge(rs.getString(3), rs.getBigDecimal(4), BigDecimal::add);
                    }
                }
            }
        }
        return costs;
    }
}
