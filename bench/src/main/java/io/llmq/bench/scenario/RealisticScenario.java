package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.HeapSampler;
import io.llmq.bench.measure.InFlightSampler;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.report.Progress;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.RigConfig;
import io.llmq.schema.Json;
import io.llmq.simulator.SimulatorLimits;
import io.llmq.simulator.latency.RealisticLatency;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Does llmq keep a high limit busy when the provider answers like a real one? 30,000 RPM and
 * 5,000,000 TPM at the provider and in the catalogue, calls that take 2 s at the median and 30 s at
 * the 99th percentile (the simulator's realistic latency model), 4 workers. At that rate about
 * 2,000 calls are open at once, so the workers' in-flight budget and bulkhead are sized by Little's
 * law ({@link InFlightBudget}). Measured like {@code limits}, from the provider's own log, plus the
 * workers' in-flight gauges and heap.
 */
public final class RealisticScenario implements Scenario {
    static final double TARGET_SHARE = 0.98;
    static final double TARGET_429_SHARE = 0.001;
    static final long TARGET_HEAP_MB = 512;

    @Override
    public String name() {
        return "realistic";
    }

    @Override
    public int defaultWorkers() {
        return 4;
    }

    @Override
    public String summary() {
        return "4 workers at 30,000 RPM / 5,000,000 TPM with latency p50 2 s, p99 30 s for 5 minutes: share of the limit, 429s, heap";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var settings = RealisticSettings.from(run.env());
        var progress = run.progress();
        var base = RigConfig.of(run, defaultWorkers())
                .withSimulator(settings.latency(), SimulatorLimits.of(settings.rpm(), settings.tpm()))
                .withDeploymentLimits(settings.rpm(), settings.tpm());
        var settingsJson = settings.toJson();
        var needed = InFlightBudget.needed(settings.callsPerSecond(), settings.latency().mean(RealisticLatency.TYPICAL_OUTPUT_TOKENS),
                base.workers());
        var config = InFlightBudget.applyTo(base, run.env(), needed, settingsJson);
        progress.line(String.format(Locale.ROOT, "in-flight budget %d jobs per worker (Little's law: %.0f calls/s × %d ms mean × %.0f headroom / %d workers)",
                settingsJson.get("max_in_flight").asInt(), settings.callsPerSecond(),
                settings.latency().mean(RealisticLatency.TYPICAL_OUTPUT_TOKENS).toMillis(), InFlightBudget.HEADROOM, base.workers()));
        try (var rig = Rig.start(config, progress)) {
            var figures = Json.object();
            RawCeilings.measure(rig, run, settings.rawMessages(), settings.rawRows(), figures);
            try (var results = ResultsWatcher.start(rig.kafkaBootstrap(), rig.topics().resultsTopic());
                 var heap = HeapSampler.start(rig.workers());
                 var inFlight = InFlightSampler.start(rig.workers())) {
                var submissions = new BatchSubmitter(rig.api()).submitChat("bench-real", settings.jobs(), settings.batchSize(),
                        Rig.MODEL, settings.maxTokens(), "normal");
                var startMillis = System.currentTimeMillis();
                progress.line(String.format(Locale.ROOT, "submitted %,d jobs; running %d s, measuring after %d s", settings.jobs(),
                        settings.seconds(), settings.warmup()));
                var from = (startMillis + settings.warmup() * 1000L + 999) / 1000;
                var to = from + (settings.seconds() - settings.warmup());
                // Calls are logged when answered; answers after the window's end do not belong to it, so one second for the last to land.
                var end = to * 1000 + 1000;
                progress.pass(Duration.ofMillis(Math.max(0, end - System.currentTimeMillis())), () -> status(rig, results, submissions, inFlight));
                LimitFigures.put(figures, rig.simulator().servedLog(), settings.rpm(), settings.tpm(), from, to);
                var finished = Finished.of(results, submissions);
                figures.put("jobs_succeeded", finished.succeeded());
                figures.put("jobs_failed", finished.failed());
                inFlightFigures(inFlight.stats(), figures);
                ThroughputScenario.heapFigures(heap.peaks(), figures);
                targets(figures, progress);
            }
            return new ScenarioResult(settingsJson, figures);
        }
    }

    private static void inFlightFigures(List<InFlightSampler.Stats> stats, ObjectNode figures) {
        var each = figures.putArray("in_flight_each");
        double callsMean = 0;
        long callsPeak = 0;
        for (var s : stats) {
            var worker = each.addObject();
            worker.put("worker", s.worker());
            worker.put("samples", s.samples());
            worker.put("jobs_mean", LimitsScenario.round(s.jobsMean(), 1));
            worker.put("jobs_peak", s.jobsPeak());
            worker.put("calls_mean", LimitsScenario.round(s.callsMean(), 1));
            worker.put("calls_peak", s.callsPeak());
            callsMean += s.callsMean();
            callsPeak = Math.max(callsPeak, s.callsPeak());
        }
        figures.put("calls_in_flight_mean_per_worker", stats.isEmpty() ? 0 : LimitsScenario.round(callsMean / stats.size(), 1));
        figures.put("calls_in_flight_peak_per_worker", callsPeak);
    }

    /** The targets beside the figures, as pass/fail fields; not {@code passed}, which would fail the bench's exit code. */
    private static void targets(ObjectNode figures, Progress progress) {
        var share = figures.get("binding_limit_share").asDouble();
        var calls = figures.get("calls").asLong();
        var refused = figures.get("http_429").asLong();
        var refusedShare = calls + refused == 0 ? 0 : (double) refused / (calls + refused);
        figures.put("http_429_share", LimitsScenario.round(refusedShare, 5));
        var heapMb = figures.path("worker_heap_mb").asLong(Long.MAX_VALUE);
        var targets = figures.putObject("targets");
        targets.put("binding_limit_share_min", TARGET_SHARE);
        targets.put("binding_limit_share_met", share >= TARGET_SHARE);
        targets.put("http_429_share_max", TARGET_429_SHARE);
        targets.put("http_429_share_met", refusedShare <= TARGET_429_SHARE);
        targets.put("worker_heap_mb_max", TARGET_HEAP_MB);
        targets.put("worker_heap_mb_met", heapMb <= TARGET_HEAP_MB);
        var all = share >= TARGET_SHARE && refusedShare <= TARGET_429_SHARE && heapMb <= TARGET_HEAP_MB;
        figures.put("targets_met", all);
        progress.line(String.format(Locale.ROOT, "binding_limit_share %.3f (target >= %.2f: %s), 429s %.4f%% of calls (target <= %.1f%%: %s), "
                        + "worker heap %s MB (target <= %d: %s)", share, TARGET_SHARE, pass(share >= TARGET_SHARE), refusedShare * 100,
                TARGET_429_SHARE * 100, pass(refusedShare <= TARGET_429_SHARE), figures.path("worker_heap_mb").asText("-"), TARGET_HEAP_MB,
                pass(heapMb <= TARGET_HEAP_MB)));
    }

    private static String pass(boolean met) {
        return met ? "PASS" : "FAIL";
    }

    private static String status(Rig rig, ResultsWatcher results, List<Submission> submissions, InFlightSampler inFlight) {
        var bill = rig.simulator().bill();
        long rejected = rig.simulator().servedLog().seconds().stream().mapToLong(s -> s.rateLimited()).sum();
        var calls = inFlight.stats().stream().mapToLong(s -> s.callsPeak()).max().orElse(0);
        return String.format(Locale.ROOT, "provider served %,d calls, refused %d (429); peak calls open per worker %d; llmq finished %s",
                bill.calls(), rejected, calls, Finished.of(results, submissions));
    }
}
