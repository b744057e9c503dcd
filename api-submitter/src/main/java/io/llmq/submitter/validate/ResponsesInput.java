package io.llmq.submitter.validate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Set;

/**
 * The {@code input} of a {@code /v1/responses} body: a non-empty string, or a non-empty array of
 * input items. Items are messages ({@code {role, content}}, with or without {@code type: "message"}),
 * {@code function_call}s and {@code function_call_output}s: what a whole conversation sent in one
 * request holds. Items that point at state kept at the provider ({@code item_reference}, earlier
 * reasoning or tool-run items) are refused, since a batch line must stand alone and every
 * deployment must be able to answer it.
 */
final class ResponsesInput {
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");
    private static final Set<String> TEXT_PARTS = Set.of("input_text", "output_text");

    private ResponsesInput() {
    }

    /** @return null when fine, else the error, naming the field */
    static LineError check(int lineNo, JsonNode input) {
        if (input == null || input.isNull()) {
            return error(lineNo, "body.input", "is required: a string or an array of input items.");
        }
        if (input.isTextual()) {
            return input.asText().isEmpty() ? error(lineNo, "body.input", "must not be an empty string.") : null;
        }
        if (!input.isArray() || input.isEmpty()) {
            return error(lineNo, "body.input", "must be a non-empty string or a non-empty array of input items.");
        }
        for (int i = 0; i < input.size(); i++) {
            var itemError = item(lineNo, "body.input[" + i + "]", input.get(i));
            if (itemError != null) {
                return itemError;
            }
        }
        return null;
    }

    private static LineError item(int lineNo, String param, JsonNode item) {
        if (!item.isObject()) {
            return error(lineNo, param, "must be an object (a message or a function call item).");
        }
        var type = item.path("type").asText(item.has("role") ? "message" : "");
        return switch (type) {
            case "message" -> message(lineNo, param, item);
            case "function_call" -> requireText(lineNo, param, item, "call_id", "name", "arguments");
            case "function_call_output" -> requireText(lineNo, param, item, "call_id", "output");
            default -> error(lineNo, param + ".type", "'" + BatchValidator.shorten(type) + "' is not accepted in a batch: use message,"
                    + " function_call or function_call_output items (a line must stand alone, with no state kept at the provider).");
        };
    }

    private static LineError message(int lineNo, String param, JsonNode item) {
        var role = item.path("role");
        if (!role.isTextual() || !ROLES.contains(role.asText())) {
            return error(lineNo, param + ".role", "must be one of " + ROLES + ".");
        }
        var content = item.get("content");
        if (content != null && content.isTextual()) {
            return null;
        }
        if (content == null || !content.isArray() || content.isEmpty()) {
            return error(lineNo, param + ".content", "must be a string or a non-empty array of content parts.");
        }
        for (int j = 0; j < content.size(); j++) {
            var partError = part(lineNo, param + ".content[" + j + "]", content.get(j));
            if (partError != null) {
                return partError;
            }
        }
        return null;
    }

    private static LineError part(int lineNo, String param, JsonNode part) {
        var type = part.path("type").asText("");
        if (TEXT_PARTS.contains(type) || type.equals("refusal")) {
            var field = type.equals("refusal") ? "refusal" : "text";
            return part.path(field).isTextual() ? null : error(lineNo, param + "." + field, "must be a string.");
        }
        if (type.equals("input_image")) {
            var url = part.get("image_url");
            if (url == null || !url.isTextual()) {
                return error(lineNo, param + ".image_url", "must be a string (an https: or data: URL); images uploaded to the"
                        + " provider (file_id) cannot be sent on by llmq.");
            }
            var problem = MediaUrl.problem(url.asText(), "image");
            return problem == null ? null : new LineError(lineNo, "invalid_image_url", param + ".image_url",
                    "Line " + lineNo + ": " + param + ".image_url " + problem);
        }
        return error(lineNo, param + ".type", "must be input_text, output_text, refusal or input_image, got '"
                + BatchValidator.shorten(type) + "'.");
    }

    private static LineError requireText(int lineNo, String param, JsonNode item, String... fields) {
        for (var field : fields) {
            if (!item.path(field).isTextual()) {
                return error(lineNo, param + "." + field, "must be a string.");
            }
        }
        return null;
    }

    private static LineError error(int lineNo, String param, String problem) {
        return new LineError(lineNo, "invalid_input", param, "Line " + lineNo + ": " + param + " " + problem);
    }

    /** About 4 characters per token over every text the input carries, plus each item's framing. */
    static long estimatedTokens(JsonNode input) {
        if (input.isTextual()) {
            return input.asText().length() / 4 + 4;
        }
        long chars = 0;
        for (var item : input) {
            var content = item.path("content");
            if (content.isTextual()) {
                chars += content.asText().length();
            }
            for (var part : content) {
                chars += part.path("text").asText("").length();
            }
            chars += item.path("arguments").asText("").length() + item.path("output").asText("").length() + 16;
        }
        return chars / 4 + 3;
    }
}
