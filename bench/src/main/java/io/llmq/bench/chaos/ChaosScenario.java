package io.llmq.bench.chaos;

import io.llmq.bench.BenchRun;
import io.llmq.bench.Scenario;
import io.llmq.bench.ScenarioResult;
import io.llmq.bench.load.BatchSubmitter;
import io.llmq.bench.load.Submission;
import io.llmq.bench.measure.ResultsWatcher;
import io.llmq.bench.rig.Rig;
import io.llmq.bench.rig.RigConfig;
import io.llmq.schema.Json;
import io.llmq.simulator.Fault;
import io.llmq.simulator.SimulatorLimits;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Crash safety under fire: a batch runs on three worker processes against a provider that fails
 * 5 % of calls with a 500 and sends bursts of 429s, while the run {@code kill -9}s a worker three
 * times (each replaced), kills and restarts the Kafka broker, and kills and restarts PostgreSQL
 * ({@code fsync} on). At the end, {@link Audit} checks that every job finished exactly once,
 * that the ledger matches the provider's bill call by call, and that every job was announced
 * exactly once after de-duplication. Any mismatch fails the run (exit status 1).
 *
 * <p>The {@link #cluster()} variant runs on three Kafka brokers, its topics replicated 3 times with
 * {@code min.insync.replicas} 2, and kills one broker for good while jobs are in flight
 * ({@link BrokerLoss}); the same audit then says whether anything was lost or done twice.
 */
public final class ChaosScenario implements Scenario {
    private final String name;
    private final String summary;
    private final ChaosSettings defaults;

    public ChaosScenario() {
        this("chaos", "20,000 jobs, 3 workers, 5% 5xx + 429 bursts; kill -9 a worker 3x, restart Kafka and PostgreSQL: "
                + "nothing lost or paid twice", ChaosSettings.FULL);
    }

    private ChaosScenario(String name, String summary, ChaosSettings defaults) {
        this.name = name;
        this.summary = summary;
        this.defaults = defaults;
    }

    /** Three brokers (replication 3, min ISR 2); a worker killed, then a broker killed for good. */
    public static ChaosScenario cluster() {
        return new ChaosScenario("chaos-cluster", "6,000 jobs, 3 workers on 3 Kafka brokers (replication 3, min ISR 2), 5% 5xx "
                + "+ 429 bursts; kill -9 a worker, then a broker for good: nothing lost or paid twice", ChaosSettings.CLUSTER);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int defaultWorkers() {
        return 3;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public ScenarioResult run(BenchRun run) throws Exception {
        var settings = ChaosSettings.from(run.env(), defaults);
        var progress = run.progress();
        var config = RigConfig.of(run, defaultWorkers())
                .withSimulator(settings.latency(), SimulatorLimits.none())
                .withPostgresFsync()
                .withKafkaBrokers(settings.brokers())
                .withWorkerSetting("LLMQ_WORKER_MAX_IN_FLIGHT", Integer.toString(settings.maxInFlight()))
                // a killed worker's partitions move after this long; the default 45 s would only make the run longer
                .withWorkerSetting("LLMQ_WORKER_SESSION_TIMEOUT_MS", "10000")
                // a killed worker's calls are estimated 15 s after its last heartbeat (default 60 s), so the audit waits less
                .withWorkerSetting("LLMQ_CALL_GONE_AFTER_SECONDS", "15")
                .withWorkerSetting("LLMQ_CALL_SWEEP_EVERY_MS", "2000");
        var figures = Json.object();
        var checks = new Checks(progress);
        Set<String> killed = new HashSet<>();
        try (var rig = Rig.start(config, progress);
             var results = ResultsWatcher.start(rig.kafkaBootstrap(), rig.topics().resultsTopic());
             var bursts = RateLimitBursts.start(rig.simulator(), settings.burst429(), settings.burstEvery())) {
            if (settings.brokers() > 1) {
                BrokerLoss.checkReplication(rig, checks, figures);
            }
            if (settings.serverErrors() > 0) {
                rig.simulator().inject(Fault.status(500).fraction(settings.serverErrors()));
            }
            var plan = Disruption.plan(settings.kills(), settings.kafkaRestarts(), settings.postgresRestarts(), settings.brokerLosses());
            var waves = Disruption.waves(settings.jobs(), plan.size());
            var submitter = new BatchSubmitter(rig.api());
            var began = System.nanoTime();
            List<Submission> submissions = new ArrayList<>(submitter.submitChat("chaos", 1, waves[0], settings.batchSize(),
                    Rig.MODEL, 16, "normal"));
            var submitted = waves[0];
            progress.line(String.format(Locale.ROOT, "submitted %,d jobs in %d batches in %.1f s; %,d more in %d waves, one before each disruption",
                    submitted, submissions.size(), (System.nanoTime() - began) / 1e9, settings.jobs() - submitted, plan.size()));
            var disruptor = new Disruptor(rig, progress, killed, results::jobEvents);
            var done = 0;
            for (int i = 0; i < plan.size(); i++) {
                var next = plan.get(i);
                // half of the latest wave announced: the disruption meets its other half and the wave submitted now
                var threshold = submitted - waves[i] / 2;
                var announcedBy = submitted;
                var reached = progress.await(() -> results.jobEvents() >= threshold, settings.timeout(),
                        () -> String.format(Locale.ROOT, "%,d of %,d jobs submitted so far announced; next: %s at %,d",
                                results.jobEvents(), announcedBy, next.description(), threshold));
                if (!reached) {
                    break;
                }
                submissions.addAll(submitter.submitChat("chaos", submitted + 1, waves[i + 1], settings.batchSize(), Rig.MODEL, 16, "normal"));
                submitted += waves[i + 1];
                disruptor.perform(next);
                done++;
            }
            figures.put("disruptions_planned", plan.size());
            figures.put("disruptions_done", done);
            figures.put("workers_killed", killed.size());
            var losses = disruptor.brokerLosses();
            var lost = figures.putArray("brokers_lost");
            losses.forEach(lost::add);
            var ended = Audit.awaitEnd(rig, results, submissions, settings.timeout(), progress);
            var wall = (System.nanoTime() - began) / 1e9;
            bursts.close();
            figures.put("wall_s", Math.round(wall * 10) / 10.0);
            figures.put("timed_out", !ended);
            checks.check("all disruptions happened while jobs were in flight", done == plan.size(),
                    done + " of " + plan.size() + ": " + plan);
            checks.check("the run ended", ended, String.format(Locale.ROOT, "%.1f s", wall));
            if (settings.brokerLosses() > 0) {
                checks.check("the cluster moved every lost broker's partitions to live ones",
                        losses.size() == settings.brokerLosses() && losses.stream().allMatch(l -> l.path("recovered").asBoolean()),
                        losses.toString());
            }
            Audit.check(rig, results, submissions, killed, checks, figures);
            figures.put("http_429_injected", bursts.injected());
            checks.addTo(figures);
            return new ScenarioResult(settings.toJson(), figures);
        }
    }

}
