package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.load.ChatBatch;
import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.HeapSampler;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.report.Progress;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.RigConfig;
import io.llmq.schema.Json;
import io.llmq.simulator.SimulatorLimits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How fast is llmq's own path when the provider costs nothing? An instant, unlimited simulator;
 * jobs submitted over HTTP, enqueued in Kafka, run by the workers, recorded in PostgreSQL and
 * announced on {@code llmq.results}; the clock runs from the first upload to the last
 * {@code batch.completed} event. A warm-up batch runs first and is not counted: the worker JVMs are
 * fresh, and in a short run their JIT compilers take a large share of the two cores (a worker that
 * has run for a minute no longer pays that); its rate is reported as {@code cold_jobs_per_s}.
 * Beside it, in the same run on the same engines (before llmq's
 * load, so they do not compete): the broker's raw transactional produce rate and the database's
 * raw batched insert rate, the ceilings llmq's figure is to be read against.
 */
public final class ThroughputScenario implements Scenario {
    private static final double MB = 1024 * 1024;

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public int defaultWorkers() {
        return 2;
    }

    @Override
    public String summary() {
        return "50,000 jobs against an instant, unlimited provider: end-to-end jobs/s, worker heap, raw Kafka and PostgreSQL rates";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var settings = ThroughputSettings.from(run.env());
        var progress = run.progress();
        var config = RigConfig.of(run, defaultWorkers()).withSimulator(Duration.ZERO, SimulatorLimits.none())
                .withWorkerSetting("LLMQ_WORKER_MAX_IN_FLIGHT", Integer.toString(settings.maxInFlight()));
        try (var rig = Rig.start(config, progress)) {
            var figures = Json.object();
            RawCeilings.measure(rig, run, settings.rawMessages(), settings.rawRows(), figures);
            try (var results = ResultsWatcher.start(rig.kafkaBootstrap(), rig.topics().resultsTopic());
                 var heap = HeapSampler.start(rig.workers())) {
                var submitter = new BatchSubmitter(rig.api());
                if (settings.warmupJobs() > 0) {
                    progress.line(String.format(Locale.ROOT, "warm-up: %,d jobs (not counted)", settings.warmupJobs()));
                    var warmup = pass(settings, "bench-warmup", settings.warmupJobs(), submitter, results, progress);
                    figures.put("cold_jobs_per_s", warmup.jobsPerSecond());
                    progress.line(String.format(Locale.ROOT, "warm-up done at %.0f jobs/s (cold JVMs, JIT compiling)",
                            warmup.jobsPerSecond()));
                }
                var measured = pass(settings, "bench-tp", settings.jobs(), submitter, results, progress);
                figures.put("jobs_per_s", measured.jobsPerSecond());
                figures.put("wall_s", LimitsScenario.round(measured.seconds(), 2));
                figures.put("submit_s", LimitsScenario.round(measured.submitSeconds(), 2));
                figures.put("jobs_succeeded", measured.finished().succeeded());
                figures.put("jobs_failed", measured.finished().failed());
                figures.put("timed_out", measured.timedOut());
                heapFigures(heap.peaks(), figures);
            }
            return new ScenarioResult(settings.toJson(), figures);
        }
    }

    /** One pass: submit {@code jobs} (in batches of at most the batch size), wait for every batch's completion event. */
    private static Pass pass(ThroughputSettings settings, String prefix, int jobs, BatchSubmitter submitter,
                             ResultsWatcher results, Progress progress) throws Exception {
        var files = new ArrayList<byte[]>();
        for (int first = 1; first <= jobs; first += settings.batchSize()) {
            files.add(ChatBatch.jsonl(prefix, first, Math.min(settings.batchSize(), jobs - first + 1), Rig.MODEL,
                    settings.maxTokens()));
        }
        var submissions = new ArrayList<Submission>();
        var began = System.nanoTime();
        for (int i = 0; i < files.size(); i++) {
            submissions.add(submitter.submit(prefix + "-" + (i + 1) + ".jsonl", files.get(i), "normal"));
        }
        var submitted = System.nanoTime();
        progress.line(String.format(Locale.ROOT, "submitted %,d jobs in %d batch(es) in %.1f s", jobs, files.size(),
                (submitted - began) / 1e9));
        var ids = submissions.stream().map(Submission::batchId).toList();
        var done = progress.await(() -> results.allCompleted(ids), settings.timeout(), () -> status(results, submissions, began));
        long end = done ? ids.stream().mapToLong(id -> results.of(id).completedNanos()).max().orElseThrow() : System.nanoTime();
        return new Pass(Finished.of(results, submissions), (end - began) / 1e9, (submitted - began) / 1e9, !done);
    }

    private record Pass(Finished finished, double seconds, double submitSeconds, boolean timedOut) {
        double jobsPerSecond() {
            return LimitsScenario.round(finished.done() / seconds, 1);
        }
    }

    static void heapFigures(List<HeapSampler.Peak> peaks, ObjectNode figures) {
        var used = figures.putArray("worker_heap_mb_each");
        long maxUsed = -1;
        long maxLive = -1;
        for (var peak : peaks) {
            used.add(peak.usedBytes() < 0 ? null : Math.round(peak.usedBytes() / MB));
            maxUsed = Math.max(maxUsed, peak.usedBytes());
            maxLive = Math.max(maxLive, peak.liveBytes());
        }
        figures.put("worker_heap_mb", maxUsed < 0 ? null : Math.round(maxUsed / MB));
        figures.put("worker_live_heap_mb", maxLive < 0 ? null : Math.round(maxLive / MB));
    }

    private static String status(ResultsWatcher results, List<Submission> submissions, long began) {
        var finished = Finished.of(results, submissions);
        var seconds = (System.nanoTime() - began) / 1e9;
        return String.format(Locale.ROOT, "llmq finished %s, %.0f jobs/s so far", finished, finished.done() / seconds);
    }
}
