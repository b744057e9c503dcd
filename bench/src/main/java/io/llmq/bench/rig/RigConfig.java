package io.llmq.bench.rig;

import io.llmq.bench.BenchRun;
import io.llmq.simulator.SimulatorConfig;
import io.llmq.simulator.SimulatorLimits;
import io.llmq.simulator.batch.BatchSettings;
import io.llmq.simulator.latency.FixedLatency;
import io.llmq.simulator.latency.LatencyModel;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scenario's rig runs.
 *
 * @param workers             worker processes ({@code LLMQ_BENCH_WORKERS} overrides the scenario's default)
 * @param workerJavaOptions   JVM options of each worker ({@code LLMQ_BENCH_WORKER_JAVA_OPTS}, default {@code -Xmx512m})
 * @param kafkaJavaOptions    JVM options of the broker ({@code LLMQ_BENCH_KAFKA_JAVA_OPTS}, default {@code -Xmx1g}
 *                            with the default JIT and collector: the test engines' C1-only settings start
 *                            faster but would make the broker the bottleneck of a throughput run)
 * @param simulatorLimits     what the provider itself enforces (429s)
 * @param deploymentRpm       the {@code rpm:} written into the catalogue for llmq's own limiter; 0 leaves it out
 * @param deploymentTpm       the {@code tpm:} likewise
 * @param maxConcurrentCalls  the deployment's {@code max_concurrent_calls:} (calls one worker may have open); 0 leaves
 *                            it out, i.e. llmq's default of 256
 * @param tapMarker           if not null, a {@code ProviderTap} sits in front of the simulator and stamps
 *                            the calls whose body holds this marker
 * @param catalogueTemplate   {@code LLMQ_BENCH_CATALOGUE}: a template file to use instead of the built-in catalogue, or null
 * @param workerSettings      environment variables given to every worker on top of the bench's own
 * @param postgresFsync       PostgreSQL's {@code fsync}: off for speed figures, on where a crash of the database is part of the run
 * @param kafkaBrokers        1 for a single broker; 3 (or more) for a cluster whose topics are replicated 3 times with
 *                            {@code min.insync.replicas} 2
 */
public record RigConfig(String runId, Path logsDir, int workers, List<String> workerJavaOptions,
                        List<String> kafkaJavaOptions, SimulatorConfig simulator, SimulatorLimits simulatorLimits,
                        long deploymentRpm, long deploymentTpm, int maxConcurrentCalls, String tapMarker, Path catalogueTemplate,
                        boolean postgresFsync, Map<String, String> workerSettings, int kafkaBrokers) {

    public static final String DEFAULT_WORKER_JAVA_OPTS = "-Xmx512m -XX:TieredStopAtLevel=1";
    public static final String DEFAULT_KAFKA_JAVA_OPTS = "-Xms256m -Xmx1g -Djava.awt.headless=true";

    public RigConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("LLMQ_BENCH_WORKERS must be at least 1, got " + workers);
        }
        if (maxConcurrentCalls < 0) {
            throw new IllegalArgumentException("max_concurrent_calls must be >= 0 (0 = llmq's default), got " + maxConcurrentCalls);
        }
        if (deploymentRpm < 0 || deploymentTpm < 0) {
            throw new IllegalArgumentException("deployment limits must be >= 0 (0 = none), got rpm " + deploymentRpm
                    + ", tpm " + deploymentTpm);
        }
        if (kafkaBrokers < 1) {
            throw new IllegalArgumentException("kafka brokers must be at least 1, got " + kafkaBrokers);
        }
        workerJavaOptions = List.copyOf(workerJavaOptions);
        kafkaJavaOptions = List.copyOf(kafkaJavaOptions);
        workerSettings = Map.copyOf(workerSettings);
    }

    /** An unlimited instant simulator and the scenario's default worker count, as overridden by the environment. */
    public static RigConfig of(BenchRun run, int defaultWorkers) {
        var env = run.env();
        var template = env.text("LLMQ_BENCH_CATALOGUE", null);
        return new RigConfig(run.runId(), run.logsDir(), env.atLeast("LLMQ_BENCH_WORKERS", defaultWorkers, 1),
                options(env.text("LLMQ_BENCH_WORKER_JAVA_OPTS", DEFAULT_WORKER_JAVA_OPTS)),
                options(env.text("LLMQ_BENCH_KAFKA_JAVA_OPTS", DEFAULT_KAFKA_JAVA_OPTS)),
                SimulatorConfig.defaults().withLatency(Duration.ZERO), SimulatorLimits.none(), 0, 0, 0, null,
                template == null ? null : Path.of(template), false, Map.of(), 1);
    }

    public RigConfig withSimulator(Duration latency, SimulatorLimits limits) {
        return withSimulator(FixedLatency.of(latency), limits);
    }

    public RigConfig withSimulator(LatencyModel latency, SimulatorLimits limits) {
        return new RigConfig(runId, logsDir, workers, workerJavaOptions, kafkaJavaOptions,
                simulator.withLatencyModel(latency), limits, deploymentRpm, deploymentTpm, maxConcurrentCalls, tapMarker, catalogueTemplate, postgresFsync, workerSettings, kafkaBrokers);
    }

    /** How the simulator's provider batch APIs behave: processing delay, share of lines failing inside a batch. */
    public RigConfig withSimulatorBatches(BatchSettings batches) {
        return new RigConfig(runId, logsDir, workers, workerJavaOptions, kafkaJavaOptions, simulator.withBatches(batches),
                simulatorLimits, deploymentRpm, deploymentTpm, maxConcurrentCalls, tapMarker, catalogueTemplate, postgresFsync,
                workerSettings, kafkaBrokers);
    }

    /** The limits llmq is told about in its catalogue, which its own limiter is to keep. */
    public RigConfig withDeploymentLimits(long rpm, long tpm) {
        return new RigConfig(runId, logsDir, workers, workerJavaOptions, kafkaJavaOptions, simulator, simulatorLimits,
                rpm, tpm, maxConcurrentCalls, tapMarker, catalogueTemplate, postgresFsync, workerSettings, kafkaBrokers);
    }

    /** Calls each worker may have open to the deployment; needed above 256 when latency × rate per worker exceeds it. */
    public RigConfig withMaxConcurrentCalls(int calls) {
        return new RigConfig(runId, logsDir, workers, workerJavaOptions, kafkaJavaOptions, simulator, simulatorLimits,
                deploymentRpm, deploymentTpm, calls, tapMarker, catalogueTemplate, postgresFsync, workerSettings, kafkaBrokers);
    }

    /** A catalogue template of the scenario's own (as {@code LLMQ_BENCH_CATALOGUE} names one), e.g. a pool of deployments. */
    public RigConfig withCatalogueTemplate(Path template) {
        return new RigConfig(runId, logsDir, workers, workerJavaOptions, kafkaJavaOptions, simulator, simulatorLimits,
                deploymentRpm, deploymentTpm, maxConcurrentCalls, tapMarker, template, postgresFsync, workerSettings, kafkaBrokers);
    }

    public RigConfig withTap(String marker) {
        return new RigConfig(runId, logsDir, workers, workerJavaOptions, kafkaJavaOptions, simulator, simulatorLimits,
                deploymentRpm, deploymentTpm, maxConcurrentCalls, marker, catalogueTemplate, postgresFsync, workerSettings, kafkaBrokers);
    }

    public RigConfig withPostgresFsync() {
        return new RigConfig(runId, logsDir, workers, workerJavaOptions, kafkaJavaOptions, simulator, simulatorLimits,
                deploymentRpm, deploymentTpm, maxConcurrentCalls, tapMarker, catalogueTemplate, true, workerSettings, kafkaBrokers);
    }

    /** Adds (or replaces) one environment variable of every worker, e.g. {@code LLMQ_WORKER_MAX_IN_FLIGHT}. */
    public RigConfig withWorkerSetting(String name, String value) {
        var settings = new HashMap<>(workerSettings);
        settings.put(name, value);
        return new RigConfig(runId, logsDir, workers, workerJavaOptions, kafkaJavaOptions, simulator, simulatorLimits,
                deploymentRpm, deploymentTpm, maxConcurrentCalls, tapMarker, catalogueTemplate, postgresFsync, settings, kafkaBrokers);
    }

    /** Runs Kafka as a cluster of {@code brokers} nodes instead of one broker. */
    public RigConfig withKafkaBrokers(int brokers) {
        return new RigConfig(runId, logsDir, workers, workerJavaOptions, kafkaJavaOptions, simulator, simulatorLimits,
                deploymentRpm, deploymentTpm, maxConcurrentCalls, tapMarker, catalogueTemplate, postgresFsync, workerSettings, brokers);
    }

    private static List<String> options(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
