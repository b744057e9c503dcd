package io.llmq.worker.call;

import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.worker.provider.ProviderClient;

/**
 * One model of a job's fallback chain at one deployment of its pool, with that deployment's client:
 * what one call goes to. Its {@code deployment} is the one the ledger and the result name.
 */
record Link(ModelEntry model, String deployment, ProviderClient client) {

    /** The model at its first (for most models, its only) deployment. */
    Link(ModelEntry model, ProviderClient client) {
        this(model, model.deployment(), client);
    }
}
