package io.llmq.submitter.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Params;
import io.llmq.submitter.http.Routes;
import io.llmq.submitter.providers.ProviderRoutes;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /v1/models/{id}/status}: whether the model can be served now and, if not, why; then
 * each deployment of its pool with its weight, whether it is enabled, its health as the workers
 * report it (the rows {@code GET /v1/providers} reads) and its limits beside their use now.
 */
public final class ModelStatusRoutes implements Routes {
    private final Supplier<Catalogue> catalogue;
    private final ProviderRoutes providers;

    public ModelStatusRoutes(Supplier<Catalogue> catalogue, ProviderRoutes providers) {
        this.catalogue = catalogue;
        this.providers = providers;
    }

    @Override
    public void register(Javalin app) {
        app.get("/v1/models/{id}/status", this::status);
    }

    private void status(Context ctx) throws Exception {
        var id = ctx.pathParam("id");
        var catalogue = this.catalogue.get();
        var model = catalogue.model(id).orElseThrow(() -> ApiError.modelNotFound(Params.shorten(id)));
        Map<String, JsonNode> health = new HashMap<>();
        providers.snapshot().path("data").forEach(d -> health.put(d.path("deployment").asText(), d));
        ctx.json(status(catalogue, model, health));
    }

    static ObjectNode status(Catalogue catalogue, ModelEntry model, Map<String, JsonNode> health) {
        var body = Json.object();
        body.put("object", "model.status");
        body.put("model", model.id());
        var deployments = body.putArray("deployments");
        var anyUp = false;
        for (var member : model.pool()) {
            var d = catalogue.deployment(member.deployment());
            var seen = health.getOrDefault(d.name(), Json.object());
            var entry = deployments.addObject();
            entry.put("name", d.name()).put("provider", d.provider()).put("weight", member.weight()).put("enabled", d.enabled());
            entry.put("health", seen.path("health").asText("unknown"));
            entry.put("breaker_state", seen.path("breaker_state").asText("unknown"));
            entry.set("error_rate", seen.path("error_rate").isMissingNode() ? Json.MAPPER.nullNode() : seen.get("error_rate"));
            entry.set("latency_ms", seen.path("latency_ms").isMissingNode() ? Json.MAPPER.nullNode() : seen.get("latency_ms"));
            var l = d.limits();
            var limits = entry.putObject("limits");
            limits.put("rpm", l.rpm()).put("tpm", l.tpm()).put("max_concurrent", l.maxConcurrent()).put("rpd", l.rpd()).put("tpd", l.tpd())
                    .put("max_concurrent_calls", catalogue.resilience(d.name()).maxConcurrentCalls());
            var use = entry.putObject("use");
            use.put("in_flight", seen.path("in_flight").asInt(0));
            use.set("concurrency_target", seen.path("concurrency").path("target").isMissingNode() ? Json.MAPPER.nullNode()
                    : seen.path("concurrency").get("target"));
            use.put("recent_calls", seen.path("recent_calls").asLong(0));
            anyUp |= d.enabled() && !"down".equals(seen.path("health").asText());
        }
        String reason = !catalogue.modelEnabled(model.id()) ? "model_disabled"
                : !catalogue.available(model.id()) ? "all_deployments_disabled" : !anyUp ? "all_deployments_down" : null;
        body.put("available", reason == null);
        body.put("reason", reason);
        body.put("message", switch (reason == null ? "" : reason) {
            case "model_disabled" -> "An operator switched the model off; new batches naming it are refused, queued jobs wait.";
            case "all_deployments_disabled" -> "Every deployment of the model's pool is disabled; new batches naming it are refused, "
                    + "queued jobs wait until one is enabled.";
            case "all_deployments_down" -> "Every enabled deployment's breaker is open on every worker; jobs wait for one to recover.";
            default -> "The model is served.";
        });
        return body;
    }
}
