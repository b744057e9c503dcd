package io.llmq.simulator.faults;

/**
 * The name each provider gives the error of an HTTP status, where the answer names no code of its
 * own: what injected faults and failed batch lines are called in Anthropic's and Gemini's shapes.
 */
public final class ErrorNames {

    private ErrorNames() {
    }

    /** Anthropic's {@code error.type}. */
    public static String anthropicType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    /** Gemini's {@code error.status} (a {@code google.rpc.Code} name). */
    public static String geminiStatus(int status) {
        return switch (status) {
            case 400 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 503, 529 -> "UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }
}
