package io.llmq.simulator.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Which provider's shape a request path belongs to, and that provider's error body for a status. */
enum WireFormat {
    OPENAI, ANTHROPIC, GEMINI;

    private static final ObjectMapper JSON = new ObjectMapper();

    static WireFormat of(String path) {
        if (path.startsWith("/v1beta/")) {
            return GEMINI;
        }
        return path.startsWith("/v1/messages") ? ANTHROPIC : OPENAI;
    }

    byte[] errorBody(int status, String code) {
        var message = "Injected fault: HTTP " + status + " from the llmq provider simulator.";
        var body = JSON.createObjectNode();
        switch (this) {
            case OPENAI -> {
                var error = body.putObject("error");
                error.put("message", message);
                error.put("type", status >= 500 ? "server_error" : status == 429 ? "requests" : "invalid_request_error");
                error.putNull("param");
                putOrNull(error, "code", code != null ? code : switch (status) {
                    case 401 -> "invalid_api_key";
                    case 404 -> "model_not_found";
                    case 429 -> "rate_limit_exceeded";
                    default -> null;
                });
            }
            case ANTHROPIC -> {
                body.put("type", "error");
                var error = body.putObject("error");
                error.put("type", code != null ? code : ErrorNames.anthropicType(status));
                error.put("message", message);
            }
            case GEMINI -> {
                var error = body.putObject("error");
                error.put("code", status);
                error.put("message", message);
                error.put("status", code != null ? code : ErrorNames.geminiStatus(status));
            }
        }
        return body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The first half of a plausible 200 body: parses as nothing. */
    byte[] truncatedBody() {
        var whole = switch (this) {
            case OPENAI -> "{\"id\":\"chatcmpl-truncated\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Lorem ipsum\"}}],\"usage\":{\"prompt_tokens\":9}}";
            case ANTHROPIC -> "{\"id\":\"msg_truncated\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":"
                    + "\"text\",\"text\":\"Lorem ipsum\"}],\"usage\":{\"input_tokens\":9,\"output_tokens\":2}}";
            case GEMINI -> "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Lorem ipsum\"}]}}],"
                    + "\"usageMetadata\":{\"promptTokenCount\":9}}";
        };
        return whole.substring(0, whole.length() / 2).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void putOrNull(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
