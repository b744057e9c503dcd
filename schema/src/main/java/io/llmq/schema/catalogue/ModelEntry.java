package io.llmq.schema.catalogue;

/**
 * A model clients may name in a request.
 *
 * @param upstreamModel the name sent to the deployment (defaults to {@code id})
 * @param price         the file's price, or null when the model is priced only through the admin API
 *                      (until it has a price version, nothing can be submitted to it)
 * @param kind          chat or embedding: which batch endpoint may name it
 * @param priceFrom     the file's {@code price.effective_from}; null means "from when it is loaded"
 * @param pool          the deployments serving the model, with their weights; the first is {@code
 *                      deployment}, which prices and quotes name. One member unless the file lists several.
 */
public record ModelEntry(String id, String deployment, String upstreamModel, int maxOutputTokens,
                         int contextWindow, Price price, ModelKind kind, java.time.Instant priceFrom,
                         java.util.List<PoolMember> pool) {

    public ModelEntry {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("models[].id is required");
        }
        if (maxOutputTokens < 1) {
            throw new IllegalArgumentException("model " + id + ": max_output_tokens must be at least 1, got " + maxOutputTokens);
        }
        upstreamModel = upstreamModel == null ? id : upstreamModel;
        kind = kind == null ? ModelKind.CHAT : kind;
        pool = pool == null || pool.isEmpty() ? java.util.List.of(new PoolMember(deployment, 1)) : java.util.List.copyOf(pool);
        if (!pool.get(0).deployment().equals(deployment)) {
            throw new IllegalArgumentException("model " + id + ": deployment must be the pool's first member");
        }
    }

    /** A model served by one deployment. */
    public ModelEntry(String id, String deployment, String upstreamModel, int maxOutputTokens, int contextWindow, Price price,
                      ModelKind kind, java.time.Instant priceFrom) {
        this(id, deployment, upstreamModel, maxOutputTokens, contextWindow, price, kind, priceFrom, null);
    }

    /** Whether {@code deployment} serves this model (alone or in its pool). */
    public boolean servedBy(String deployment) {
        return pool.stream().anyMatch(m -> m.deployment().equals(deployment));
    }

    /** A chat model, as every entry was before the catalogue knew kinds. */
    public ModelEntry(String id, String deployment, String upstreamModel, int maxOutputTokens, int contextWindow, Price price) {
        this(id, deployment, upstreamModel, maxOutputTokens, contextWindow, price, ModelKind.CHAT, null);
    }
}
