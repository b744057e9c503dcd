package io.llmq.worker.provider;

import java.time.Duration;

/** What one provider call came to. Callers switch over it; none of these is an exception. */
public sealed interface ProviderOutcome {

    /**
     * 2xx with a parsable body.
     *
     * @param body  an OpenAI-format response body (chat.completion, or the embeddings list); adapters
     *              of other providers translate into it, so stored results have one shape
     * @param model the model the provider says answered
     */
    record Success(int statusCode, String requestId, String body, String model, Usage usage, Duration pauseHint)
            implements ProviderOutcome {

        /**
         * @param pauseHint how long the provider's rate-limit headers say the deployment is out of
         *                  capacity (remaining 0 until the reset), or null
         */
        public Success {
        }

        public Success(int statusCode, String requestId, String body, String model, Usage usage) {
            this(statusCode, requestId, body, model, usage, null);
        }
    }

    /**
     * Worth trying again: 408, 409, 429, 5xx, 529, timeouts, resets, truncated bodies.
     *
     * @param statusCode -1 when no HTTP answer arrived
     * @param retryAfter the provider's {@code retry-after}, or null
     */
    record Retryable(Failure failure, int statusCode, String reason, Duration retryAfter) implements ProviderOutcome {
        public Retryable {
            if (!failure.retryable()) {
                throw new IllegalArgumentException(failure + " is not retryable");
            }
        }
    }

    /**
     * Will fail the same way every time: 400, 401/403, 404, context too long, content filtered.
     *
     * @param body the provider's error body as received (may be HTML or empty)
     * @param code the provider's own error code or type, for the job's recorded error
     */
    record Permanent(Failure failure, int statusCode, String requestId, String body, String code, String message)
            implements ProviderOutcome {
        public Permanent {
            if (failure.retryable()) {
                throw new IllegalArgumentException(failure + " is retryable");
            }
        }
    }
}
