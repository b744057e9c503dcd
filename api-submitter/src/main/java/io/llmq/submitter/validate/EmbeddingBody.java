package io.llmq.submitter.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * The checks a {@code /v1/embeddings} body must pass: {@code input} is a non-empty string, or a
 * non-empty array of strings, of token ids, or of arrays of token ids (at most
 * {@link #MAX_INPUTS}, as OpenAI allows); optional {@code encoding_format}, {@code dimensions},
 * {@code user}.
 */
final class EmbeddingBody {
    static final int MAX_INPUTS = 2048;
    private static final Set<String> ENCODINGS = Set.of("float", "base64");

    private EmbeddingBody() {
    }

    static LineError check(int lineNo, ObjectNode body) {
        var input = body.get("input");
        var inputError = checkInput(input);
        if (inputError != null) {
            return new LineError(lineNo, "invalid_input", "body.input", "Line " + lineNo + ": body.input " + inputError);
        }
        var encoding = body.get("encoding_format");
        if (encoding != null && !encoding.isNull() && (!encoding.isTextual() || !ENCODINGS.contains(encoding.asText()))) {
            return new LineError(lineNo, "invalid_body", "body.encoding_format", "Line " + lineNo + ": body.encoding_format must be 'float' or 'base64'.");
        }
        var dimensions = body.get("dimensions");
        if (dimensions != null && !dimensions.isNull() && (!dimensions.isIntegralNumber() || !dimensions.canConvertToInt() || dimensions.asInt() < 1)) {
            return new LineError(lineNo, "invalid_body", "body.dimensions", "Line " + lineNo + ": body.dimensions must be a positive integer.");
        }
        var user = body.get("user");
        if (user != null && !user.isNull() && !user.isTextual()) {
            return new LineError(lineNo, "invalid_body", "body.user", "Line " + lineNo + ": body.user must be a string.");
        }
        return null;
    }

    /** Null when fine, else what is wrong, phrased to follow "body.input ". */
    private static String checkInput(JsonNode input) {
        if (input == null || input.isNull()) {
            return "is required: a string or an array of strings.";
        }
        if (input.isTextual()) {
            return input.asText().isEmpty() ? "must not be an empty string." : null;
        }
        if (!input.isArray() || input.isEmpty()) {
            return "must be a non-empty string or a non-empty array of strings or token ids.";
        }
        if (input.size() > MAX_INPUTS) {
            return "has " + input.size() + " items; at most " + MAX_INPUTS + " are allowed.";
        }
        for (JsonNode item : input) {
            var ok = (item.isTextual() && !item.asText().isEmpty()) || item.isIntegralNumber()
                    || (item.isArray() && !item.isEmpty() && allIntegers(item));
            if (!ok) {
                return "items must all be non-empty strings, token ids, or non-empty arrays of token ids.";
            }
        }
        return null;
    }

    private static boolean allIntegers(JsonNode array) {
        for (JsonNode n : array) {
            if (!n.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    static long estimatedInputTokens(ObjectNode body) {
        var input = body.path("input");
        if (input.isTextual()) {
            return input.asText().length() / 4 + 1;
        }
        long tokens = 0;
        for (JsonNode item : input) {
            tokens += item.isTextual() ? item.asText().length() / 4 + 1 : item.isArray() ? item.size() : 1;
        }
        return tokens;
    }
}
