package io.llmq.schema.catalogue;

/**
 * A model clients may name in a request.
 *
 * @param upstreamModel the name sent to the deployment (defaults to {@code id})
 */
public record ModelEntry(String id, String deployment, String upstreamModel, int maxOutputTokens,
                         int contextWindow, Price price) {

    public ModelEntry {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("models[].id is required");
        }
        if (price == null) {
            throw new IllegalArgumentException("model " + id + ": price is required (llmq never records a call as $0 by accident)");
        }
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("model " + id + ": max_output_tokens must be at least 1, got " + maxOutputTokens);
        }
        upstreamModel = upstreamModel == null ? id : upstreamModel;
    }
}
