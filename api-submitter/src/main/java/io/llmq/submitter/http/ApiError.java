package io.llmq.submitter.http;

import java.util.List;
import java.util.Map;

/**
 * An expected refusal: bad input, missing auth, unknown id. It carries the HTTP status, a stable
 * llmq code, a message that says what to fix and, where it applies, the offending parameter and a
 * list of details (for example every bad line of an input file).
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String param;
    private final List<Map<String, Object>> details;

    private ApiError(int status, String code, String message, String param, List<Map<String, Object>> details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.param = param;
        this.details = details == null ? List.of() : List.copyOf(details);
    }

    public static ApiError invalid(String param, String message) {
        return new ApiError(400, "INVALID_REQUEST", message, param, null);
    }

    public static ApiError invalid(String param, String message, List<Map<String, Object>> details) {
        return new ApiError(400, "INVALID_REQUEST", message, param, details);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "UNAUTHORIZED", message, null, null);
    }

    public static ApiError notFound(String what, String id) {
        return new ApiError(404, "NOT_FOUND", "No " + what + " found with id '" + id + "'.", null, null);
    }

    public static ApiError modelNotFound(String model) {
        return new ApiError(404, "MODEL_NOT_FOUND", "The model '" + model + "' does not exist in this llmq's catalogue.", "model", null);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "CONFLICT", message, null, null);
    }

    public static ApiError tooLarge(String param, String message) {
        return new ApiError(413, "PAYLOAD_TOO_LARGE", message, param, null);
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "INTERNAL_ERROR", message, null, null);
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, "SERVICE_UNAVAILABLE", message, null, null);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public List<Map<String, Object>> details() {
        return details;
    }

    /** OpenAI's error {@code type} for this status, which the OpenAI SDKs map to their exception classes. */
    public String openAiType() {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 500, 503 -> "server_error";
            default -> "invalid_request_error";
        };
    }
}
