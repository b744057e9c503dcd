package io.llmq.schema.catalogue;

/**
 * A model clients may name in a request.
 *
 * @param upstreamModel the name sent to the deployment (defaults to {@code id})
 * @param kind          chat or embedding: which batch endpoint may name it
 */
public record ModelEntry(String id, String deployment, String upstreamModel, int maxOutputTokens,
                         int contextWindow, Price price, ModelKind kind) {

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
        kind = kind == null ? ModelKind.CHAT : kind;
    }

    /** A chat model, as every entry was before the catalogue knew kinds. */
    public ModelEntry(String id, String deployment, String upstreamModel, int maxOutputTokens, int contextWindow, Price price) {
        this(id, deployment, upstreamModel, maxOutputTokens, contextWindow, price, ModelKind.CHAT);
    }
}
