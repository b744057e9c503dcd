package io.llmq.worker.provider;

/**
 * The one place that decides whether a provider's HTTP status is worth another attempt. Decided by
 * status class, never by parsing messages.
 */
public final class FailureClassifier {

    private FailureClassifier() {
    }

    public static boolean isRetryable(int statusCode) {
        return switch (statusCode) {
            case 408, 409, 425, 429 -> true;
            default -> statusCode >= 500;
        };
    }
}
