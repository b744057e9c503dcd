package io.llmq.submitter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;

/**
 * The error body in OpenAI's shape ({@code {"error": {message, type, param, code}}}), which the
 * official SDKs parse into their exception types. llmq adds {@code request_id} and, for input
 * files, {@code errors.data[] {code, line, message, param}} listing every bad line.
 */
final class ErrorBodies {

    private ErrorBodies() {
    }

    static ObjectNode openAi(ApiError e, String requestId) {
        var root = Json.object();
        var error = root.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.openAiType());
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
}
