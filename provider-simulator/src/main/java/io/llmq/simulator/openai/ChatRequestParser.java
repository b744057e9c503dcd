package io.llmq.simulator.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.simulator.engine.AnswerFormat;
import io.llmq.simulator.engine.Prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a Chat Completions request body. Checks what the simulator relies on and what OpenAI
 * itself would refuse with a 400; fields it does not use ({@code n}, {@code tools}, ...) pass.
 */
final class ChatRequestParser {

    private static final int MAX_STOP_SEQUENCES = 4;

    private ChatRequestParser() {
    }

    static ParsedRequest parse(byte[] body) {
        try {
            var root = OpenAiJson.object(body);
            var model = model(root.get("model"));
            var messages = MessagesParser.messages(root.get("messages"));
            checkTemperature(root.get("temperature"));
            return new ParsedRequest.Valid(new Prompt(model, messages, maxTokens(root), seed(root.get("seed")), stop(root.get("stop"))), root,
                    format(root.get("response_format")));
        } catch (Refusal refusal) {
            return new ParsedRequest.Invalid(refusal.error);
        }
    }

    static String model(JsonNode node) {
        if (absent(node)) {
            throw new Refusal(OpenAiError.badRequest("you must provide a model parameter", null, null));
        }
        if (!node.isTextual()) {
            throw new Refusal(OpenAiError.invalidType("model", "a string", OpenAiJson.describe(node)));
        }
        if (node.textValue().isBlank()) {
            throw new Refusal(OpenAiError.badRequest("you must provide a model parameter", "model", null));
        }
        return node.textValue();
    }

    /** {@code max_completion_tokens} replaced {@code max_tokens}; when a client sends both, the newer one rules. */
    private static int maxTokens(JsonNode root) {
        for (var param : List.of("max_completion_tokens", "max_tokens")) {
            if (!absent(root.get(param))) {
                return limit(root.get(param), param, 1);
            }
        }
        return Prompt.NO_LIMIT;
    }

    /** A token limit: {@link Prompt#NO_LIMIT} when absent, else an integer of at least {@code minimum}. */
    static int limit(JsonNode node, String param, int minimum) {
        if (absent(node)) {
            return Prompt.NO_LIMIT;
        }
        if (!node.isIntegralNumber()) {
            throw new Refusal(OpenAiError.invalidType(param, "an integer", OpenAiJson.describe(node)));
        }
        if (node.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(minimum)) < 0) {
            throw new Refusal(OpenAiError.badRequest("Invalid '" + param + "': integer below minimum value. Expected a value"
                    + " >= " + minimum + ", but got " + node.asText() + " instead.", param, "integer_below_min_value"));
        }
        return node.canConvertToInt() ? node.intValue() : Prompt.NO_LIMIT;
    }

    /** OpenAI's response_format; the simulator answers any schema it is given (llmq checks schemas before they get here). */
    private static AnswerFormat format(JsonNode node) {
        if (absent(node)) {
            return AnswerFormat.TEXT;
        }
        return switch (node.path("type").asText()) {
            case "text" -> AnswerFormat.TEXT;
            case "json_object" -> AnswerFormat.JSON_OBJECT;
            case "json_schema" -> {
                var schema = node.path("json_schema").get("schema");
                if (schema == null || !schema.isObject()) {
                    throw new Refusal(OpenAiError.badRequest("Missing required parameter: 'response_format.json_schema.schema'.",
                            "response_format.json_schema.schema", "missing_required_parameter"));
                }
                yield AnswerFormat.jsonSchema(schema);
            }
            default -> throw new Refusal(OpenAiError.badRequest("Invalid value: '" + node.path("type").asText()
                    + "'. Supported values are: 'text', 'json_object', and 'json_schema'.", "response_format.type", "invalid_value"));
        };
    }

    static void checkTemperature(JsonNode node) {
        if (absent(node)) {
            return;
        }
        if (!node.isNumber()) {
            throw new Refusal(OpenAiError.invalidType("temperature", "a decimal", OpenAiJson.describe(node)));
        }
        var value = node.doubleValue();
        if (value < 0 || value > 2) {
            throw new Refusal(OpenAiError.badRequest("Invalid 'temperature': decimal " + (value < 0 ? "below minimum" : "above maximum")
                    + " value. Expected a value " + (value < 0 ? ">= 0" : "<= 2") + ", but got " + node.asText() + " instead.",
                    "temperature", value < 0 ? "decimal_below_min_value" : "decimal_above_max_value"));
        }
    }

    static OptionalLong seed(JsonNode node) {
        if (absent(node)) {
            return OptionalLong.empty();
        }
        if (!node.isIntegralNumber()) {
            throw new Refusal(OpenAiError.invalidType("seed", "an integer", OpenAiJson.describe(node)));
        }
        if (!node.canConvertToLong()) {
            throw new Refusal(OpenAiError.badRequest("Invalid 'seed': integer out of range. Expected a 64-bit integer, but got "
                    + node.asText() + " instead.", "seed", "integer_out_of_range"));
        }
        return OptionalLong.of(node.longValue());
    }

    static List<String> stop(JsonNode node) {
        if (absent(node)) {
            return List.of();
        }
        if (node.isTextual()) {
            return List.of(node.textValue());
        }
        if (!node.isArray()) {
            throw new Refusal(OpenAiError.invalidType("stop", "a string or an array of strings", OpenAiJson.describe(node)));
        }
        if (node.size() > MAX_STOP_SEQUENCES) {
            throw new Refusal(OpenAiError.badRequest("Invalid 'stop': array too long. Expected an array with maximum length "
                    + MAX_STOP_SEQUENCES + ", but got an array with length " + node.size() + " instead.", "stop", "array_above_max_length"));
        }
        var sequences = new ArrayList<String>(node.size());
        for (int i = 0; i < node.size(); i++) {
            var sequence = node.get(i);
            if (!sequence.isTextual()) {
                throw new Refusal(OpenAiError.invalidType("stop[" + i + "]", "a string", OpenAiJson.describe(sequence)));
            }
            sequences.add(sequence.textValue());
        }
        return sequences;
    }

    /** OpenAI treats an explicit {@code null} like an omitted field for optional parameters. */
    static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }
}
