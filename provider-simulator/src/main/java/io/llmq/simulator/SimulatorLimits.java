package io.llmq.simulator;

import java.time.Duration;
import java.util.Map;

/**
 * The limits the simulator enforces like a real provider, for the whole deployment: requests per
 * minute, tokens per minute (prompt + completion) and concurrent calls; 0 means unlimited. Limits
 * are token buckets that refill continuously at limit/60 per second and hold at most
 * {@code burst} worth of refill, the way providers quantise a per-minute limit into short periods.
 */
public record SimulatorLimits(int rpm, long tpm, int maxConcurrent, Duration burst) {

    public SimulatorLimits {
        if (rpm < 0 || tpm < 0 || maxConcurrent < 0) {
            throw new IllegalArgumentException("simulator limits must be >= 0 (0 = unlimited), got rpm " + rpm
                    + ", tpm " + tpm + ", max concurrent " + maxConcurrent);
        }
        if (burst == null || burst.isNegative() || burst.isZero()) {
            throw new IllegalArgumentException("LLMQ_SIM_BURST_MS must be positive, got " + burst);
        }
    }

    public static SimulatorLimits none() {
        return new SimulatorLimits(0, 0, 0, Duration.ofSeconds(1));
    }

    public static SimulatorLimits of(int rpm, long tpm) {
        return new SimulatorLimits(rpm, tpm, 0, Duration.ofSeconds(1));
    }

    public SimulatorLimits withMaxConcurrent(int calls) {
        return new SimulatorLimits(rpm, tpm, calls, burst);
    }

    public boolean unlimited() {
        return rpm == 0 && tpm == 0 && maxConcurrent == 0;
    }

    public static SimulatorLimits fromEnv(Map<String, String> env) {
        return new SimulatorLimits((int) number(env, "LLMQ_SIM_RPM"), number(env, "LLMQ_SIM_TPM"),
                (int) number(env, "LLMQ_SIM_MAX_CONCURRENT"),
                Duration.ofMillis(env.containsKey("LLMQ_SIM_BURST_MS") ? number(env, "LLMQ_SIM_BURST_MS") : 1000));
    }

    private static long number(Map<String, String> env, String name) {
        var value = env.get(name);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
        }
    }
}
