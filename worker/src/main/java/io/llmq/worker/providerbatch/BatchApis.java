package io.llmq.worker.providerbatch;

import io.llmq.worker.provider.batch.ProviderBatchApi;

import java.util.Optional;

/** The provider batch API of each deployment that has one ({@code batch_api: true}). */
@FunctionalInterface
public interface BatchApis {

    /** Empty for a deployment without a batch API or whose provider has no adapter for it. */
    Optional<ProviderBatchApi> of(String deployment);
}
