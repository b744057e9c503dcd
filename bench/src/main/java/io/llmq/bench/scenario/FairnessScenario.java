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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Does a small tenant wait behind a big one? Tenant A queues 300,000 jobs; after the backlog has
 * built up, tenant B posts batches of 20, 5,000 and 50,000 jobs at the same priority, one after
 * the other (each once the one before has ended, so each meets A's backlog alone). Each B
 * batch's figure is the time from its {@code POST /v1/batches} to its {@code batch.completed}
 * event on {@code llmq.results} (when B's downstream system would learn that the work is done),
 * read against its fair share: its jobs at half the rate the whole system measurably finished jobs
 * while both tenants had work. Raw Kafka and PostgreSQL ceilings are measured first, as in throughput.
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
        return "tenant B's batches of 20, 5,000 and 50,000 behind tenant A's 300,000 at the same priority: time vs fair share";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var settings = FairnessSettings.from(run.env());
        var progress = run.progress();
        var limits = settings.rpm() > 0 ? SimulatorLimits.of(settings.rpm(), 0) : SimulatorLimits.none();
        var config = RigConfig.of(run, defaultWorkers()).withSimulator(settings.latency(), limits)
                .withDeploymentLimits(settings.rpm(), 0);
        try (var rig = Rig.start(config, progress)) {
            var figures = Json.object();
            RawCeilings.measure(rig, run, settings.rawMessages(), settings.rawRows(), figures);
            try (var results = ResultsWatcher.start(rig.kafkaBootstrap(), rig.topics().resultsTopic())) {
                var tenantB = new BatchSubmitter(new ApiClient(rig.apiBaseUrl(), secondTenant(rig)));
                var big = new BatchSubmitter(rig.api()).submitChat("bench-a", settings.bigJobs(), settings.batchSize(), Rig.MODEL,
                        settings.maxTokens(), "normal");
                progress.line(String.format(Locale.ROOT, "tenant A submitted %,d jobs; letting the backlog build for %d s",
                        settings.bigJobs(), settings.backlog().toSeconds()));
                progress.pass(settings.backlog(), () -> "tenant A finished " + Finished.of(results, big));
                var backlog = Finished.of(results, big).waiting();
                // one B batch at a time, each after the one before ended: each meets A's backlog alone,
                // so its fair share is half of the system (two B batches at once would share B's half)
                var small = new ArrayList<Submission>();
                var done = true;
                for (int i = 0; i < settings.smallBatches().size() && done; i++) {
                    var jobs = settings.smallBatches().get(i);
                    var tag = "bench-b" + (i + 1);
                    var submission = tenantB.submit(tag + ".jsonl", ChatBatch.jsonl(tag, 1, jobs, Rig.MODEL, settings.maxTokens()), "normal");
                    small.add(submission);
                    progress.line(String.format(Locale.ROOT, "tenant B submitted batch %d of %,d jobs behind tenant A's backlog of %,d",
                            i + 1, jobs, i == 0 ? backlog : Finished.of(results, big).waiting()));
                    done = progress.await(() -> results.allCompleted(List.of(submission.batchId())), settings.timeout(),
                            () -> "tenant B finished " + Finished.of(results, small) + "; tenant A finished " + Finished.of(results, big));
                }
                FairnessFigures.put(figures, results, big, small, backlog, !done, progress);
            }
            return new ScenarioResult(settings.toJson(), figures);
        }
    }

    /** Tenant B and its key, written as the submitter seeds tenant {@code default} (the bench needs no admin key). */
    private static String secondTenant(Rig rig) throws Exception {
        var key = "bench-b-key-" + Ids.random(24);
        var postgres = rig.postgres();
        try (var pool = Database.pool("bench-tenants", postgres.jdbcUrl(), postgres.user(), postgres.password(), 1)) {
            new ApiKeyStore(pool, Clock.systemUTC()).ensureTenantKey(TENANT_B, "bench tenant B", key);
        }
        return key;
    }

    static List<String> ids(List<Submission> submissions) {
        return submissions.stream().map(Submission::batchId).toList();
    }
}
