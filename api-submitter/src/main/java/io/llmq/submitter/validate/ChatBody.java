package io.llmq.submitter.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.schema.output.ResponseFormat;

import java.util.List;
import java.util.Set;

/** The checks a {@code /v1/chat/completions} body must pass, and its estimated input tokens. */
final class ChatBody {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private ChatBody() {
    }

    static LineError check(int lineNo, ObjectNode body, ModelEntry model) {
        for (var field : List.of("max_tokens", "max_completion_tokens")) {
            var limitError = OutputLimit.check(lineNo, body, field, model);
            if (limitError != null) {
                return limitError;
            }
        }
        var messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            return new LineError(lineNo, "invalid_messages", "body.messages", "Line " + lineNo + ": body.messages must be a non-empty array.");
        }
        for (int i = 0; i < messages.size(); i++) {
            var message = messages.get(i);
            var role = message.path("role").isTextual() ? message.path("role").asText() : null;
            if (!message.isObject() || role == null || !ROLES.contains(role)) {
                return new LineError(lineNo, "invalid_messages", "body.messages[" + i + "].role", "Line " + lineNo + ": body.messages[" + i + "].role must be one of " + ROLES + ".");
            }
            var content = message.get("content");
            var contentOk = content != null && (content.isTextual() || content.isArray()
                    || (content.isNull() && "assistant".equals(role)));
            if (!contentOk) {
                return new LineError(lineNo, "invalid_messages", "body.messages[" + i + "].content", "Line " + lineNo + ": body.messages[" + i + "].content must be a string or an array of content parts.");
            }
            var mediaError = MediaParts.check(lineNo, i, content);
            if (mediaError != null) {
                return mediaError;
            }
        }
        var streamed = OutputLimit.notStreamed(lineNo, body);
        if (streamed != null) {
            return streamed;
        }
        // the worker checks answers against it: a schema it cannot use is refused here, not at every answer
        if (ResponseFormat.of(body) instanceof ResponseFormat.Invalid invalid) {
            return new LineError(lineNo, "invalid_response_format", invalid.field(), "Line " + lineNo + ": " + invalid.message());
        }
        return null;
    }

    /** About 4 characters per token, plus the few tokens each message's framing costs. */
    static long estimatedInputTokens(ObjectNode body) {
        long chars = 0;
        for (JsonNode message : body.path("messages")) {
            var content = message.path("content");
            if (content.isTextual()) {
                chars += content.asText().length();
            } else {
                for (JsonNode part : content) {
                    chars += part.path("text").asText("").length();
                }
            }
            chars += 16;
        }
        return chars / 4 + 3;
    }
}
