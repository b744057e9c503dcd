package io.llmq.schema.catalogue;

/**
 * A model clients may name in a request.
 *
 * @param upstreamModel the name sent to the deployment (defaults to {@code id})
 * @param price         the file's price, or null when the model is priced only through the admin API
 *                      (until it has a price version, nothing can be submitted to it)
 * @param kind          chat or embedding: which batch endpoint may name it
 * @param priceFrom     the file's {@code price.effective_from}; null means "from when it is loaded"
 */
public record ModelEntry(String id, String deployment, String upstreamModel, int maxOutputTokens,
                         int contextWindow, Price price, ModelKind kind, java.time.Instant priceFrom) {

    public ModelEntry {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("models[].id is required");
        }
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("model " + id + ": max_output_tokens must be at least 1, got " + maxOutputTokens);
        }
        upstreamModel = upstreamModel == null ? id : upstreamModel;
        kind = kind == null ? ModelKind.CHAT : kind;
    }

    /** A chat model, as every entry was before the catalogue knew kinds. */
    public ModelEntry(String id, String deployment, String upstreamModel, int maxOutputTokens, int contextWindow, Price price) {
        this(id, deployment, upstreamModel, maxOutputTokens, contextWindow, price, ModelKind.CHAT, null);
    }
}
