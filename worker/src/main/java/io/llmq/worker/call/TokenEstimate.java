package io.llmq.worker.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.ModelEntry;

/**
 * The tokens a call will at most consume, reserved from the deployment's token budget before the
 * call: prompt tokens (estimated at 4 characters per token until a tokenizer is wired in) plus the
 * requested {@code max_tokens} (or the model's limit when none is given).
 */
final class TokenEstimate {

    private TokenEstimate() {
    }

    static int of(ObjectNode body, ModelEntry model) {
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
        var maxOut = body.has("max_completion_tokens") ? body.path("max_completion_tokens").asInt()
                : body.path("max_tokens").asInt(model.maxOutputTokens());
        return (int) Math.min(Integer.MAX_VALUE, chars / 4 + 3 + maxOut);
    }
}
