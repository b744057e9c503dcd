package io.llmq.submitter.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An expected refusal: bad input, missing auth, unknown id, a full queue. It carries the HTTP
 * status, a stable llmq code, a message that says what to fix and, where it applies, the
 * offending parameter, a list of details (for example every bad line of an input file) and how
 * long to wait before retrying. {@link ErrorBodies} renders it in the dialect of the endpoint.
 */
public final class ApiError extends RuntimeException {
    private final int status;
    private final String code;
    private final String param;
    private final List<Map<String, Object>> details;
    private final Duration retryAfter;

    private ApiError(int status, String code, String message, String param, List<Map<String, Object>> details, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.param = param;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.retryAfter = retryAfter;
    }

    public static ApiError invalid(String param, String message) {
        return new ApiError(400, "INVALID_REQUEST", message, param, null, null);
    }

    public static ApiError invalid(String param, String message, List<Map<String, Object>> details) {
        return new ApiError(400, "INVALID_REQUEST", message, param, details, null);
    }

    /** The batch asks for a route (metadata {@code llmq_route}) its models or endpoint cannot take. */
    public static ApiError routeUnavailable(String param, String message) {
        return new ApiError(400, "ROUTE_UNAVAILABLE", message, param, null, null);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, "UNAUTHORIZED", message, null, null, null);
    }

    /** The same answer whether the id does not exist or belongs to another tenant: existence never leaks. */
    public static ApiError notFound(String what, String id) {
        return new ApiError(404, "NOT_FOUND", "No " + what + " found with id '" + id + "'.", null, null, null);
    }

    public static ApiError routeNotFound(String method, String path) {
        return new ApiError(404, "NOT_FOUND", "There is no endpoint " + method + " " + path + ".", null, null, null);
    }

    public static ApiError modelNotFound(String model) {
        return new ApiError(404, "MODEL_NOT_FOUND", "The model '" + model + "' does not exist in this llmq's catalogue.", "model", null, null);
    }

    public static ApiError conflict(String message) {
        return new ApiError(409, "CONFLICT", message, null, null, null);
    }

    /** The resource is in a state that rules the request out; {@code code} says which state, stably. */
    public static ApiError conflict(String code, String message) {
        return new ApiError(409, code, message, null, null, null);
    }

    /** As {@link #conflict(String, String)}, naming the parameter whose change the state rules out. */
    public static ApiError conflict(String code, String param, String message) {
        return new ApiError(409, code, message, param, null, null);
    }

    public static ApiError tooLarge(String param, String message) {
        return new ApiError(413, "PAYLOAD_TOO_LARGE", message, param, null, null);
    }

    public static ApiError rateLimited(String message, Duration retryAfter) {
        return new ApiError(429, "RATE_LIMIT_EXCEEDED", message, null, null, retryAfter);
    }

    public static ApiError internal(String message) {
        return new ApiError(500, "INTERNAL_ERROR", message, null, null, null);
    }

    /** A model exists but cannot be served right now. */
    public static ApiError modelUnavailable(String model, String message) {
        return new ApiError(503, "MODEL_UNAVAILABLE", message, "model", null, null);
    }

    /** llmq itself cannot take the request right now (the job queue is unreachable); safe to retry. */
    public static ApiError unavailable(String message) {
        return new ApiError(503, "SERVICE_UNAVAILABLE", message, null, null, Duration.ofSeconds(5));
    }

    /** A refusal made below the routes, where only the HTTP status is known. */
    static ApiError ofStatus(int status, String message) {
        var code = switch (status) {
            case 401 -> "UNAUTHORIZED";
            case 404 -> "NOT_FOUND";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 429 -> "RATE_LIMIT_EXCEEDED";
            default -> status >= 500 ? "INTERNAL_ERROR" : "INVALID_REQUEST";
        };
        return new ApiError(status, code, message, null, null, null);
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

    /** How long the client should wait before retrying, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
