package io.llmq.standalone;

import io.llmq.schema.Ids;
import io.llmq.schema.Settings;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.simulator.SimulatorConfig;
import io.llmq.simulator.SimulatorLimits;
import io.llmq.simulator.latency.FixedLatency;
import io.llmq.simulator.latency.LatencyEnv;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the one-JVM stack, from the environment (see the README).
 *
 * @param apiKey       the demo tenant's key; generated when {@code LLMQ_API_KEY} is unset
 * @param keyGenerated true when llmq made the key up (so it is printed)
 * @param dataDir      where Kafka and PostgreSQL keep their data; null for a fresh temp dir
 */
public record StackConfig(int httpPort, String apiKey, boolean keyGenerated, Path dataDir, int workers,
                          int maxInFlightPerWorker, Duration workerSessionTimeout, SimulatorConfig simulator,
                          TopicLayout topics, String workerGroup, SimulatorLimits simulatorLimits, String catalogueYaml) {

    public StackConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("LLMQ_WORKERS must be at least 1, got " + workers);
        }
    }

    public static StackConfig fromEnv(Map<String, String> env) {
        var key = env.get("LLMQ_API_KEY");
        var generated = key == null || key.isBlank();
        var dataDir = env.get("LLMQ_DATA_DIR");
        // the standalone stack's own fixed default (300 + up to 400 ms) differs from the simulator process's
        var simulator = SimulatorConfig.defaults().withLatencyModel(
                LatencyEnv.read(env, new FixedLatency(Duration.ofMillis(300), Duration.ofMillis(400))))
                .withBatches(io.llmq.simulator.batch.BatchSettings.fromEnv(env));
        return new StackConfig(Settings.intValue(env, "LLMQ_HTTP_PORT", 8080),
                generated ? Ids.apiKey() : key.trim(), generated,
                dataDir == null || dataDir.isBlank() ? null : Path.of(dataDir),
                Settings.intValue(env, "LLMQ_WORKERS", 2),
                Settings.intValue(env, "LLMQ_WORKER_MAX_IN_FLIGHT", io.llmq.worker.WorkerConfig.DEFAULT_MAX_IN_FLIGHT),
                Duration.ofSeconds(10), simulator, TopicLayout.defaults(), "llmq-workers",
                SimulatorLimits.fromEnv(env), null);
    }

    /**
     * A stack for tests: ephemeral ports, its own key, and topics and consumer group of its own, so
     * that stacks sharing one broker never consume each other's jobs.
     */
    public static StackConfig forTests(int workers, Duration simulatorLatency) {
        var suffix = Ids.random(8);
        var layout = TopicLayout.defaults();
        return new StackConfig(0, "test-key-" + Ids.random(24), false, null, workers, 64, Duration.ofSeconds(6),
                SimulatorConfig.defaults().withLatency(simulatorLatency),
                new TopicLayout(layout.jobsTopic() + "." + suffix, layout.resultsTopic() + "." + suffix, layout.highPartitions(),
                        layout.normalPartitions(), layout.lowPartitions(), layout.resultsPartitions(), layout.replicationFactor()),
                "llmq-workers-" + suffix, SimulatorLimits.none(), null);
    }

    public StackConfig withSimulator(SimulatorConfig newSimulator) {
        return new StackConfig(httpPort, apiKey, keyGenerated, dataDir, workers, maxInFlightPerWorker,
                workerSessionTimeout, newSimulator, topics, workerGroup, simulatorLimits, catalogueYaml);
    }

    /** The simulator pushes back at these limits with 429s. */
    public StackConfig withSimulatorLimits(SimulatorLimits limits) {
        return new StackConfig(httpPort, apiKey, keyGenerated, dataDir, workers, maxInFlightPerWorker,
                workerSessionTimeout, simulator, topics, workerGroup, limits, catalogueYaml);
    }

    /**
     * A catalogue of its own instead of the bundled one; {@code ${LLMQ_SIMULATOR_URL}} in it is the
     * stack's simulator.
     */
    public StackConfig withCatalogue(String yaml) {
        return new StackConfig(httpPort, apiKey, keyGenerated, dataDir, workers, maxInFlightPerWorker,
                workerSessionTimeout, simulator, topics, workerGroup, simulatorLimits, yaml);
    }
}
