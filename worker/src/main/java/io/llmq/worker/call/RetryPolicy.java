package io.llmq.worker.call;

import io.llmq.schema.Settings;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (a uniform wait between zero and the capped exponential),
 * which spreads the retries of many jobs that failed together instead of synchronising them.
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap) {
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("LLMQ_MAX_ATTEMPTS must be at least 1, got " + maxAttempts);
        }
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("retry base must be >= 0 and <= cap, got base " + base + " cap " + cap);
        }
    }

    /** {@code LLMQ_MAX_ATTEMPTS}, {@code LLMQ_RETRY_BASE_MS}, {@code LLMQ_RETRY_CAP_MS}. */
    public static RetryPolicy fromEnv(java.util.Map<String, String> env) {
        return new RetryPolicy(Settings.intValue(env, "LLMQ_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS),
                Duration.ofMillis(Settings.longValue(env, "LLMQ_RETRY_BASE_MS", 500)),
                Duration.ofMillis(Settings.longValue(env, "LLMQ_RETRY_CAP_MS", 30_000)));
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_MAX_ATTEMPTS, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** The wait before attempt {@code attempt + 1}; a provider's Retry-After, when longer, wins. */
    Duration delayAfter(int attempt, Duration retryAfter, RandomGenerator random) {
        var exponential = base.toMillis() * (1L << Math.min(attempt - 1, 20));
        var ceiling = Math.min(cap.toMillis(), exponential);
        var jittered = Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
        return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }
}
