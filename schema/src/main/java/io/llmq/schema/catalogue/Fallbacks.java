package io.llmq.schema.catalogue;

import java.util.List;

/**
 * Other catalogue models to try, in order, when a model's deployment is unavailable (breaker open)
 * or its retries are exhausted. Off for a batch unless {@code enabledByDefault} ({@code
 * fallbacks_enabled: true}) or the batch's metadata says {@code llmq_fallback: "true"}.
 */
public record Fallbacks(List<String> models, boolean enabledByDefault) {
    public static final Fallbacks NONE = new Fallbacks(List.of(), false);

    public Fallbacks {
        models = List.copyOf(models);
    }

    public boolean isEmpty() {
        return models.isEmpty();
    }
}
