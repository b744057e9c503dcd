package io.llmq.worker.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A chat request's limit on its answer: {@code max_completion_tokens}, which replaced
 * {@code max_tokens} and rules when both are sent, else {@code max_tokens}.
 */
public final class TokenLimit {
    private static final String NEW = "max_completion_tokens";
    private static final String OLD = "max_tokens";

    private TokenLimit() {
    }

    /** The request's limit; null when it sets none (the model's own applies). */
    static Integer of(JsonNode body) {
        for (var field : new String[] {NEW, OLD}) {
            var node = body.get(field);
            if (node != null && node.canConvertToInt() && node.isIntegralNumber()) {
                return node.intValue();
            }
        }
        return null;
    }

    /** Twice {@code limit}, at most {@code modelMax}; null when it cannot grow (no limit was set, or it is at the model's). */
    static Integer doubled(Integer limit, int modelMax) {
        if (limit == null || limit >= modelMax) {
            return null;
        }
        return (int) Math.min((long) limit * 2, modelMax);
    }

    /** Sets the limit in the field(s) the request used, so every adapter reads the new one; null leaves the body as it is. */
    public static void raise(ObjectNode body, Integer limit) {
        if (limit == null) {
            return;
        }
        var any = false;
        for (var field : new String[] {NEW, OLD}) {
            if (body.hasNonNull(field)) {
                body.put(field, limit);
                any = true;
            }
        }
        if (!any) {
            body.put(NEW, limit);
        }
    }
}
