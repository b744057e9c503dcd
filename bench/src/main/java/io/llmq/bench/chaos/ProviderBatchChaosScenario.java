package io.llmq.bench.chaos;

import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.load.ChatBatch;
import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.RigConfig;
import io.llmq.schema.Json;
import io.llmq.simulator.SimulatorLimits;
import io.llmq.simulator.batch.BatchSettings;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Crash safety of the provider batch route: batches with {@code llmq_route: provider_batch} of an
 * OpenAI and an Anthropic model run through the simulator's batch APIs on three worker processes,
 * while the runner's leader is killed with {@code kill -9} at each moment that leaves its own state
 * ({@link Strike}): as a create arrives (lost), after the provider stored a create and before its
 * answer (adopt), and part-way through a result download; each killed worker is replaced. A few lines
 * fail inside their batch and go to synchronous calls. {@link Audit} and {@link ProviderBatchAudit}
 * then check that every job ended once, the ledger equals the bill line by line, and no provider batch
 * was created twice.
 */
public final class ProviderBatchChaosScenario implements Scenario {
    private static final String OPENAI_MODEL = "gpt-4o-mini";
    private static final String ANTHROPIC_MODEL = "claude-sonnet-4";
    private static final int MAX_TOKENS = 16;

    @Override
    public String name() {
        return "chaos-provider-batch";
    }

    @Override
    public int defaultWorkers() {
        return 3;
    }

    @Override
    public String summary() {
        return "5 provider batches (OpenAI and Anthropic), 3 workers; kill -9 the runner's leader during creates and result "
                + "downloads: every job once, ledger = bill line by line, one provider batch per key";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var settings = ProviderBatchChaosSettings.from(run.env());
        var progress = run.progress();
        var template = Files.createTempFile("llmq-chaos-pb-catalogue", ".yaml");
        Files.writeString(template, ProviderBatchCatalogue.YAML);
        var config = RigConfig.of(run, defaultWorkers())
                .withSimulator(settings.latency(), SimulatorLimits.none())
                .withSimulatorBatches(BatchSettings.defaults().withDelay(settings.providerDelay()).withFailureRate(settings.failureShare()))
                .withCatalogueTemplate(template)
                .withPostgresFsync()
                // the leader looks every second (default 5): the kills follow one another faster
                .withWorkerSetting("LLMQ_PROVIDER_BATCH_POLL_MS", "1000")
                .withWorkerSetting("LLMQ_WORKER_SESSION_TIMEOUT_MS", "10000")
                .withWorkerSetting("LLMQ_CALL_GONE_AFTER_SECONDS", "15")
                .withWorkerSetting("LLMQ_CALL_SWEEP_EVERY_MS", "2000");
        var figures = Json.object();
        var checks = new Checks(progress);
        Set<String> killed = new HashSet<>();
        var plan = Strike.plan(settings.openAiBatches() > 0, settings.anthropicBatches() > 0);
        try (var rig = Rig.start(config, progress);
             var results = ResultsWatcher.start(rig.kafkaBootstrap(), rig.topics().resultsTopic())) {
            var strikes = new BatchStrikes(rig, progress, settings, plan, killed);
            rig.simulator().hookBatches(strikes);
            var began = System.nanoTime();
            var submissions = submit(new BatchSubmitter(rig.api()), settings);
            progress.line(String.format(Locale.ROOT, "submitted %d batches of %,d jobs (llmq_route provider_batch) in %.1f s; strikes "
                    + "planned: %s", submissions.size(), settings.jobsPerBatch(), (System.nanoTime() - began) / 1e9, plan));
            var ended = Audit.awaitEnd(rig, results, submissions, settings.timeout(), progress);
            var wall = (System.nanoTime() - began) / 1e9;
            // the audit reads the provider's batches as they are, and its reads are no downloads to strike
            rig.simulator().hookBatches(null);
            strikes.stop();
            figures.put("wall_s", Math.round(wall * 10) / 10.0);
            figures.put("timed_out", !ended);
            figures.put("workers_killed", killed.size());
            checks.check("the run ended", ended, String.format(Locale.ROOT, "%.1f s", wall));
            var reconciliation = Audit.check(rig, results, submissions, killed, checks, figures);
            ProviderBatchAudit.check(strikes, plan, new ProviderBatchTables(rig.postgres()),
                    new SimulatorBatches(rig.simulator().baseUrl()), reconciliation, settings, checks, figures);
            checks.addTo(figures);
            return new ScenarioResult(settings.toJson(), figures);
        } finally {
            Files.deleteIfExists(template);
        }
    }

    /** The OpenAI model's batches, then the Anthropic model's, each its own llmq batch routed through the provider's batch API. */
    private static List<Submission> submit(BatchSubmitter submitter, ProviderBatchChaosSettings settings) throws Exception {
        List<Submission> submissions = new ArrayList<>();
        var route = Map.of("llmq_route", "provider_batch");
        var first = 1;
        for (int i = 0; i < settings.openAiBatches() + settings.anthropicBatches(); i++) {
            var model = i < settings.openAiBatches() ? OPENAI_MODEL : ANTHROPIC_MODEL;
            var tag = "chaos-pb";
            submissions.add(submitter.submit(tag + "-" + first + ".jsonl",
                    ChatBatch.jsonl(tag, first, settings.jobsPerBatch(), model, MAX_TOKENS), "low", route));
            first += settings.jobsPerBatch();
        }
        return submissions;
    }
}
