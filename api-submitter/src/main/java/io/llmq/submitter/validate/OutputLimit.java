package io.llmq.submitter.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.ModelEntry;

/** An output-token limit field ({@code max_tokens}, {@code max_output_tokens}, ...): absent, or a positive integer within the model's. */
final class OutputLimit {

    private OutputLimit() {
    }

    static LineError check(int lineNo, ObjectNode body, String field, ModelEntry model) {
        var limit = body.get(field);
        if (limit == null || limit.isNull()) {
            return null;
        }
        if (!limit.canConvertToInt() || !limit.isIntegralNumber() || limit.asInt() < 1) {
            return new LineError(lineNo, "invalid_max_tokens", "body." + field, "Line " + lineNo + ": body." + field + " must be a positive integer.");
        }
        if (limit.asInt() > model.maxOutputTokens()) {
            return new LineError(lineNo, "invalid_max_tokens", "body." + field, "Line " + lineNo + ": body." + field + " is " + limit.asInt()
                    + " but " + model.id() + " produces at most " + model.maxOutputTokens() + " tokens.");
        }
        return null;
    }

    /** A batch waits for whole answers; {@code stream: true} asks for the answer in pieces. */
    static LineError notStreamed(int lineNo, ObjectNode body) {
        if (body.has("stream") && body.get("stream").asBoolean(false)) {
            return new LineError(lineNo, "invalid_body", "body.stream", "Line " + lineNo + ": body.stream cannot be true in a batch.");
        }
        return null;
    }
}
