package io.llmq.simulator.anthropic;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;

/** {@code {"type": "error", "error": {"type": "...", "message": "..."}}}, as Anthropic sends errors. */
record AnthropicError(int status, String type, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static AnthropicError invalid(String message) {
        return new AnthropicError(400, "invalid_request_error", message);
    }

    static AnthropicError authentication() {
        return new AnthropicError(401, "authentication_error", "invalid x-api-key");
    }

    static AnthropicError shuttingDown() {
        return new AnthropicError(529, "overloaded_error", "The simulator is shutting down; the request was not served.");
    }

    byte[] toJson() {
        var body = JSON.createObjectNode();
        body.put("type", "error");
        body.putObject("error").put("type", type).put("message", message);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
