package io.llmq.submitter.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.ModelEntry;

import java.util.Set;

/**
 * The checks a {@code /v1/responses} body must pass: {@code input} (see {@link ResponsesInput}),
 * optional {@code instructions} (a string), {@code max_output_tokens} within the model's limit,
 * {@code text.format} of type {@code text}, {@code json_object} or {@code json_schema} (with its
 * {@code name} and {@code schema}), and function tools only: the built-in tools (web search, file
 * search, code interpreter, ...) run and bill at the provider, and no other deployment has them.
 */
final class ResponsesBody {
    /** OpenAI refuses a smaller {@code max_output_tokens}; refused here so no deployment sees a line it would refuse. */
    static final int MIN_OUTPUT_TOKENS = 16;
    private static final Set<String> FORMATS = Set.of("text", "json_object", "json_schema");

    private ResponsesBody() {
    }

    static LineError check(int lineNo, ObjectNode body, ModelEntry model) {
        var inputError = ResponsesInput.check(lineNo, body.get("input"));
        if (inputError != null) {
            return inputError;
        }
        var instructions = body.get("instructions");
        if (instructions != null && !instructions.isNull() && !instructions.isTextual()) {
            return invalid(lineNo, "body.instructions", "must be a string.");
        }
        var limitError = OutputLimit.check(lineNo, body, "max_output_tokens", model);
        if (limitError != null) {
            return limitError;
        }
        if (body.path("max_output_tokens").isIntegralNumber() && body.get("max_output_tokens").asInt() < MIN_OUTPUT_TOKENS) {
            return invalid(lineNo, "body.max_output_tokens", "must be at least " + MIN_OUTPUT_TOKENS + ", as OpenAI requires.");
        }
        var formatError = format(lineNo, body.get("text"));
        if (formatError != null) {
            return formatError;
        }
        var toolsError = tools(lineNo, body.get("tools"));
        return toolsError != null ? toolsError : OutputLimit.notStreamed(lineNo, body);
    }

    private static LineError format(int lineNo, JsonNode text) {
        if (text == null || text.isNull()) {
            return null;
        }
        if (!text.isObject()) {
            return invalid(lineNo, "body.text", "must be an object.");
        }
        var format = text.get("format");
        if (format == null || format.isNull()) {
            return null;
        }
        var type = format.path("type").asText("");
        if (!FORMATS.contains(type)) {
            return invalid(lineNo, "body.text.format.type", "must be one of " + FORMATS + ".");
        }
        if (type.equals("json_schema") && !(format.path("name").isTextual() && format.path("schema").isObject())) {
            return invalid(lineNo, "body.text.format", "of type json_schema needs a name (a string) and a schema (an object).");
        }
        return null;
    }

    private static LineError tools(int lineNo, JsonNode tools) {
        if (tools == null || tools.isNull()) {
            return null;
        }
        if (!tools.isArray()) {
            return invalid(lineNo, "body.tools", "must be an array.");
        }
        for (int i = 0; i < tools.size(); i++) {
            var tool = tools.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                return invalid(lineNo, "body.tools[" + i + "].type", "must be \"function\": built-in tools run and bill at the"
                        + " provider, and only OpenAI has them.");
            }
            if (!tool.path("name").isTextual()) {
                return invalid(lineNo, "body.tools[" + i + "].name", "must be a string.");
            }
        }
        return null;
    }

    private static LineError invalid(int lineNo, String param, String problem) {
        return new LineError(lineNo, "invalid_body", param, "Line " + lineNo + ": " + param + " " + problem);
    }

    static long estimatedInputTokens(ObjectNode body) {
        return ResponsesInput.estimatedTokens(body.path("input")) + body.path("instructions").asText("").length() / 4;
    }
}
