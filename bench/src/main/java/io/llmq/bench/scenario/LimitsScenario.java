package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.RigConfig;
import io.llmq.bench.report.Progress;
import io.llmq.schema.Json;
import io.llmq.simulator.SimulatorLimits;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Does llmq use a provider's rate limit fully without exceeding it? The simulator enforces the RPM
 * and TPM itself (429s with OpenAI's headers) and llmq's catalogue is told the same limits; a
 * backlog larger than the run can serve keeps the provider busy; the provider's own served log,
 * second by second, says how much of the limit was used and how often llmq was turned away.
 */
public final class LimitsScenario implements Scenario {

    @Override
    public String name() {
        return "limits";
    }

    @Override
    public int defaultWorkers() {
        return 4;
    }

    @Override
    public String summary() {
        return "4 workers against a provider limited to 600 RPM / 100,000 TPM for 3 minutes: share of the limit used, 429s";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var settings = LimitsSettings.from(run.env());
        var progress = run.progress();
        var base = RigConfig.of(run, defaultWorkers())
                .withSimulator(settings.latency(), SimulatorLimits.of(settings.rpm(), settings.tpm()))
                .withDeploymentLimits(settings.rpm(), settings.tpm());
        var settingsJson = settings.toJson();
        // At 30,000 RPM and 3 s per call 1,500 calls are open at once: more than 4 workers hold by default.
        var needed = InFlightBudget.needed(settings.callsPerSecond(), settings.latency(), base.workers());
        var config = InFlightBudget.applyTo(base, run.env(), needed, settingsJson);
        try (var rig = Rig.start(config, progress);
             var results = ResultsWatcher.start(rig.kafkaBootstrap(), rig.topics().resultsTopic())) {
            var submitter = new BatchSubmitter(rig.api());
            var figures = Json.object();
            warmUp(settings, submitter, results, progress, figures);
            var submissions = submitter.submitChat("bench-limits", settings.jobs(), settings.batchSize(),
                    Rig.MODEL, settings.maxTokens(), "normal");
            // The served log counts in epoch seconds; the run's clock starts when the jobs are in Kafka.
            var startMillis = System.currentTimeMillis();
            progress.line(String.format(Locale.ROOT, "submitted %,d jobs; running %d s, measuring after %d s", settings.jobs(),
                    settings.seconds(), settings.warmup()));
            var from = ceilSecond(startMillis + settings.warmup() * 1000L);
            var to = from + (settings.seconds() - settings.warmup());
            // A call is logged when it is answered, up to one latency after it was admitted; let those land.
            var end = to * 1000 + settings.latency().toMillis() + 1000;
            progress.pass(Duration.ofMillis(Math.max(0, end - System.currentTimeMillis())), () -> status(rig, results, submissions));
            return new ScenarioResult(settingsJson, figures(figures, rig, results, submissions, settings, from, to));
        }
    }

    private static String status(Rig rig, ResultsWatcher results, List<Submission> submissions) {
        var bill = rig.simulator().bill();
        long rejected = rig.simulator().servedLog().seconds().stream().mapToLong(s -> s.rateLimited()).sum();
        return String.format(Locale.ROOT, "provider served %d calls, %,d tokens, refused %d (429); llmq finished %s",
                bill.calls(), bill.totalTokens(), rejected, Finished.of(results, submissions));
    }

    /**
     * Runs the uncounted warm-up pass to its end (every job announced), reporting its rate as
     * {@code cold_calls_per_s}: the measured backlog then meets JVMs that have compiled their hot
     * paths, as a fleet in service has, and a limiter and in-flight targets that start from idle.
     */
    private static void warmUp(LimitsSettings settings, BatchSubmitter submitter, ResultsWatcher results, Progress progress,
                               ObjectNode figures) throws Exception {
        if (settings.warmupJobs() == 0) {
            return;
        }
        progress.line(String.format(Locale.ROOT, "warm-up: %,d jobs at the same limits (not counted)", settings.warmupJobs()));
        var began = System.nanoTime();
        var warmup = submitter.submitChat("bench-limits-warmup", settings.warmupJobs(), settings.batchSize(), Rig.MODEL,
                settings.maxTokens(), "normal");
        var ids = warmup.stream().map(Submission::batchId).toList();
        var budget = Duration.ofSeconds(Math.max(60, 6L * settings.warmupJobs() / Math.max(1, (long) settings.callsPerSecond())));
        if (!progress.await(() -> results.allCompleted(ids), budget, () -> "warm-up: llmq finished " + Finished.of(results, warmup))) {
            throw new IllegalStateException("the warm-up pass did not end within " + budget.toSeconds() + " s: " + Finished.of(results, warmup));
        }
        var seconds = (System.nanoTime() - began) / 1e9;
        figures.put("cold_calls_per_s", round(settings.warmupJobs() / seconds, 1));
        progress.line(String.format(Locale.ROOT, "warm-up done in %.1f s (%.0f jobs/s, cold JVMs)", seconds, settings.warmupJobs() / seconds));
    }

    private static ObjectNode figures(ObjectNode figures, Rig rig, ResultsWatcher results, List<Submission> submissions,
                                      LimitsSettings settings, long from, long to) {
        LimitFigures.put(figures, rig.simulator().servedLog(), settings.rpm(), settings.tpm(), from, to);
        var finished = Finished.of(results, submissions);
        figures.put("jobs_succeeded", finished.succeeded());
        figures.put("jobs_failed", finished.failed());
        return figures;
    }

    private static long ceilSecond(long epochMillis) {
        return (epochMillis + 999) / 1000;
    }

    static double round(double value, int decimals) {
        var scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
