package io.llmq.worker.call;

import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.worker.provider.ProviderClient;

/** One model of a job's fallback chain, with the client of its deployment. The first is the model asked for. */
record Link(ModelEntry model, ProviderClient client) {
    String deployment() {
        return model.deployment();
    }
}
