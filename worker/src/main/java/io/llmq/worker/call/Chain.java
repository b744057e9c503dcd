package io.llmq.worker.call;

import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.worker.provider.Providers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The models a job may be run on, in order: the one it names, then its catalogue fallbacks when
 * the catalogue entry enables them or the batch asked for them ({@code llmq_fallback: "true"}). Each
 * comes with its pool: a fallback changes the model, a pool's deployments serve the same one.
 */
final class Chain {

    private Chain() {
    }

    /**
     * The job's chain as the catalogue in force has it each time it is asked: a job that walks it
     * again (after a wait in the worker) meets a deployment switched off meanwhile no more.
     */
    static java.util.function.Supplier<List<Pool>> live(io.llmq.schema.message.JobMessage job, Providers providers,
                                                         BatchOptions options) {
        return () -> of(providers.model(job.model()).orElseThrow(), providers, () -> options.fallbackRequested(job.batchId()));
    }

    static List<Pool> of(ModelEntry model, Providers providers, BooleanSupplier batchAsked) {
        List<Pool> chain = new ArrayList<>();
        chain.add(Pool.of(model, providers));
        var fallbacks = providers.fallbacks(model.id());
        if (fallbacks.isEmpty() || !(fallbacks.enabledByDefault() || batchAsked.getAsBoolean())) {
            return chain;
        }
        for (var id : fallbacks.models()) {
            providers.model(id).ifPresent(m -> chain.add(Pool.of(m, providers)));
        }
        return chain;
    }
}
