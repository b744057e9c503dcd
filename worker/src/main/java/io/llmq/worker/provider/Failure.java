package io.llmq.worker.provider;

/**
 * What kind of failure a provider call met, decided from the HTTP status, the provider's structured
 * error code and the Java exception type; never from an error message's wording.
 */
public enum Failure {
    /** 429: the deployment's limits pushed back. Retried; does not count against the deployment's health. */
    RATE_LIMITED(true, false),
    /** 529 (Anthropic) or 503: the provider is overloaded right now. */
    OVERLOADED(true, true),
    /** Any other 5xx. */
    SERVER_ERROR(true, true),
    /** 408 or the client's own request timeout: no answer in time. */
    TIMEOUT(true, true),
    /** 409 / 425: a transient conflict on the provider's side. */
    CONFLICT(true, false),
    /** Could not connect, or the connection was reset or closed before a whole answer arrived. */
    CONNECTION(true, true),
    /** A 2xx whose body is truncated or not the JSON the format promises. */
    BAD_RESPONSE(true, true),
    /** A request of a provider batch that had not run when its batch expired (the provider's window passed). */
    BATCH_EXPIRED(true, false),
    /** A request of a provider batch that had not run when its batch was cancelled. */
    BATCH_CANCELLED(true, false),
    /** 400 / 413 / 422: the request itself is wrong. */
    INVALID_REQUEST(false, false),
    /** 401 / 403: the key is missing, wrong or lacks permission. */
    AUTHENTICATION(false, false),
    /** 404: the model (or endpoint) does not exist at this deployment. */
    NOT_FOUND(false, false),
    /** The prompt and max_tokens do not fit the model's context window. */
    CONTEXT_LENGTH(false, false),
    /** The provider refused the content. */
    CONTENT_FILTERED(false, false),
    /** 429 with {@code insufficient_quota}: billing, not load; waiting does not help. */
    QUOTA_EXHAUSTED(false, false),
    /** The request uses something this provider's adapter cannot express (e.g. embeddings on Anthropic). */
    UNSUPPORTED(false, false),
    /** The answer was longer than {@code LLMQ_PROVIDER_MAX_RESPONSE_BYTES}: read no further, and not asked again. */
    RESPONSE_TOO_LARGE(false, false);

    private final boolean retryable;
    private final boolean unhealthy;

    Failure(boolean retryable, boolean unhealthy) {
        this.retryable = retryable;
        this.unhealthy = unhealthy;
    }

    /** Another attempt may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** Says the deployment itself is unwell: counted as a failure by its circuit breaker. */
    public boolean unhealthy() {
        return unhealthy;
    }

    /** The stable code recorded in a failed job's error. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
