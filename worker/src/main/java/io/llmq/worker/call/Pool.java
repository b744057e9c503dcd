package io.llmq.worker.call;

import io.llmq.schema.catalogue.DeploymentLimits;
import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.worker.provider.Providers;

import java.util.List;

/**
 * One model of a job's fallback chain with the deployments that serve it; each attempt goes to
 * one of them, chosen by {@link PoolChoice}. A model served by one deployment is a pool of one.
 */
record Pool(ModelEntry model, List<Member> members) {

    /** One deployment of the pool: where a call goes, its weight, and the limits its headroom is judged by. */
    record Member(Link link, int weight, DeploymentLimits limits) {
    }

    Pool {
        members = List.copyOf(members);
    }

    /**
     * The model's enabled deployments in the catalogue in force now: a disabled one gets no job, and
     * a disabled model (or one whose deployments are all disabled) has none.
     */
    static Pool of(ModelEntry model, Providers providers) {
        var catalogue = providers.catalogue();
        return new Pool(model, catalogue.enabledPool(model.id()).stream().map(m -> new Member(
                new Link(model, m.deployment(), providers.client(m.deployment())), m.weight(),
                catalogue.deployment(m.deployment()).limits())).toList());
    }

    /** The model's first deployment: where a job that waits for the whole pool is recorded as waiting. */
    String deployment() {
        return model.deployment();
    }
}
