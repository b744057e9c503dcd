package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.load.ChatBatch;
import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.RigConfig;
import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.schema.db.Database;
import io.llmq.simulator.SimulatorLimits;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.submitter.auth.ApiKeyStore;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Does a small tenant wait behind a big one? Tenant A queues 20,000 jobs against a provider that
 * serves 3,000 a minute; then tenant B submits 20 at the same priority. B's figure is the time from
 * posting its batch to the {@code batch.completed} event on {@code llmq.results}: when B's
 * downstream system would learn that its work is done.
 */
public final class FairnessScenario implements Scenario {
    static final String TENANT_B = "bench-tenant-b";

    @Override
    public String name() {
        return "fairness";
    }

    @Override
    public int defaultWorkers() {
        return 2;
    }

    @Override
    public String summary() {
        return "tenant B's 20 jobs behind tenant A's 20,000 at the same priority (3,000 RPM): B's time to its last result";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var settings = BacklogSettings.from(run.env(), "LLMQ_BENCH_BIG_JOBS", "LLMQ_BENCH_SMALL_JOBS", 20, 3_000);
        var progress = run.progress();
        var config = RigConfig.of(run, defaultWorkers())
                .withSimulator(settings.latency(), SimulatorLimits.of(settings.rpm(), 0))
                .withDeploymentLimits(settings.rpm(), 0);
        try (var rig = Rig.start(config, progress);
             var results = ResultsWatcher.start(rig.kafkaBootstrap(), rig.topics().resultsTopic())) {
            var tenantB = new BatchSubmitter(new ApiClient(rig.apiBaseUrl(), secondTenant(rig)));
            var big = new BatchSubmitter(rig.api()).submitChat("bench-a", settings.bigJobs(), settings.batchSize(), Rig.MODEL,
                    settings.maxTokens(), "normal");
            progress.line(String.format(Locale.ROOT, "tenant A submitted %,d jobs; letting the backlog build for %d s",
                    settings.bigJobs(), settings.backlog().toSeconds()));
            progress.pass(settings.backlog(), () -> "tenant A finished " + Finished.of(results, big));
            var backlog = Finished.of(results, big).waiting();
            var bigDoneBefore = Finished.of(results, big).done();
            var small = tenantB.submit("bench-b.jsonl", ChatBatch.jsonl("bench-b", 1, settings.smallJobs(), Rig.MODEL,
                    settings.maxTokens()), "normal");
            progress.line(String.format(Locale.ROOT, "tenant B submitted %d jobs behind tenant A's backlog of %,d",
                    small.jobs(), backlog));
            var done = progress.await(() -> results.of(small.batchId()).completed(), settings.timeout(),
                    () -> "tenant B finished " + Finished.of(results, List.of(small)) + "; tenant A finished " + Finished.of(results, big));
            var bigDoneMeanwhile = Finished.of(results, big).done() - bigDoneBefore;
            return new ScenarioResult(settings.toJson("big_tenant_jobs", "small_tenant_jobs"),
                    figures(results, small, backlog, bigDoneMeanwhile, !done));
        }
    }

    /** Tenant B and its key, written as the submitter seeds tenant {@code default} (there is no admin API yet). */
    private static String secondTenant(Rig rig) throws Exception {
        var key = "bench-b-key-" + Ids.random(24);
        var postgres = rig.postgres();
        try (var pool = Database.pool("bench-tenants", postgres.jdbcUrl(), postgres.user(), postgres.password(), 1)) {
            new ApiKeyStore(pool, Clock.systemUTC()).ensureTenantKey(TENANT_B, "bench tenant B", key);
        }
        return key;
    }

    private static ObjectNode figures(ResultsWatcher results, Submission small, int backlog, int bigDoneMeanwhile,
                                      boolean timedOut) {
        var events = results.of(small.batchId());
        var figures = Json.object();
        var doneNanos = events.completed() ? events.completedNanos() : 0;
        figures.put("small_tenant_done_s", doneNanos == 0 ? null : LimitsScenario.round((doneNanos - small.postedNanos()) / 1e9, 2));
        figures.put("small_tenant_last_result_s", events.lastJobNanos() == 0 ? null
                : LimitsScenario.round((events.lastJobNanos() - small.postedNanos()) / 1e9, 2));
        figures.put("small_tenant_finished", events.finished());
        figures.put("small_tenant_failed", events.failed());
        figures.put("big_tenant_backlog_at_submit", backlog);
        var seconds = ((doneNanos == 0 ? System.nanoTime() : doneNanos) - small.postedNanos()) / 1e9;
        figures.put("big_tenant_jobs_per_s", LimitsScenario.round(bigDoneMeanwhile / seconds, 1));
        figures.put("timed_out", timedOut);
        return figures;
    }
}
