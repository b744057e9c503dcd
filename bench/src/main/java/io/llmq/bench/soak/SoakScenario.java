package io.llmq.bench.soak;

import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.bench.chaos.Audit;
import io.llmq.bench.chaos.Checks;
import io.llmq.bench.chaos.RateLimitBursts;
import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.RigConfig;
import io.llmq.schema.Json;
import io.llmq.simulator.Fault;
import io.llmq.simulator.SimulatorLimits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Does anything leak? An hour of steady load (a small batch every two seconds, 50 jobs/s) on two
 * worker processes against a provider that fails 5 % of calls with a 500 and sends bursts of 429s.
 * Every 30 s each worker JVM and the bench JVM (which runs the api-submitter) is sampled after a
 * full collection: heap, threads, open descriptors, sockets, pooled database connections. The
 * last quarter of the samples must stay within a small margin of the first ({@link Flatness}),
 * and, as in {@code chaos}, every job must end exactly once and be paid once ({@link Audit}).
 */
public final class SoakScenario implements Scenario {
    static final String SUBMITTER = "api-submitter";

    @Override
    public String name() {
        return "soak";
    }

    @Override
    public int defaultWorkers() {
        return 2;
    }

    @Override
    public String summary() {
        return "1 hour at 50 jobs/s, 2 workers, 5% 5xx + 429 bursts: heap after GC, threads, open files and connections stay flat";
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var settings = SoakSettings.from(run.env());
        var progress = run.progress();
        var config = RigConfig.of(run, defaultWorkers()).withSimulator(settings.latency(), SimulatorLimits.none());
        var figures = Json.object();
        var checks = new Checks(progress);
        try (var rig = Rig.start(config, progress);
             var results = ResultsWatcher.start(rig.kafkaBootstrap(), rig.topics().resultsTopic());
             var bursts = RateLimitBursts.start(rig.simulator(), settings.burst429(), settings.burstEvery())) {
            if (settings.serverErrors() > 0) {
                rig.simulator().inject(Fault.status(500).fraction(settings.serverErrors()));
            }
            var probes = new ArrayList<ProcessProbe>();
            rig.workers().forEach(w -> probes.add(new ProcessProbe(w.name(), w.pid(), () -> w.metrics(ProcessProbe.FAMILIES))));
            probes.add(new ProcessProbe(SUBMITTER, ProcessHandle.current().pid(),
                    new SubmitterMetrics(rig.apiBaseUrl(), SubmitterMetrics.tokenFrom(run.env()))));
            var load = new SteadyLoad(new BatchSubmitter(rig.api()), Duration.ofSeconds(settings.batchEvery()), settings.jobsPerBatch());
            progress.line(String.format(Locale.ROOT, "steady load for %d s: %,d jobs every %d s; sampling %d processes every %d s after %d s",
                    settings.seconds(), settings.jobsPerBatch(), settings.batchEvery(), probes.size(), settings.sampleEvery(),
                    settings.warmup()));
            var began = System.nanoTime();
            Map<String, List<ProcessSample>> series;
            List<Submission> submissions;
            try (var sampler = SoakSampler.start(probes, settings.warmup(), settings.sampleEvery(), progress)) {
                submissions = load.run(Duration.ofSeconds(settings.seconds()), progress, Duration.ofSeconds(settings.sampleEvery()),
                        () -> String.format(Locale.ROOT, "submitted %,d jobs, %,d announced; provider served %,d calls, %,d 429s injected",
                                load.jobs(), results.jobEvents(), rig.simulator().bill().calls(), bursts.injected()));
                series = sampler.series();
            }
            var loadSeconds = (System.nanoTime() - began) / 1e9;
            var announcedDuringLoad = results.jobEvents();
            var ended = Audit.awaitEnd(rig, results, submissions, settings.drainTimeout(), progress);
            var drain = (System.nanoTime() - began) / 1e9 - loadSeconds;
            bursts.close();
            figures.put("load_s", Math.round(loadSeconds * 10) / 10.0);
            figures.put("jobs_per_s_submitted", Math.round(load.jobs() / loadSeconds * 10) / 10.0);
            figures.put("jobs_announced_during_load", announcedDuringLoad);
            figures.put("drain_s", Math.round(drain * 10) / 10.0);
            figures.put("timed_out", !ended);
            checks.check("the run ended", ended, String.format(Locale.ROOT, "drained in %.1f s after the load stopped", drain));
            Audit.check(rig, results, submissions, Set.of(), checks, figures);
            figures.put("http_429_injected", bursts.injected());
            SoakFigures.put(series, SUBMITTER, figures, checks);
            checks.addTo(figures);
            return new ScenarioResult(settings.toJson(), figures);
        }
    }
}
