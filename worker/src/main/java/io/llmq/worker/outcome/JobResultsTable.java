package io.llmq.worker.outcome;

import io.llmq.schema.results.ResultLines;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Gateway to {@code job_results}: one row per job, written once. */
final class JobResultsTable {

    private JobResultsTable() {
    }

    /**
     * Inserts the outcomes in one statement and returns the job ids that were new, each with the
     * bytes its line adds to the batch's output or error file. An id already present means another
     * delivery of the job got there first: that outcome is not written again, and the caller must
     * not bill or announce it again either.
     */
    static Map<String, Long> insertNew(Connection c, List<Outcome> outcomes) throws SQLException {
        int n = outcomes.size();
        var jobIds = new String[n];
        var batchIds = new String[n];
        var tenantIds = new String[n];
        var customIds = new String[n];
        var lines = new Integer[n];
        var statuses = new String[n];
        var codes = new Integer[n];
        var requestIds = new String[n];
        var responses = new String[n];
        var errors = new String[n];
        var models = new String[n];
        var deployments = new String[n];
        var attempts = new Integer[n];
        var inputTokens = new Integer[n];
        var outputTokens = new Integer[n];
        var cached = new Boolean[n];
        var checks = new String[n];
        for (int i = 0; i < n; i++) {
            var o = outcomes.get(i);
            jobIds[i] = o.job().jobId();
            batchIds[i] = o.job().batchId();
            tenantIds[i] = o.job().tenantId();
            customIds[i] = Storable.text(o.job().customId());
            lines[i] = o.job().line();
            statuses[i] = o.status().wireName();
            codes[i] = o.statusCode();
            requestIds[i] = Storable.text(o.requestId());
            responses[i] = Storable.json(o.responseBody());
            errors[i] = Storable.json(o.errorJson());
            models[i] = o.model();
            deployments[i] = o.deployment();
            attempts[i] = o.attempts();
            inputTokens[i] = o.inputTokens();
            outputTokens[i] = o.outputTokens();
            cached[i] = o.cached();
            checks[i] = Storable.json(o.checksJson());
        }
        try (var st = c.prepareStatement("""
                INSERT INTO job_results (job_id, batch_id, tenant_id, custom_id, line, status, status_code, request_id,
                                         response, error, model, deployment, attempts, input_tokens, output_tokens, cached, checks)
                SELECT job_id, batch_id, tenant_id, custom_id, line, status, status_code, request_id,
                       response::jsonb, error::jsonb, model, deployment, attempts, input_tokens, output_tokens, cached, checks::jsonb
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::int[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::int[], ?::bool[], ?::text[])
                     AS u(job_id, batch_id, tenant_id, custom_id, line, status, status_code, request_id,
                          response, error, model, deployment, attempts, input_tokens, output_tokens, cached, checks)
                ON CONFLICT (job_id) DO NOTHING
                RETURNING job_id, custom_id, status_code, request_id, octet_length(response::text), octet_length(error::text),
                          cached, octet_length(checks::text)""")) {
            int p = 1;
            st.setArray(p++, c.createArrayOf("text", jobIds));
            st.setArray(p++, c.createArrayOf("text", batchIds));
            st.setArray(p++, c.createArrayOf("text", tenantIds));
            st.setArray(p++, c.createArrayOf("text", customIds));
            st.setArray(p++, c.createArrayOf("int4", lines));
            st.setArray(p++, c.createArrayOf("text", statuses));
            st.setArray(p++, c.createArrayOf("int4", codes));
            st.setArray(p++, c.createArrayOf("text", requestIds));
            st.setArray(p++, c.createArrayOf("text", responses));
            st.setArray(p++, c.createArrayOf("text", errors));
            st.setArray(p++, c.createArrayOf("text", models));
            st.setArray(p++, c.createArrayOf("text", deployments));
            st.setArray(p++, c.createArrayOf("int4", attempts));
            st.setArray(p++, c.createArrayOf("int4", inputTokens));
            st.setArray(p++, c.createArrayOf("int4", outputTokens));
            st.setArray(p++, c.createArrayOf("bool", cached));
            st.setArray(p, c.createArrayOf("text", checks));
            Map<String, Long> inserted = new HashMap<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    inserted.put(rs.getString(1), lineBytes(rs));
                }
            }
            return inserted;
        }
    }

    /**
     * The bytes of the row's line in its download, measured on what PostgreSQL stored (the text
     * of the jsonb, the custom id as encoded), which is what the download renders.
     */
    private static long lineBytes(ResultSet rs) throws SQLException {
        var statusCode = rs.getInt(3);
        var hasResponse = !rs.wasNull();
        var body = rs.getLong(5);
        var bodyBytes = rs.wasNull() ? ResultLines.ABSENT : body;
        var error = rs.getLong(6);
        var errorBytes = rs.wasNull() ? ResultLines.ABSENT : error;
        var cached = rs.getBoolean(7);
        var checks = rs.getLong(8);
        var checksBytes = rs.wasNull() ? ResultLines.ABSENT : checks;
        return ResultLines.resultBytes(rs.getString(1), rs.getString(2), hasResponse ? statusCode : null, rs.getString(4),
                bodyBytes, errorBytes, cached, checksBytes);
    }

    /** Whether another job of the batch already stored this custom id (as PostgreSQL compares it). */
    static boolean customIdTaken(Connection c, String batchId, String customId, String jobId) throws SQLException {
        try (var st = c.prepareStatement("SELECT 1 FROM job_results WHERE batch_id = ? AND custom_id = ? AND job_id <> ?")) {
            st.setString(1, batchId);
            st.setString(2, customId);
            st.setString(3, jobId);
            try (var rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Which of these jobs already have an outcome: a redelivered finished job is not run again. */
    static Set<String> finished(Connection c, Collection<String> jobIds) throws SQLException {
        try (var st = c.prepareStatement("SELECT job_id FROM job_results WHERE job_id = ANY(?)")) {
            st.setArray(1, c.createArrayOf("text", jobIds.toArray()));
            Set<String> done = new HashSet<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    done.add(rs.getString(1));
                }
            }
            return done;
        }
    }
}
