package io.llmq.simulator;

import io.llmq.simulator.batch.BatchSettings;
import io.llmq.simulator.latency.FixedLatency;
import io.llmq.simulator.latency.LatencyEnv;
import io.llmq.simulator.latency.LatencyModel;

import java.time.Duration;
import java.util.Map;

/**
 * How a {@link ProviderSimulator} behaves.
 *
 * @param port    TCP port to listen on; 0 picks a free ephemeral port
 * @param latency how long each successful completion takes: {@link FixedLatency} (a lower bound plus
 *                uniform jitter, the default) or {@link io.llmq.simulator.latency.RealisticLatency}
 * @param apiKey  the key clients must send as {@code Authorization: Bearer <key>};
 *                null accepts any key or none
 * @param batches how the providers' batch APIs behave: processing delay, failure rate, expiry
 */
public record SimulatorConfig(int port, LatencyModel latency, String apiKey, BatchSettings batches) {

    public static final int DEFAULT_ENV_PORT = 8090;
    public static final Duration DEFAULT_LATENCY = Duration.ofMillis(200);
    public static final Duration DEFAULT_LATENCY_JITTER = Duration.ZERO;
    public static final Duration MAX_LATENCY = LatencyModel.MAX;

    public SimulatorConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        if (latency == null) {
            throw new IllegalArgumentException("latency must be a latency model, got null");
        }
        if (apiKey != null && apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must be null (accept any key) or non-blank, got '" + apiKey + "'");
        }
        batches = batches == null ? BatchSettings.defaults() : batches;
    }

    /** The batch APIs as {@link BatchSettings#defaults()}. */
    public SimulatorConfig(int port, LatencyModel latency, String apiKey) {
        this(port, latency, apiKey, null);
    }

    /** A fixed latency of {@code latency} plus uniform jitter up to {@code latencyJitter}. */
    public SimulatorConfig(int port, Duration latency, Duration latencyJitter, String apiKey) {
        this(port, new FixedLatency(latency, latencyJitter), apiKey);
    }

    /** Ephemeral port, 200 ms latency, no jitter, any key accepted: what tests usually want. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(0, DEFAULT_LATENCY, DEFAULT_LATENCY_JITTER, null);
    }

    /**
     * Reads {@code LLMQ_SIM_PORT} (default 8090), the latency model ({@link LatencyEnv}: by default
     * fixed, {@code LLMQ_SIM_LATENCY_MS} 200 and {@code LLMQ_SIM_JITTER_MS} 0) and
     * {@code LLMQ_SIM_API_KEY} (unset or blank: any key) and the batch APIs' settings ({@link BatchSettings#fromEnv}).
     */
    public static SimulatorConfig fromEnv(Map<String, String> env) {
        var apiKey = env.get("LLMQ_SIM_API_KEY");
        return new SimulatorConfig(port(env),
                LatencyEnv.read(env, new FixedLatency(DEFAULT_LATENCY, DEFAULT_LATENCY_JITTER)),
                apiKey == null || apiKey.isBlank() ? null : apiKey, BatchSettings.fromEnv(env));
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(newPort, latency, apiKey, batches);
    }

    /** A fixed latency of {@code newLatency}, keeping the jitter if the latency was fixed already. */
    public SimulatorConfig withLatency(Duration newLatency) {
        return new SimulatorConfig(port, new FixedLatency(newLatency, fixedJitter()), apiKey, batches);
    }

    /** A fixed latency with {@code newJitter}, keeping the base if the latency was fixed already. */
    public SimulatorConfig withLatencyJitter(Duration newJitter) {
        var base = latency instanceof FixedLatency fixed ? fixed.base() : DEFAULT_LATENCY;
        return new SimulatorConfig(port, new FixedLatency(base, newJitter), apiKey, batches);
    }

    public SimulatorConfig withLatencyModel(LatencyModel model) {
        return new SimulatorConfig(port, model, apiKey, batches);
    }

    public SimulatorConfig withApiKey(String newApiKey) {
        return new SimulatorConfig(port, latency, newApiKey, batches);
    }

    public SimulatorConfig withBatches(BatchSettings newBatches) {
        return new SimulatorConfig(port, latency, apiKey, newBatches);
    }

    private Duration fixedJitter() {
        return latency instanceof FixedLatency fixed ? fixed.jitter() : Duration.ZERO;
    }

    private static int port(Map<String, String> env) {
        var raw = env.get("LLMQ_SIM_PORT");
        if (raw == null || raw.isBlank()) {
            return DEFAULT_ENV_PORT;
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LLMQ_SIM_PORT must be a whole number, got '" + raw + "'", e);
        }
    }
}
