package io.llmq.bench.retention;

import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.schema.Json;
import io.llmq.schema.db.Database;
import io.llmq.standalone.engine.EmbeddedPostgresEngine;
import io.llmq.worker.outcome.OutcomeStore;
import io.llmq.worker.retention.Kind;
import io.llmq.worker.retention.RetentionSettings;
import io.llmq.worker.retention.RetentionSweeper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The retention sweeper's rate: {@code LLMQ_BENCH_ROWS} (1,000,000) job results of batches whose
 * output files were deleted two days ago, in {@code LLMQ_BENCH_BATCHES} (100) batches, on an
 * embedded PostgreSQL with fsync on; one sweep removes them in statements of
 * {@code LLMQ_RETENTION_BATCH_ROWS} (5,000). Figure: rows removed per second of the sweep. Only
 * PostgreSQL runs: the sweeper is all SQL, so no broker or worker is needed to measure it.
 */
public final class RetentionScenario implements Scenario {

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public int defaultWorkers() {
        // no worker process: the sweeper runs in the bench JVM
        return 1;
    }

    @Override
    public String summary() {
        return "the retention sweeper removing 1,000,000 expired result rows: rows per second";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var env = run.env();
        var rows = env.atLeast("LLMQ_BENCH_ROWS", 1_000_000, 1);
        var batches = env.atLeast("LLMQ_BENCH_BATCHES", 100, 1);
        var statementRows = env.atLeast("LLMQ_RETENTION_BATCH_ROWS", RetentionSettings.DEFAULT_BATCH_ROWS, 1);
        var progress = run.progress();
        try (var postgres = EmbeddedPostgresEngine.start(null, true);
             var dataSource = Database.pool("bench-retention", postgres.jdbcUrl(), postgres.user(), postgres.password(), 4)) {
            Database.migrate(dataSource);
            var insertStarted = System.nanoTime();
            expiredResults(dataSource, rows, batches);
            var insertS = (System.nanoTime() - insertStarted) / 1e9;
            progress.line(String.format(Locale.ROOT, "%,d expired result rows in %d batches written in %.1f s", rows, batches, insertS));

            var defaults = RetentionSettings.defaults();
            var settings = new RetentionSettings(defaults.every(), statementRows, defaults.results(), defaults.sessions(),
                    defaults.holds(), defaults.idempotency(), defaults.validatingTimeout(), defaults.unreachedGrace());
            var sweeper = new RetentionSweeper(dataSource, new OutcomeStore(dataSource, "bench-results", Clock.systemUTC()),
                    "bench-jobs", settings, Clock.systemUTC(), new SimpleMeterRegistry(), "bench-retention");
            var sweep = sweeper.sweepOnce();
            var removed = sweep.count(Kind.JOB_RESULTS);
            var seconds = sweep.took().toNanos() / 1e9;
            var left = left(dataSource);
            progress.line(String.format(Locale.ROOT, "swept %,d rows in %.1f s: %,.0f rows/s; %d left", removed, seconds,
                    removed / seconds, left));
            var settingsJson = Json.object().put("rows", rows).put("batches", batches).put("statement_rows", statementRows)
                    .put("fsync", true);
            var figures = Json.object().put("rows_removed", removed).put("sweep_s", round(seconds))
                    .put("rows_per_s", Math.round(removed / seconds)).put("rows_left", left).put("insert_s", round(insertS))
                    .put("passed", removed == rows && left == 0);
            return new ScenarioResult(settingsJson, figures);
        }
    }

    /** Server-side, as COPY would be: one INSERT ... SELECT per batch, with an answer of a realistic size in each row. */
    private static void expiredResults(DataSource dataSource, int rows, int batches) throws SQLException {
        try (var c = dataSource.getConnection()) {
            try (var st = c.prepareStatement("INSERT INTO tenants (id, name) VALUES ('bench', 'bench')")) {
                st.executeUpdate();
            }
            var perBatch = (rows + batches - 1) / batches;
            for (int b = 0; b < batches; b++) {
                var batchId = "batch_bench_" + b;
                var n = Math.min(perBatch, rows - b * perBatch);
                try (var st = c.prepareStatement("""
                        INSERT INTO files (id, tenant_id, purpose, filename, bytes, batch_id, deleted_at)
                        VALUES (?, 'bench', 'batch_output', ?, 0, ?, now() - interval '2 days')""")) {
                    st.setString(1, "file_bench_" + b);
                    st.setString(2, batchId + "_output.jsonl");
                    st.setString(3, batchId);
                    st.executeUpdate();
                }
                try (var st = c.prepareStatement("""
                        INSERT INTO job_results (job_id, batch_id, tenant_id, custom_id, line, status, status_code, request_id,
                                                 response, model, attempts, input_tokens, output_tokens, finished_at)
                        SELECT ? || '-' || i, ?, 'bench', 'request-' || i, i, 'succeeded', 200, 'req_' || i,
                               jsonb_build_object('id', 'chatcmpl-' || i, 'object', 'chat.completion', 'model', 'gpt-4o-mini',
                                   'choices', jsonb_build_array(jsonb_build_object('index', 0, 'finish_reason', 'stop',
                                       'message', jsonb_build_object('role', 'assistant', 'content', repeat('queue fact ', 12)))),
                                   'usage', jsonb_build_object('prompt_tokens', 20, 'completion_tokens', 40, 'total_tokens', 60)),
                               'gpt-4o-mini', 1, 20, 40, now() - interval '3 days'
                        FROM generate_series(1, ?) AS i""")) {
                    st.setString(1, batchId);
                    st.setString(2, batchId);
                    st.setInt(3, n);
                    st.executeUpdate();
                }
            }
            try (var st = c.prepareStatement("VACUUM ANALYZE job_results")) {
                st.execute();
            }
        }
    }

    private static long left(DataSource dataSource) throws SQLException {
        try (var c = dataSource.getConnection(); var st = c.prepareStatement("SELECT count(*) FROM job_results");
             var rs = st.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }
}
