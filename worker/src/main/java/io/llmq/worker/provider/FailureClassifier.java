package io.llmq.worker.provider;

import org.apache.hc.client5.http.ConnectTimeoutException;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;

/**
 * The one place that decides what kind of failure a provider call met, and so whether it is worth
 * another attempt. Decided by HTTP status, by the provider's structured error code, and by the
 * exception's type; never by reading an error message.
 */
public final class FailureClassifier {
    /** OpenAI's and Azure's codes (Azure answers a 400 for filtered content). */
    private static final Set<String> CONTEXT_CODES = Set.of("context_length_exceeded", "string_above_max_length");
    private static final Set<String> FILTER_CODES = Set.of("content_filter", "content_policy_violation", "content_filtered");
    private static final Set<String> QUOTA_CODES = Set.of("insufficient_quota", "billing_hard_limit_reached");

    private FailureClassifier() {
    }

    /** Kept for callers that only have a status: true if a call answered with it may be retried. */
    public static boolean isRetryable(int statusCode) {
        return ofStatus(statusCode, ErrorFields.NONE).retryable();
    }

    public static Failure ofStatus(int status, ErrorFields error) {
        var name = error.name();
        if (name != null && CONTEXT_CODES.contains(name)) {
            return Failure.CONTEXT_LENGTH;
        }
        if (name != null && FILTER_CODES.contains(name)) {
            return Failure.CONTENT_FILTERED;
        }
        return switch (status) {
            case 408 -> Failure.TIMEOUT;
            case 409, 425 -> Failure.CONFLICT;
            case 429 -> name != null && QUOTA_CODES.contains(name) ? Failure.QUOTA_EXHAUSTED : Failure.RATE_LIMITED;
            case 401, 403 -> Failure.AUTHENTICATION;
            case 404 -> Failure.NOT_FOUND;
            case 503, 529 -> Failure.OVERLOADED;
            default -> status >= 500 ? Failure.SERVER_ERROR : Failure.INVALID_REQUEST;
        };
    }

    /** A call that got no whole HTTP answer (exceptions of {@link ProviderHttp}). */
    public static Failure ofException(IOException e) {
        // a read that waited too long is a timeout; a connect that did is a connection failure
        return e instanceof SocketTimeoutException && !(e instanceof ConnectTimeoutException) ? Failure.TIMEOUT
                : Failure.CONNECTION;
    }

    /** The outcome of a non-2xx answer. */
    public static ProviderOutcome failed(int status, String requestId, String body, ErrorFields error, Duration retryAfter) {
        var failure = ofStatus(status, error);
        if (failure.retryable()) {
            return new ProviderOutcome.Retryable(failure, status, "HTTP " + status
                    + (error.name() == null ? "" : " " + error.name()), retryAfter);
        }
        return new ProviderOutcome.Permanent(failure, status, requestId, body,
                error.name() == null ? failure.code() : error.name(),
                error.message() == null ? "HTTP " + status : error.message());
    }

    /** A 2xx whose body could not be read as the format promises: the next attempt may get a whole one. */
    public static ProviderOutcome badBody(int status, String why) {
        return new ProviderOutcome.Retryable(Failure.BAD_RESPONSE, status, why, null);
    }
}
