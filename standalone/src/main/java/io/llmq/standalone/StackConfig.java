package io.llmq.standalone;

import io.llmq.schema.Ids;
import io.llmq.schema.topic.TopicLayout;
import io.llmq.simulator.SimulatorConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the one-JVM stack, from the environment (see the README).
 *
 * @param apiKey       the demo tenant's key; generated when {@code LLMQ_API_KEY} is unset
 * @param keyGenerated true when llmq made the key up (so it is printed)
 * @param dataDir      where Kafka and PostgreSQL keep their data; null for a fresh temp dir
 * @param env          settings that override the process environment for every service of the stack
 *                     (tests use it for {@code LLMQ_MAX_FILE_BYTES}, {@code LLMQ_ADMIN_KEY}, ...)
 */
public record StackConfig(int httpPort, String apiKey, boolean keyGenerated, Path dataDir, int workers,
                          int maxInFlightPerWorker, Duration workerSessionTimeout, SimulatorConfig simulator,
                          TopicLayout topics, String workerGroup, Map<String, String> env) {

    public StackConfig {
        if (workers < 1) {
            throw new IllegalArgumentException("LLMQ_WORKERS must be at least 1, got " + workers);
        }
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    public static StackConfig fromEnv(Map<String, String> env) {
        var key = env.get("LLMQ_API_KEY");
        var generated = key == null || key.isBlank();
        var dataDir = env.get("LLMQ_DATA_DIR");
        var simulator = SimulatorConfig.defaults()
                .withLatency(Duration.ofMillis(number(env, "LLMQ_SIM_LATENCY_MS", 300)))
                .withLatencyJitter(Duration.ofMillis(number(env, "LLMQ_SIM_JITTER_MS", 400)));
        return new StackConfig((int) number(env, "LLMQ_HTTP_PORT", 8080),
                generated ? Ids.apiKey() : key.trim(), generated,
                dataDir == null || dataDir.isBlank() ? null : Path.of(dataDir),
                (int) number(env, "LLMQ_WORKERS", 2),
                (int) number(env, "LLMQ_WORKER_MAX_IN_FLIGHT", 256),
                Duration.ofSeconds(10), simulator, TopicLayout.defaults(), "llmq-workers", Map.of());
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
                "llmq-workers-" + suffix, Map.of());
    }

    public StackConfig withSimulator(SimulatorConfig newSimulator) {
        return new StackConfig(httpPort, apiKey, keyGenerated, dataDir, workers, maxInFlightPerWorker,
                workerSessionTimeout, newSimulator, topics, workerGroup, env);
    }

    /** The same stack with these settings on top of the process environment. */
    public StackConfig withEnv(Map<String, String> overrides) {
        var merged = new java.util.HashMap<>(env);
        merged.putAll(overrides);
        return new StackConfig(httpPort, apiKey, keyGenerated, dataDir, workers, maxInFlightPerWorker,
                workerSessionTimeout, simulator, topics, workerGroup, merged);
    }

    static long number(Map<String, String> env, String name, long fallback) {
        var value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }
}
