package io.llmq.worker.retention;

import io.llmq.schema.Json;
import io.llmq.schema.message.JobMessage;

import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Rows of every kind the sweeper removes, written straight into PostgreSQL with their times set
 * {@code ago} in the database's clock, so a test places them on either side of a period.
 */
record RetentionFixtures(DataSource dataSource, String tenantId, String jobsTopic) {

    void tenant() throws SQLException {
        sql("INSERT INTO tenants (id, name) VALUES (?, 'retention')", tenantId);
        sql("INSERT INTO api_keys (id, tenant_id, key_hash, key_prefix) VALUES (?, ?, ?, 'sk-')", tenantId + "-key", tenantId,
                UUID.randomUUID().toString().getBytes());
    }

    void webSession(Duration expiredAgo) throws SQLException {
        sql("INSERT INTO web_sessions (token_hash, tenant_id, key_id, expires_at) VALUES (?, ?, ?, now() - make_interval(secs => ?))",
                UUID.randomUUID().toString().getBytes(), tenantId, tenantId + "-key", expiredAgo.toSeconds());
    }

    void budgetHold(String worker, Duration expiredAgo) throws SQLException {
        sql("INSERT INTO budget_holds (tenant_id, worker, amount, expires_at) VALUES (?, ?, 0, now() - make_interval(secs => ?))",
                tenantId, worker, expiredAgo.toSeconds());
    }

    void idempotencyKey(String key, Duration madeAgo) throws SQLException {
        sql("""
                INSERT INTO idempotency_keys (tenant_id, scope, idem_key, request_hash, status_code, response, created_at)
                VALUES (?, 'POST /v1/batches', ?, ?, 200, '{}', now() - make_interval(secs => ?))""",
                tenantId, key, new byte[32], madeAgo.toSeconds());
    }

    /** An uploaded file of {@code chunks} chunks that expires {@code in} from now (negative: expired). */
    void file(String id, int chunks, Duration in) throws SQLException {
        sql("INSERT INTO files (id, tenant_id, purpose, filename, bytes, expires_at) VALUES (?, ?, 'batch', 'in.jsonl', ?, now() + make_interval(secs => ?))",
                id, tenantId, (long) chunks * 3, in.toSeconds());
        for (int seq = 0; seq < chunks; seq++) {
            sql("INSERT INTO file_chunks (file_id, seq, data) VALUES (?, ?, ?)", id, seq, new byte[] {1, 2, 3});
        }
    }

    /** A batch's output file, deleted {@code deletedAgo}, with {@code rows} results and one staged page. */
    void resultsOfGoneOutput(String batchId, int rows, Duration deletedAgo) throws SQLException {
        sql("""
                INSERT INTO files (id, tenant_id, purpose, filename, bytes, batch_id, deleted_at)
                VALUES (?, ?, 'batch_output', ?, 0, ?, now() - make_interval(secs => ?))""",
                "file-" + batchId, tenantId, batchId + "_output.jsonl", batchId, deletedAgo.toSeconds());
        for (int line = 1; line <= rows; line++) {
            sql("INSERT INTO job_results (job_id, batch_id, tenant_id, custom_id, line, status, attempts) VALUES (?, ?, ?, ?, ?, 'succeeded', 1)",
                    batchId + "-" + line, batchId, tenantId, "c-" + line, line);
        }
        sql("INSERT INTO dispatch_pages (batch_id, first_seq, jobs, data) VALUES (?, 0, 1, ?)", batchId, new byte[] {0});
    }

    /** A provider batch row of the batch, in {@code status}, holding its jobs 0 to 2. */
    void providerBatch(String batchId, String key, String status) throws SQLException {
        sql("INSERT INTO provider_batches (key, batch_id, jobs_topic, deployment, job_seqs, status, total) VALUES (?, ?, ?, 'simulator', '{0,1,2}', ?, 3)",
                key, batchId, jobsTopic, status);
    }

    /** A batch header; {@code status} as given, created {@code createdAgo}, its window closing {@code closesIn}. */
    void batch(String id, String status, int total, Duration createdAgo, Duration closesIn) throws SQLException {
        sql("""
                INSERT INTO batches (id, tenant_id, endpoint, input_file_id, completion_window, priority, status, total,
                                     created_at, expires_at, cancelling_at)
                VALUES (?, ?, '/v1/chat/completions', 'file-in', '24h', 'normal', ?, ?, now() - make_interval(secs => ?),
                        now() + make_interval(secs => ?), CASE WHEN ? = 'cancelling' THEN now() - make_interval(secs => ?) END)""",
                id, tenantId, status, total, createdAgo.toSeconds(), closesIn.toSeconds(), status, createdAgo.toSeconds());
        sql("""
                INSERT INTO dispatch_queue (batch_id, jobs_topic, tenant_id, priority, total, claimed, dispatched, closed_reason)
                VALUES (?, ?, ?, 'normal', ?, ?, ?, 'done')""", id, jobsTopic, tenantId, total, total, total);
    }

    /** Job {@code line} of the batch, parked over budget until far in the future. */
    void parkedJob(String batchId, int line, long expiresAtMillis) throws SQLException {
        var body = Json.object().put("model", "gpt-4o-mini");
        var job = new JobMessage(batchId + "-" + line, batchId, tenantId, "parked-" + line, line, "/v1/chat/completions",
                "gpt-4o-mini", body, "normal", System.currentTimeMillis(), expiresAtMillis);
        sql("""
                INSERT INTO parked_jobs (job_id, batch_id, priority, job, next_attempt_at, attempts, reason, tenant_id)
                VALUES (?, ?, 'normal', ?::jsonb, now() + interval '30 days', 0, 'over_budget', ?)""",
                job.jobId(), batchId, Json.toText(job), tenantId);
    }

    long count(String sql, Object... args) throws SQLException {
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    String text(String sql, Object... args) throws SQLException {
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    void sql(String sql, Object... args) throws SQLException {
        try (var c = dataSource.getConnection(); var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.executeUpdate();
        }
    }
}
