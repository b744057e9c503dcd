package io.llmq.submitter.batch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Priority;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.Endpoints;
import io.llmq.schema.route.BatchDeployments;
import io.llmq.schema.route.Route;
import io.llmq.submitter.http.ApiError;

import java.util.Set;

/**
 * The route a new batch takes, from its {@code metadata.llmq_route} (already checked to be a known
 * value), or its default ({@link DefaultRoutes}: {@code sync} or {@code auto}) when it names none. A {@code provider_batch} batch is refused whole, before
 * anything is stored, when it cannot take that route: its endpoint is not chat completions (the one
 * endpoint all three providers' batch APIs serve), or one of its models has no deployment with
 * {@code batch_api: true}. An {@code auto} batch is never refused for its route: it takes the provider
 * batch route when it is not {@code high}, its endpoint is chat completions and at least one of its
 * models has a batch API (the jobs of the others run synchronously), else {@code sync}.
 */
final class RouteChoice {
    static final String PARAM = "metadata." + Route.METADATA_KEY;

    private RouteChoice() {
    }

    static Route of(ObjectNode metadata, Route byDefault, Priority priority, String endpoint, Set<String> models, Catalogue catalogue) {
        var asked = metadata == null || !metadata.hasNonNull(Route.METADATA_KEY) ? byDefault
                : Route.parse(metadata.get(Route.METADATA_KEY).asText()).orElse(Route.SYNC);
        if (asked == Route.SYNC) {
            return Route.SYNC;
        }
        if (asked == Route.AUTO) {
            var fits = priority != Priority.HIGH && Endpoints.CHAT_COMPLETIONS.equals(endpoint)
                    && models.stream().anyMatch(model -> BatchDeployments.of(catalogue, model).isPresent());
            return fits ? Route.PROVIDER_BATCH : Route.SYNC;
        }
        if (!Endpoints.CHAT_COMPLETIONS.equals(endpoint)) {
            throw ApiError.routeUnavailable(PARAM, "llmq_route provider_batch serves " + Endpoints.CHAT_COMPLETIONS
                    + " batches; this batch's endpoint is " + endpoint + ". Use llmq_route sync.");
        }
        for (var model : models) {
            if (BatchDeployments.of(catalogue, model).isEmpty()) {
                throw ApiError.routeUnavailable(PARAM, "llmq_route provider_batch: model '" + model
                        + "' has no deployment with a provider batch API (batch_api: true in the catalogue). Use llmq_route sync.");
            }
        }
        return Route.PROVIDER_BATCH;
    }
}
