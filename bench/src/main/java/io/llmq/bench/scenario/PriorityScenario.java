package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.load.ChatBatch;
import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.Percentiles;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.measure.TapLog;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.RigConfig;
import io.llmq.schema.Json;
import io.llmq.simulator.SimulatorLimits;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Does a {@code high} batch overtake a {@code normal} backlog? 300,000 normal jobs are queued
 * against a provider that serves 6,000 a minute (almost an hour of work), then 100 high jobs arrive. A high job's queue
 * wait runs from the moment its batch was posted to the moment the provider received the call it
 * served for that job, as stamped by a tap in front of the simulator (so 429-refused attempts do
 * not count as started). Normal jobs' throughput is counted at the same tap, meanwhile and in the (up to) 10 s before.
 */
public final class PriorityScenario implements Scenario {
    static final String NORMAL = "bench-normal";
    static final String HIGH = "bench-high";
    private static final Duration BEFORE = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "priority";
    }

    @Override
    public int defaultWorkers() {
        return 2;
    }

    @Override
    public String summary() {
        return "100 high jobs behind a 300,000-job normal backlog at 6,000 RPM: their queue wait p50/p99, normal jobs/s meanwhile";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var settings = BacklogSettings.from(run.env(), "LLMQ_BENCH_NORMAL_JOBS", "LLMQ_BENCH_HIGH_JOBS", 100, 6_000);
        var progress = run.progress();
        var config = RigConfig.of(run, defaultWorkers())
                .withSimulator(settings.latency(), SimulatorLimits.of(settings.rpm(), 0))
                .withDeploymentLimits(settings.rpm(), 0)
                .withTap(ChatBatch.marker(HIGH));
        try (var rig = Rig.start(config, progress);
             var results = ResultsWatcher.start(rig.kafkaBootstrap(), rig.topics().resultsTopic())) {
            var tap = rig.tap().log();
            var submitter = new BatchSubmitter(rig.api());
            var normal = submitter.submitChat(NORMAL, settings.bigJobs(), settings.batchSize(), Rig.MODEL, settings.maxTokens(), "normal");
            progress.line(String.format(Locale.ROOT, "submitted %,d normal jobs; letting the backlog build for %d s", settings.bigJobs(),
                    settings.backlog().toSeconds()));
            progress.pass(settings.backlog(), () -> status(tap, results, normal, null));
            var backlog = Finished.of(results, normal).waiting();
            var high = submitter.submit(HIGH + ".jsonl", ChatBatch.jsonl(HIGH, 1, settings.smallJobs(), Rig.MODEL, settings.maxTokens()), "high");
            progress.line(String.format(Locale.ROOT, "submitted %d high jobs (accepted in %.2f s) behind a backlog of %,d normal jobs",
                    high.jobs(), high.acceptSeconds(), backlog));
            var allStarted = progress.await(() -> tap.markedServedCount() >= high.jobs() || results.of(high.batchId()).completed(),
                    settings.timeout(), () -> status(tap, results, normal, high));
            return new ScenarioResult(settings.toJson("normal_jobs", "high_jobs"),
                    figures(tap, results, normal.getLast(), high, settings.bigJobs(), backlog, !allStarted));
        }
    }

    private static String status(TapLog tap, ResultsWatcher results, List<Submission> normal, Submission high) {
        var text = String.format(Locale.ROOT, "provider served %,d normal calls (%,d refused with 429); normal finished %s",
                tap.unmarkedServed(), tap.unmarked429(), Finished.of(results, normal));
        if (high == null) {
            return text;
        }
        return text + String.format(Locale.ROOT, "; high started %d/%d, finished %s", tap.markedServedCount(), high.jobs(),
                Finished.of(results, List.of(high)));
    }

    private static ObjectNode figures(TapLog tap, ResultsWatcher results, Submission normal, Submission high, int backlogJobs,
                                      int backlog, boolean timedOut) {
        var starts = tap.markedServed().values().stream().mapToLong(Long::longValue).toArray();
        var waits = new double[starts.length];
        long lastStart = high.postedNanos();
        for (int i = 0; i < starts.length; i++) {
            waits[i] = (starts[i] - high.postedNanos()) / 1e6;
            lastStart = Math.max(lastStart, starts[i]);
        }
        // Normal throughput while the high jobs were being started; at least one second, so a fast start is not a 0/0.
        var windowEnd = Math.max(lastStart, high.postedNanos() + TimeUnit.SECONDS.toNanos(1));
        var during = tap.unmarkedServedBetween(high.postedNanos(), windowEnd);
        var beforeNanos = Math.max(1, Math.min(BEFORE.toNanos(), high.postedNanos() - normal.acceptedNanos()));
        var before = tap.unmarkedServedBetween(high.postedNanos() - beforeNanos, high.postedNanos());
        var figures = Json.object();
        figures.put("high_wait_p50_ms", starts.length == 0 ? null : Math.round(Percentiles.of(waits, 50)));
        figures.put("high_wait_p99_ms", starts.length == 0 ? null : Math.round(Percentiles.of(waits, 99)));
        figures.put("high_wait_max_ms", starts.length == 0 ? null : Math.round(Percentiles.of(waits, 100)));
        figures.put("normal_jobs_per_s", LimitsScenario.round(during / ((windowEnd - high.postedNanos()) / 1e9), 1));
        figures.put("normal_jobs_per_s_before", LimitsScenario.round(before / (beforeNanos / 1e9), 1));
        figures.put("high_window_s", LimitsScenario.round((windowEnd - high.postedNanos()) / 1e9, 2));
        figures.put("high_started", starts.length);
        figures.put("high_failed", results.of(high.batchId()).failed());
        figures.put("high_accept_ms", Math.round((high.acceptedNanos() - high.postedNanos()) / 1e6));
        figures.put("normal_backlog_jobs", backlogJobs);
        figures.put("normal_backlog_at_high_submit", backlog);
        figures.put("http_429_normal", tap.unmarked429());
        figures.put("http_429_high", tap.marked429());
        figures.put("timed_out", timedOut);
        return figures;
    }
}
