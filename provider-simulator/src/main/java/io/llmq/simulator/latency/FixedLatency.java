package io.llmq.simulator.latency;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A fixed base plus jitter drawn uniformly from {@code [0, jitter]}, whatever the output length, so
 * the base is a guaranteed lower bound that tests can assert.
 *
 * @param base   {@code LLMQ_SIM_LATENCY_MS}
 * @param jitter {@code LLMQ_SIM_JITTER_MS}
 */
public record FixedLatency(Duration base, Duration jitter) implements LatencyModel {

    public FixedLatency {
        check("latency", base);
        check("latencyJitter", jitter);
    }

    public static FixedLatency of(Duration base) {
        return new FixedLatency(base, Duration.ZERO);
    }

    @Override
    public Duration delay(int outputTokens, RandomGenerator random) {
        if (jitter.isZero()) {
            return base;
        }
        return base.plusNanos(random.nextLong(jitter.toNanos() + 1));
    }

    private static void check(String setting, Duration value) {
        // base + jitter may reach 2 h; both are far from overflowing a long of nanoseconds
        if (value == null || value.isNegative() || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(setting + " must be between 0 and " + MAX + ", got " + value);
        }
    }
}
