package io.llmq.submitter.admit;

import java.time.Duration;

/**
 * The default per-tenant limits on enqueued work, from {@code LLMQ_TENANT_MAX_PENDING_JOBS} and
 * {@code LLMQ_TENANT_MAX_PENDING_TOKENS}; a tenant row may override each. "Pending" is what the
 * tenant's unfinished batches still hold: jobs not yet terminal, and their estimated input tokens.
 *
 * @param retryAfter what a refused client is told to wait ({@code LLMQ_TENANT_RETRY_AFTER_SECONDS})
 */
public record Limits(long maxPendingJobs, long maxPendingTokens, Duration retryAfter) {
    public static final long DEFAULT_MAX_PENDING_JOBS = 1_000_000;
    public static final long DEFAULT_MAX_PENDING_TOKENS = 1_000_000_000;
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    public Limits {
        if (maxPendingJobs < 1) {
            throw new IllegalArgumentException("LLMQ_TENANT_MAX_PENDING_JOBS must be at least 1, got " + maxPendingJobs);
        }
        if (maxPendingTokens < 1) {
            throw new IllegalArgumentException("LLMQ_TENANT_MAX_PENDING_TOKENS must be at least 1, got " + maxPendingTokens);
        }
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("LLMQ_TENANT_RETRY_AFTER_SECONDS must be at least 1, got " + retryAfter.toSeconds());
        }
    }

    public static Limits defaults() {
        return new Limits(DEFAULT_MAX_PENDING_JOBS, DEFAULT_MAX_PENDING_TOKENS, DEFAULT_RETRY_AFTER);
    }
}
