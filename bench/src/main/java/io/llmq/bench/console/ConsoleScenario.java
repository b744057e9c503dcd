package io.llmq.bench.console;

import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.EmbeddedKafka;
import io.llmq.standalone.engine.EmbeddedPostgresEngine;
import io.llmq.standalone.engine.PostgresEngine;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

/**
 * The web console's batch list at scale: {@code LLMQ_BENCH_BATCHES} (10,000) batches of one
 * tenant, spread over 30 days, four statuses, three models and two metadata teams, written
 * straight into PostgreSQL; then the list is opened over HTTP with a session, as a browser does:
 * the first page, a page deep in the list (by its keyset cursor) and filtered lists. Figures: the
 * median and p95 of the page's time (request to last byte) and of the server's own time (its
 * {@code Server-Timing} header), each over {@code LLMQ_BENCH_REQUESTS} (30) requests after a warm-up.
 * Passes when every median is under 300 ms.
 */
public final class ConsoleScenario implements Scenario {
    static final double LIMIT_MS = 300;

    @Override
    public String name() {
        return "console";
    }

    @Override
    public int defaultWorkers() {
        return 1;
    }

    @Override
    public String summary() {
        return "the web console's batch list of a tenant with 10,000 batches: page time in ms (first, deep, filtered)";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var batches = run.env().atLeast("LLMQ_BENCH_BATCHES", 10_000, 1);
        var requests = run.env().atLeast("LLMQ_BENCH_REQUESTS", 30, 5);
        var progress = run.progress();
        try (var postgres = EmbeddedPostgresEngine.start(null, true); var kafka = EmbeddedKafka.start(null);
             var stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), kafka, postgres)) {
            var began = System.nanoTime();
            insert(postgres, batches);
            progress.line(String.format(Locale.ROOT, "%,d batches written in %.1f s", batches, (System.nanoTime() - began) / 1e9));
            var browser = ConsoleClient.login(stack.baseUrl(), stack.apiKey());
            var figures = Json.object();
            var passed = true;
            var deep = browser.cursorAfter("/ui", 20);
            for (var page : new String[][] {{"first_page", "/ui"}, {"page_21", deep}, {"status_failed", "/ui?status=failed"},
                    {"model_and_team", "/ui?model=gpt-4o&meta_key=team&meta_value=ads"}, {"search_batch_id", "/ui?q=batch_bench_000042"}}) {
                var timing = browser.time(page[1], requests);
                progress.line(String.format(Locale.ROOT, "%-16s %d rows  page median %.1f ms, p95 %.1f ms; server median %.1f ms, p95 %.1f ms",
                        page[0], timing.rows(), timing.pageMedianMs(), timing.pageP95Ms(), timing.serverMedianMs(), timing.serverP95Ms()));
                figures.set(page[0], Json.object().put("rows", timing.rows()).put("page_median_ms", timing.pageMedianMs())
                        .put("page_p95_ms", timing.pageP95Ms()).put("server_median_ms", timing.serverMedianMs())
                        .put("server_p95_ms", timing.serverP95Ms()));
                passed &= timing.pageMedianMs() < LIMIT_MS;
            }
            progress.line("plan of the first page: " + plan(postgres));
            figures.put("passed", passed);
            return new ScenarioResult(Json.object().put("batches", batches).put("requests", requests).put("limit_ms", LIMIT_MS), figures);
        }
    }

    /** Server-side, as COPY would be: one INSERT ... SELECT of every batch of the tenant 'default' (the stack's key). */
    private static void insert(PostgresEngine pg, int batches) throws SQLException {
        try (var c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password()); var st = c.createStatement()) {
            st.execute("""
                    INSERT INTO batches (id, tenant_id, endpoint, input_file_id, completion_window, priority, status, metadata, total,
                                         completed, failed, input_tokens, output_tokens, cost, model, created_at, expires_at)
                    SELECT 'batch_bench_' || lpad(i::text, 6, '0'), 'default', '/v1/chat/completions', 'file_bench', '24h',
                           (ARRAY['high', 'normal', 'low'])[1 + i %% 3],
                           (ARRAY['completed', 'completed', 'completed', 'in_progress', 'failed', 'cancelled'])[1 + i %% 6],
                           jsonb_build_object('team', (ARRAY['search', 'ads'])[1 + i %% 2]), 1000, 990, 10, 40000, 60000, 0.42,
                           (ARRAY['gpt-4o-mini', 'gpt-4o', 'claude-3-5-haiku'])[1 + i %% 3],
                           now() - make_interval(secs => i * 259.2), now() + interval '1 day'
                    FROM generate_series(1, %d) AS i""".formatted(batches));
            st.execute("ANALYZE batches");
        }
    }

    private static String plan(PostgresEngine pg) throws SQLException {
        try (var c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password()); var st = c.createStatement();
             var rs = st.executeQuery("""
                     EXPLAIN (ANALYZE, COSTS OFF) SELECT id FROM batches WHERE tenant_id = 'default' AND deleted_at IS NULL
                     AND (created_at, id) < (now() - interval '10 days', 'batch_bench_005000') ORDER BY created_at DESC, id DESC LIMIT 51""")) {
            var plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1).trim()).append(" | ");
            }
            return plan.toString();
        }
    }
}
