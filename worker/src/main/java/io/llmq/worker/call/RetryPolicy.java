package io.llmq.worker.call;

import io.llmq.schema.Settings;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderOutcome;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter (a uniform wait between zero and the capped exponential),
 * which spreads the retries of many jobs that failed together instead of synchronising them.
 *
 * @param maxAttempts    calls per model of a job's chain that may fail (a 429 aside)
 * @param maxRateLimited 429s per model of a job's chain: the provider's pace, waited out, with a budget of its own
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap, int maxRateLimited) {
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final int DEFAULT_MAX_RATE_LIMITED = 20;

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("LLMQ_MAX_ATTEMPTS must be at least 1, got " + maxAttempts);
        }
        if (maxRateLimited < 1) {
            throw new IllegalArgumentException("LLMQ_MAX_RATE_LIMITED_CALLS must be at least 1, got " + maxRateLimited);
        }
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("retry base must be >= 0 and <= cap, got base " + base + " cap " + cap);
        }
    }

    public RetryPolicy(int maxAttempts, Duration base, Duration cap) {
        this(maxAttempts, base, cap, DEFAULT_MAX_RATE_LIMITED);
    }

    /** {@code LLMQ_MAX_ATTEMPTS}, {@code LLMQ_RETRY_BASE_MS}, {@code LLMQ_RETRY_CAP_MS}, {@code LLMQ_MAX_RATE_LIMITED_CALLS}. */
    public static RetryPolicy fromEnv(java.util.Map<String, String> env) {
        return new RetryPolicy(Settings.intValue(env, "LLMQ_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS),
                Duration.ofMillis(Settings.longValue(env, "LLMQ_RETRY_BASE_MS", 500)),
                Duration.ofMillis(Settings.longValue(env, "LLMQ_RETRY_CAP_MS", 30_000)),
                Settings.intValue(env, "LLMQ_MAX_RATE_LIMITED_CALLS", DEFAULT_MAX_RATE_LIMITED));
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_MAX_ATTEMPTS, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** Without a Retry-After, a provider's push-back (429) is waited out this long, as the limiter pauses the deployment. */
    static final Duration DEFAULT_PUSHBACK = Duration.ofSeconds(1);

    /**
     * The wait after a push-back (429): what the provider asked, plus a little jitter so the jobs
     * it refused together do not return together; never an exponential back-off. A 429 says the
     * deployment is busy, not that the job is bad: a job that waited 30 s after a burst of 429s
     * held its in-flight slot idle, and enough of them stopped a whole deployment for that long.
     */
    Duration delayAfterPushback(Duration retryAfter, RandomGenerator random) {
        var wait = retryAfter == null || retryAfter.isNegative() ? DEFAULT_PUSHBACK : retryAfter;
        return wait.plusMillis(random.nextLong(wait.toMillis() / 10 + 50 + 1));
    }

    /** The wait before attempt {@code attempt + 1} after {@code failure}: the push-back wait after a 429, else the back-off. */
    Duration delayAfterFailure(int attempt, ProviderOutcome.Retryable failure, RandomGenerator random) {
        return failure.failure() == Failure.RATE_LIMITED || failure.statusCode() == 429
                ? delayAfterPushback(failure.retryAfter(), random)
                : delayAfter(attempt, failure.retryAfter(), random);
    }

    /** The wait before attempt {@code attempt + 1}; a provider's Retry-After, when longer, wins. */
    Duration delayAfter(int attempt, Duration retryAfter, RandomGenerator random) {
        var exponential = base.toMillis() * (1L << Math.min(attempt - 1, 20));
        var ceiling = Math.min(cap.toMillis(), exponential);
        var jittered = Duration.ofMillis(ceiling == 0 ? 0 : random.nextLong(ceiling + 1));
        return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
    }
}
