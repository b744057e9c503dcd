package io.llmq.bench.scenario;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.load.ChatBatch;
import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.measure.ServedWindow;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.RigConfig;
import io.llmq.schema.Json;
import io.llmq.simulator.ProviderSimulator;
import io.llmq.simulator.SimulatorConfig;
import io.llmq.simulator.SimulatorLimits;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One model, two deployments: does a pool serve the sum of its deployments' limits, keep each
 * within its own, and split by weight while both have room? Each deployment is its own simulator
 * (another account) enforcing its own RPM; llmq's catalogue is told the same limits. Run once at
 * weights 1:1 and once at 3:1: first a paced load under the pool's capacity (the split, counted
 * by each simulator), then a backlog larger than the run (each simulator's second-by-second log
 * says how much of its limit was used, and their sum how much of the pool's). Then {@link DisablePhase}:
 * one deployment switched off through the admin API mid-backlog, and the other finishing it.
 */
public final class PoolScenario implements Scenario {
    static final String FIRST = "pool-a";
    static final String SECOND = "pool-b";
    private static final double SPLIT_TOLERANCE = 0.05;
    private static final double TARGET_SHARE = 0.98;

    private record Weighting(String name, String model, int first, int second) {
        double firstShare() {
            return first / (double) (first + second);
        }
    }

    private static final List<Weighting> WEIGHTINGS = List.of(new Weighting("1:1", "pool-even", 1, 1),
            new Weighting("3:1", "pool-three-to-one", 3, 1));

    @Override
    public String name() {
        return "pool";
    }

    @Override
    public int defaultWorkers() {
        return 4;
    }

    @Override
    public String summary() {
        return "4 workers, one model on two deployments of 600 RPM each, weights 1:1 then 3:1: use of the 1,200 RPM sum, split by weight;"
                + " then one disabled mid-backlog and the other finishing it";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var settings = PoolSettings.from(run.env());
        var limits = SimulatorLimits.of(settings.rpm(), 0);
        try (var second = ProviderSimulator.start(SimulatorConfig.defaults().withLatency(settings.latency()), limits)) {
            var template = Files.createTempFile("llmq-bench-pool-", ".yaml");
            Files.writeString(template, catalogue(second.baseUrl()));
            template.toFile().deleteOnExit();
            var config = RigConfig.of(run, defaultWorkers()).withSimulator(settings.latency(), limits)
                    .withDeploymentLimits(settings.rpm(), 0).withCatalogueTemplate(template);
            try (var rig = Rig.start(config, run.progress());
                 var results = ResultsWatcher.start(rig.kafkaBootstrap(), rig.topics().resultsTopic())) {
                var figures = Json.object();
                var pool = new PoolRun(rig, second, new BatchSubmitter(rig.api()), results, settings, run.progress());
                var all = true;
                for (var w : WEIGHTINGS) {
                    var phase = figures.putObject("weights_" + w.name().replace(':', '_'));
                    phase.put("weights", w.name());
                    phase.put("first_weight_share", w.firstShare());
                    all &= paced(pool, w, phase) & backlog(pool, w, phase);
                }
                var even = WEIGHTINGS.get(0);
                var disable = figures.putObject("disable_phase");
                disable.put("weights", even.name());
                all &= DisablePhase.run(pool, even.model(), disable);
                figures.put("all_targets_met", all);
                return new ScenarioResult(settings.toJson(), figures);
            }
        }
    }

    /** The catalogue: two deployments at the two simulators with the scenario's RPM, and the model at each weighting. */
    static String catalogue(String secondUrl) {
        var limits = "rpm: ${BENCH_RPM}, burst_ms: 500, timeout_seconds: 60";
        var price = "price: { input: 0.15, cached_input: 0.075, output: 0.60 }";
        var out = new StringBuilder("# written by the bench's pool scenario for one run\ndeployments:\n")
                .append("  - { name: ").append(FIRST).append(", provider: openai, base_url: \"${BENCH_BASE_URL}/v1\", ").append(limits).append(" }\n")
                .append("  - { name: ").append(SECOND).append(", provider: openai, base_url: \"").append(secondUrl).append("/v1\", ")
                .append(limits).append(" }\nmodels:\n");
        for (var w : WEIGHTINGS) {
            out.append("  - { id: ").append(w.model()).append(", upstream_model: gpt-4o-mini, deployments: [{ name: ").append(FIRST)
                    .append(", weight: ").append(w.first()).append(" }, { name: ").append(SECOND).append(", weight: ").append(w.second())
                    .append(" }], max_output_tokens: 16384, ").append(price).append(" }\n");
        }
        return out.toString();
    }

    /**
     * Jobs at {@code pacedShare} of the pool's capacity, a small batch every 250 ms, so neither deployment
     * queues calls: the split then follows the weights alone. Counted by each simulator's bill.
     */
    private static boolean paced(PoolRun pool, Weighting w, ObjectNode phase) throws Exception {
        var settings = pool.settings();
        var perTick = settings.pacedShare() * settings.poolRpm() / 60.0 / 4;
        var firstBefore = pool.rig().simulator().bill().calls();
        var secondBefore = pool.second().bill().calls();
        pool.progress().line(String.format(Locale.ROOT, "weights %s: paced load of %.0f calls/min for %d s", w.name(),
                perTick * 240, settings.pacedSeconds()));
        List<String> ids = new ArrayList<>();
        var owed = 0.0;
        var next = System.nanoTime();
        var number = 1;
        for (int tick = 0; tick < settings.pacedSeconds() * 4; tick++) {
            owed += perTick;
            var count = (int) owed;
            owed -= count;
            if (count > 0) {
                var tag = "bench-pool-paced-" + w.model();
                ids.add(pool.submitter().submit(tag + "-" + number + ".jsonl",
                        ChatBatch.jsonl(tag, number, count, w.model(), settings.maxTokens()), "normal").batchId());
                number += count;
            }
            next += TimeUnit.MILLISECONDS.toNanos(250);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
        }
        if (!pool.progress().await(() -> pool.results().allCompleted(ids), Duration.ofSeconds(60), () -> "paced batches still running")) {
            throw new IllegalStateException("the paced batches of weights " + w.name() + " did not end within 60 s");
        }
        var first = pool.rig().simulator().bill().calls() - firstBefore;
        var second = pool.second().bill().calls() - secondBefore;
        var share = first / (double) Math.max(1, first + second);
        var met = Math.abs(share - w.firstShare()) <= SPLIT_TOLERANCE;
        phase.put("paced_jobs", number - 1);
        phase.put("paced_calls_first", first);
        phase.put("paced_calls_second", second);
        phase.put("paced_first_share", round(share));
        phase.put("paced_split_within_5_points", met);
        pool.progress().line(String.format(Locale.ROOT, "weights %s, headroom: %d calls to %s, %d to %s: %.1f%% to the first (weight share %.1f%%)",
                w.name(), first, FIRST, second, SECOND, share * 100, w.firstShare() * 100));
        return met;
    }

    /** A backlog the run cannot serve: each simulator's log over the window, and their sum against the pool's capacity. */
    private static boolean backlog(PoolRun pool, Weighting w, ObjectNode phase) throws Exception {
        var settings = pool.settings();
        var jobs = (int) Math.ceil(settings.poolRpm() / 60.0 * settings.backlogSeconds() * 1.3);
        var submissions = pool.submitter().submitChat("bench-pool-backlog-" + w.model(), jobs, 50_000, w.model(),
                settings.maxTokens(), "normal");
        var from = (System.currentTimeMillis() + settings.warmup() * 1000L + 999) / 1000;
        var to = from + settings.backlogSeconds() - settings.warmup();
        pool.progress().line(String.format(Locale.ROOT, "weights %s: backlog of %,d jobs; measuring %d s", w.name(), jobs, to - from));
        var end = to * 1000 + settings.latency().toMillis() + 1000;
        pool.progress().pass(Duration.ofMillis(Math.max(0, end - System.currentTimeMillis())), () -> pool.status());
        var first = ServedWindow.of(pool.rig().simulator().servedLog().seconds(), from, to);
        var second = ServedWindow.of(pool.second().servedLog().seconds(), from, to);
        var perMinute = first.callsPerMinute() + second.callsPerMinute();
        var share = perMinute / settings.poolRpm();
        phase.put("backlog_window_s", to - from);
        phase.put("pool_calls_per_min", round(perMinute));
        phase.put("pool_share_of_sum", round(share));
        phase.put("first_calls_per_min", round(first.callsPerMinute()));
        phase.put("first_share_of_its_limit", round(first.callsPerMinute() / settings.rpm()));
        phase.put("second_calls_per_min", round(second.callsPerMinute()));
        phase.put("second_share_of_its_limit", round(second.callsPerMinute() / settings.rpm()));
        phase.put("http_429_first", first.http429());
        phase.put("http_429_second", second.http429());
        phase.put("backlog_first_share", round(first.calls() / (double) Math.max(1, first.calls() + second.calls())));
        pool.progress().line(String.format(Locale.ROOT, "weights %s, backlog: pool %.0f calls/min = %.1f%% of %d; %s %.0f/min, %s %.0f/min; 429s %d + %d",
                w.name(), perMinute, share * 100, settings.poolRpm(), FIRST, first.callsPerMinute(), SECOND, second.callsPerMinute(),
                first.http429(), second.http429()));
        pool.cancel(submissions.stream().map(Submission::batchId).toList());
        return share >= TARGET_SHARE && first.callsPerMinute() <= settings.rpm() * 1.02 && second.callsPerMinute() <= settings.rpm() * 1.02;
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
