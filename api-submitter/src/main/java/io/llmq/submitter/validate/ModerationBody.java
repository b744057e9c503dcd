package io.llmq.submitter.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The checks a {@code /v1/moderations} body must pass: {@code input} is a non-empty string, or a
 * non-empty array (at most {@link #MAX_INPUTS}) of non-empty strings or {@code {type: "text", text}}
 * objects. Images are not accepted: llmq counts the tokens of what it moderates for the ledger, and
 * the answer reports none for an image.
 */
final class ModerationBody {
    static final int MAX_INPUTS = 32;

    private ModerationBody() {
    }

    static LineError check(int lineNo, ObjectNode body) {
        var input = body.get("input");
        if (input != null && input.isTextual() && !input.asText().isEmpty()) {
            return null;
        }
        if (input == null || !input.isArray() || input.isEmpty()) {
            return error(lineNo, "body.input", "must be a non-empty string or a non-empty array of strings.");
        }
        if (input.size() > MAX_INPUTS) {
            return error(lineNo, "body.input", "has " + input.size() + " items; at most " + MAX_INPUTS + " are allowed.");
        }
        for (int i = 0; i < input.size(); i++) {
            if (text(input.get(i)).isEmpty()) {
                return error(lineNo, "body.input[" + i + "]", "must be a non-empty string or a {\"type\": \"text\", \"text\"} object"
                        + " (images are not accepted in moderation batches).");
            }
        }
        return null;
    }

    /** The item's text, empty for anything that is not text. */
    private static String text(JsonNode item) {
        if (item.isTextual()) {
            return item.asText();
        }
        return "text".equals(item.path("type").asText()) ? item.path("text").asText("") : "";
    }

    private static LineError error(int lineNo, String param, String problem) {
        return new LineError(lineNo, "invalid_input", param, "Line " + lineNo + ": " + param + " " + problem);
    }

    static long estimatedInputTokens(ObjectNode body) {
        var input = body.path("input");
        if (input.isTextual()) {
            return input.asText().length() / 4 + 1;
        }
        long tokens = 0;
        for (var item : input) {
            tokens += text(item).length() / 4 + 1;
        }
        return tokens;
    }
}
