package io.llmq.schema.route;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.schema.catalogue.PoolMember;

import java.util.Optional;

/**
 * Where a model's jobs go when their batch takes the provider batch route: the first enabled
 * deployment of the model's pool whose provider batch API is on ({@code batch_api: true}). The
 * submitter refuses a {@code provider_batch} batch naming a model without one; the runner in the
 * workers sends each job to the one named here.
 */
public final class BatchDeployments {

    private BatchDeployments() {
    }

    public static Optional<Deployment> of(Catalogue catalogue, String modelId) {
        var model = catalogue.model(modelId);
        if (model.isEmpty()) {
            return Optional.empty();
        }
        return model.get().pool().stream().map(PoolMember::deployment).map(catalogue::deployment)
                .filter(d -> d != null && d.enabled() && d.batchApi()).findFirst();
    }
}
