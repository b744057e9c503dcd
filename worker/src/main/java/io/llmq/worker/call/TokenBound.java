package io.llmq.worker.call;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.worker.ratelimit.TokenEstimate;

/**
 * One attempt's token bound, counted once and only when first asked: the budget's reservation,
 * the limiter's permit and the journal's row all read the same count, and an attempt that none
 * of them asks (no budget, no limit, refused before the call) never tokenizes its prompt.
 */
final class TokenBound {
    private final ObjectNode body;
    private final ModelEntry model;
    private TokenEstimate.Split split;

    TokenBound(ObjectNode body, ModelEntry model) {
        this.body = body;
        this.model = model;
    }

    /** The prompt's tokens and the output's bound. */
    TokenEstimate.Split split() {
        if (split == null) {
            split = TokenEstimate.split(body, model);
        }
        return split;
    }

    int total() {
        return (int) Math.min(Integer.MAX_VALUE, split().prompt() + split().maxOutput());
    }
}
