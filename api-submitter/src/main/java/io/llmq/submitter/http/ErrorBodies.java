package io.llmq.submitter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

import java.util.List;
import java.util.Map;

/**
 * One refusal, three shapes. Every shape carries the request id that is also in the
 * {@code x-request-id} header.
 *
 * <ul>
 *   <li>OpenAI: {@code {"error": {message, type, param, code}}}, which the OpenAI SDKs parse into
 *       their exception types; {@code code} is llmq's stable code, and input files add
 *       {@code errors.data[] {code, line, message, param}} listing every bad line.</li>
 *   <li>Anthropic: {@code {"type": "error", "error": {type, message}, "request_id"}}.</li>
 *   <li>llmq: {@code {"error": {code, message, details, request_id}}}.</li>
 * </ul>
 */
final class ErrorBodies {

    private ErrorBodies() {
    }

    static ObjectNode of(Dialect dialect, ApiError e, String requestId) {
        return switch (dialect) {
            case OPENAI -> openAi(e, requestId);
            case ANTHROPIC -> anthropic(e, requestId);
            case NATIVE -> llmq(e, requestId);
        };
    }

    static ObjectNode openAi(ApiError e, String requestId) {
        var root = Json.object();
        var error = root.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", openAiType(e.status()));
        error.put("param", e.param());
        error.put("code", e.code());
        error.put("request_id", requestId);
        if (!e.details().isEmpty()) {
            var errors = error.putObject("errors");
            errors.put("object", "list");
            errors.set("data", Json.MAPPER.valueToTree(e.details()));
        }
        return root;
    }

    static ObjectNode anthropic(ApiError e, String requestId) {
        var root = Json.object();
        root.put("type", "error");
        var error = root.putObject("error");
        error.put("type", anthropicType(e.status()));
        error.put("message", e.getMessage());
        root.put("request_id", requestId);
        return root;
    }

    static ObjectNode llmq(ApiError e, String requestId) {
        var root = Json.object();
        var error = root.putObject("error");
        error.put("code", e.code());
        error.put("message", e.getMessage());
        List<Map<String, Object>> details = !e.details().isEmpty() ? e.details()
                : e.param() == null ? List.of() : List.of(Map.of("param", e.param()));
        error.set("details", Json.MAPPER.valueToTree(details));
        error.put("request_id", requestId);
        return root;
    }

    /** OpenAI's error {@code type} for a status; the OpenAI SDKs pick their exception by status. */
    static String openAiType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 500, 503 -> "server_error";
            default -> "invalid_request_error";
        };
    }

    /** Anthropic's error types, as its API reference lists them. */
    static String anthropicType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }
}
