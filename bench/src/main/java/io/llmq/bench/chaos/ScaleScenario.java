package io.llmq.bench.chaos;

import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.report.Progress;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.RigConfig;
import io.llmq.bench.rig.WorkerProcess;
import io.llmq.bench.scenario.SentPerMinute;
import io.llmq.schema.Json;
import io.llmq.simulator.SimulatorLimits;

import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Scaling mid-batch under a global rate limit: two workers start; at 15 % of the jobs two more
 * join; at 40 % one of the first two is stopped with SIGTERM (it must drain and leave no gap);
 * at 65 % another is killed with {@code kill -9}. Then {@link Audit} checks nothing was lost or
 * paid twice, and the provider's own log shows the limit held in every 60 s window (+2 %),
 * counting served calls and, stricter, every call sent (429s included).
 */
public final class ScaleScenario implements Scenario {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final double TOLERANCE = 1.02;

    @Override
    public String name() {
        return "scale";
    }

    @Override
    public int defaultWorkers() {
        return 2;
    }

    @Override
    public String summary() {
        return "2,400 jobs under a 1,200 RPM limit: 2 workers, +2, SIGTERM 1, kill -9 1; nothing lost, limit held in every 60 s";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var env = run.env();
        var rpm = env.atLeast("LLMQ_SCALE_RPM", 1200, 60);
        var tpm = env.atLeast("LLMQ_SCALE_TPM", 1_000_000, 1000);
        var jobs = env.atLeast("LLMQ_SCALE_JOBS", 2 * rpm, 10);
        var timeout = Duration.ofSeconds(env.atLeast("LLMQ_SCALE_TIMEOUT_SECONDS", 900, 10));
        var progress = run.progress();
        var config = RigConfig.of(run, defaultWorkers())
                .withSimulator(Duration.ofMillis(100), SimulatorLimits.of(rpm, tpm))
                .withDeploymentLimits(rpm, tpm)
                .withWorkerSetting("LLMQ_WORKER_SESSION_TIMEOUT_MS", "10000")
                .withWorkerSetting("LLMQ_WORKER_DRAIN_TIMEOUT_MS", "20000")
                // a killed worker's calls are estimated 15 s after its last heartbeat (default 60 s), so the audit waits less
                .withWorkerSetting("LLMQ_CALL_GONE_AFTER_SECONDS", "15")
                .withWorkerSetting("LLMQ_CALL_SWEEP_EVERY_MS", "2000");
        var settings = Json.object().put("rpm", rpm).put("tpm", tpm).put("jobs", jobs);
        var figures = Json.object();
        var checks = new Checks(progress);
        Set<String> killed = new HashSet<>();
        try (var rig = Rig.start(config, progress);
             var results = ResultsWatcher.start(rig.kafkaBootstrap(), rig.topics().resultsTopic())) {
            var began = System.nanoTime();
            var submissions = new BatchSubmitter(rig.api()).submitChat("scale", jobs, jobs, Rig.MODEL, 16, "normal");
            awaitShare(results, jobs, 0.15, timeout, progress);
            var added = new WorkerProcess[] {rig.addWorker("bench-w3"), rig.addWorker("bench-w4")};
            for (var w : added) {
                if (!progress.await(w::healthy, START_TIMEOUT, () -> "waiting for " + w.name())) {
                    throw new IllegalStateException("added worker did not start: " + w);
                }
            }
            progress.line("added 2 workers");
            awaitShare(results, jobs, 0.40, timeout, progress);
            var stopped = rig.workers().get(0);
            var stopBegan = System.nanoTime();
            stopped.terminate();
            stopped.awaitExit(System.nanoTime() + Duration.ofSeconds(60).toNanos());
            var stopSeconds = (System.nanoTime() - stopBegan) / 1e9;
            progress.line(String.format(Locale.ROOT, "SIGTERM %s: exited after %.1f s", stopped, stopSeconds));
            figures.put("sigterm_exit_s", Math.round(stopSeconds * 10) / 10.0);
            awaitShare(results, jobs, 0.65, timeout, progress);
            var victim = rig.workers().get(1);
            killed.add(victim.instanceId());
            victim.kill();
            progress.line("killed " + victim + " with SIGKILL");
            var ended = Audit.awaitEnd(rig, results, submissions, timeout, progress);
            var wall = (System.nanoTime() - began) / 1e9;
            figures.put("wall_s", Math.round(wall * 10) / 10.0);
            checks.check("the run ended", ended, String.format(Locale.ROOT, "%.1f s", wall));
            Audit.check(rig, results, submissions, killed, checks, figures);
            var log = rig.simulator().servedLog();
            var busiest = log.busiestMinute();
            var sent = SentPerMinute.busiest(log.seconds());
            var http429 = log.seconds().stream().mapToLong(s -> s.rateLimited()).sum();
            figures.put("max_rpm_60s", busiest[0]);
            figures.put("max_tpm_60s", busiest[1]);
            figures.put("max_sent_60s", sent);
            figures.put("http_429", http429);
            checks.check("served calls and tokens within the limit in every 60 s (+2%)",
                    busiest[0] <= rpm * TOLERANCE && busiest[1] <= tpm * TOLERANCE,
                    String.format(Locale.ROOT, "busiest 60 s: %d calls (limit %d), %d tokens (limit %d)", busiest[0], rpm,
                            busiest[1], tpm));
            checks.check("calls sent (429s included) within the limit in every 60 s (+2%)", sent <= rpm * TOLERANCE,
                    String.format(Locale.ROOT, "busiest 60 s: %d sent; %d answered 429 over the run", sent, http429));
            checks.addTo(figures);
            return new ScenarioResult(settings, figures);
        }
    }

    private static void awaitShare(ResultsWatcher results, int jobs, double share, Duration timeout,
                                   Progress progress) throws InterruptedException {
        var target = (long) (jobs * share);
        if (!progress.await(() -> results.jobEvents() >= target, timeout,
                () -> String.format(Locale.ROOT, "%,d of %,d jobs announced", results.jobEvents(), jobs))) {
            throw new IllegalStateException("the run stalled before " + target + " jobs were announced");
        }
    }
}
