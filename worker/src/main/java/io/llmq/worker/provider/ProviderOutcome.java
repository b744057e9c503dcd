package io.llmq.worker.provider;

import java.time.Duration;

/** What one provider call came to. Callers switch over it; none of these is an exception. */
public sealed interface ProviderOutcome {

    /** 2xx with a parsable body. {@code body} is the provider's JSON, passed through untouched. */
    record Success(int statusCode, String requestId, String body, String model, Usage usage) implements ProviderOutcome {
    }

    /**
     * Worth trying again: 408, 409, 429, 5xx, timeouts, resets, truncated bodies.
     *
     * @param statusCode -1 when no HTTP answer arrived
     * @param retryAfter the provider's {@code retry-after}, or null
     */
    record Retryable(int statusCode, String reason, Duration retryAfter) implements ProviderOutcome {
    }

    /** Will fail the same way every time: 400, 401/403, 404, context too long, content filtered. */
    record Permanent(int statusCode, String requestId, String body, String code, String message) implements ProviderOutcome {
    }
}
