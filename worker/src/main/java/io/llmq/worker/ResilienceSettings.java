package io.llmq.worker;

import java.time.Duration;
import java.util.Map;

/**
 * How a worker waits for unwell providers (names in the README).
 *
 * @param parkAfter      a back-off longer than this parks the job in PostgreSQL instead of holding its record
 * @param reEnqueueEvery how often the re-enqueuer looks for parked jobs that are due
 * @param healthEvery    how often this worker publishes its breaker states to {@code provider_health}
 */
public record ResilienceSettings(Duration parkAfter, Duration reEnqueueEvery, Duration healthEvery) {

    public ResilienceSettings {
        if (parkAfter.isNegative()) {
            throw new IllegalArgumentException("LLMQ_PARK_AFTER_MS must not be negative, got " + parkAfter.toMillis());
        }
        if (reEnqueueEvery.toMillis() < 10) {
            throw new IllegalArgumentException("LLMQ_REENQUEUE_EVERY_MS must be at least 10, got " + reEnqueueEvery.toMillis());
        }
        if (healthEvery.toMillis() < 100) {
            throw new IllegalArgumentException("LLMQ_HEALTH_EVERY_MS must be at least 100, got " + healthEvery.toMillis());
        }
    }

    public static ResilienceSettings defaults() {
        return new ResilienceSettings(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    public static ResilienceSettings fromEnv(Map<String, String> env) {
        var d = defaults();
        return new ResilienceSettings(millis(env, "LLMQ_PARK_AFTER_MS", d.parkAfter()),
                millis(env, "LLMQ_REENQUEUE_EVERY_MS", d.reEnqueueEvery()),
                millis(env, "LLMQ_HEALTH_EVERY_MS", d.healthEvery()));
    }

    private static Duration millis(Map<String, String> env, String name, Duration fallback) {
        var value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number of milliseconds, got '" + value + "'", e);
        }
    }
}
