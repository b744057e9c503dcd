package io.llmq.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * How a {@link ProviderSimulator} behaves.
 *
 * @param port          TCP port to listen on; 0 picks a free ephemeral port
 * @param latency       the least time every successful completion takes
 * @param latencyJitter extra time drawn uniformly from {@code [0, latencyJitter]} per call, so
 *                      {@code latency} stays a lower bound
 * @param apiKey        the key clients must send as {@code Authorization: Bearer <key>};
 *                      null accepts any key or none
 */
public record SimulatorConfig(int port, Duration latency, Duration latencyJitter, String apiKey) {

    public static final int DEFAULT_ENV_PORT = 8090;
    public static final Duration DEFAULT_LATENCY = Duration.ofMillis(200);
    public static final Duration DEFAULT_LATENCY_JITTER = Duration.ZERO;
    /** Long enough to outlast any client timeout under test, short enough to stay far from overflow. */
    public static final Duration MAX_LATENCY = Duration.ofHours(1);

    public SimulatorConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
        checkDuration("latency", latency);
        checkDuration("latencyJitter", latencyJitter);
        if (apiKey != null && apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must be null (accept any key) or non-blank, got '" + apiKey + "'");
        }
    }

    /** Ephemeral port, 200 ms latency, no jitter, any key accepted: what tests usually want. */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(0, DEFAULT_LATENCY, DEFAULT_LATENCY_JITTER, null);
    }

    /**
     * Reads {@code LLMQ_SIM_PORT} (default 8090), {@code LLMQ_SIM_LATENCY_MS} (default 200),
     * {@code LLMQ_SIM_JITTER_MS} (default 0) and {@code LLMQ_SIM_API_KEY} (unset or blank: any key).
     */
    public static SimulatorConfig fromEnv(Map<String, String> env) {
        var apiKey = env.get("LLMQ_SIM_API_KEY");
        return new SimulatorConfig(
                (int) number(env, "LLMQ_SIM_PORT", DEFAULT_ENV_PORT),
                Duration.ofMillis(number(env, "LLMQ_SIM_LATENCY_MS", DEFAULT_LATENCY.toMillis())),
                Duration.ofMillis(number(env, "LLMQ_SIM_JITTER_MS", DEFAULT_LATENCY_JITTER.toMillis())),
                apiKey == null || apiKey.isBlank() ? null : apiKey);
    }

    public SimulatorConfig withPort(int newPort) {
        return new SimulatorConfig(newPort, latency, latencyJitter, apiKey);
    }

    public SimulatorConfig withLatency(Duration newLatency) {
        return new SimulatorConfig(port, newLatency, latencyJitter, apiKey);
    }

    public SimulatorConfig withLatencyJitter(Duration newJitter) {
        return new SimulatorConfig(port, latency, newJitter, apiKey);
    }

    public SimulatorConfig withApiKey(String newApiKey) {
        return new SimulatorConfig(port, latency, latencyJitter, newApiKey);
    }

    private static void checkDuration(String setting, Duration value) {
        if (value == null || value.isNegative() || value.compareTo(MAX_LATENCY) > 0) {
            throw new IllegalArgumentException(setting + " must be between 0 and " + MAX_LATENCY + ", got " + value);
        }
    }

    private static long number(Map<String, String> env, String name, long fallback) {
        var raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + raw + "'", e);
        }
    }
}
