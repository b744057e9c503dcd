package io.llmq.simulator.embeddings;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A checked embeddings request. Each input is text or a list of token ids.
 *
 * @param dimensions the vector length asked for, or 0 for the model's default
 */
record EmbeddingRequest(String model, List<Input> inputs, boolean base64, int dimensions) {

    /** One input: its text, or its token ids when the caller sent tokens. */
    record Input(String text, int[] tokens) {
    }

    /** Thrown for a body OpenAI would refuse with a 400; the message is OpenAI's style. */
    static final class Invalid extends RuntimeException {
        final String param;

        Invalid(String message, String param) {
            super(message, null, false, false);
            this.param = param;
        }
    }

    static EmbeddingRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new Invalid("We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.", null);
        }
        var model = body.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new Invalid("you must provide a model parameter", "model");
        }
        var encoding = body.path("encoding_format").asText("float");
        if (!encoding.equals("float") && !encoding.equals("base64")) {
            throw new Invalid("Invalid value: '" + encoding + "'. Supported values are: 'float' and 'base64'.", "encoding_format");
        }
        var dimensions = body.path("dimensions");
        if (!dimensions.isMissingNode() && !dimensions.isNull() && (!dimensions.isIntegralNumber() || dimensions.asInt() < 1)) {
            throw new Invalid("Invalid 'dimensions': expected a positive integer.", "dimensions");
        }
        return new EmbeddingRequest(model.asText(), inputs(body.get("input")), encoding.equals("base64"),
                dimensions.isIntegralNumber() ? dimensions.asInt() : 0);
    }

    private static List<Input> inputs(JsonNode input) {
        if (input == null || input.isNull()) {
            throw new Invalid("Missing required parameter: 'input'.", "input");
        }
        if (input.isTextual()) {
            return List.of(text(input));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw new Invalid("'input' must be a non-empty string or array.", "input");
        }
        if (input.get(0).isIntegralNumber()) {
            return List.of(tokens(input));
        }
        List<Input> inputs = new ArrayList<>(input.size());
        for (var item : input) {
            inputs.add(item.isTextual() ? text(item) : tokens(item));
        }
        return inputs;
    }

    private static Input text(JsonNode node) {
        if (node.asText().isEmpty()) {
            throw new Invalid("'input' cannot be an empty string.", "input");
        }
        return new Input(node.asText(), null);
    }

    private static Input tokens(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            throw new Invalid("'input' items must be strings or non-empty arrays of token ids.", "input");
        }
        var tokens = new int[array.size()];
        for (int i = 0; i < tokens.length; i++) {
            if (!array.get(i).isIntegralNumber()) {
                throw new Invalid("'input' token arrays must hold integers.", "input");
            }
            tokens[i] = array.get(i).asInt();
        }
        return new Input(null, tokens);
    }
}
