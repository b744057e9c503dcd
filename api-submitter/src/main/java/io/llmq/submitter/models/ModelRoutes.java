package io.llmq.submitter.models;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.submitter.http.Routes;

/**
 * {@code GET /v1/models} in OpenAI's list shape, one entry per catalogue model, with llmq's
 * deployment, price (US dollars per million tokens) and output limit added.
 */
public final class ModelRoutes implements Routes {
    private final Catalogue catalogue;
    private final long startedAt;

    public ModelRoutes(Catalogue catalogue, long startedAtEpochSecond) {
        this.catalogue = catalogue;
        this.startedAt = startedAtEpochSecond;
    }

    @Override
    public void register(Javalin app) {
        app.get("/v1/models", this::list);
    }

    private void list(Context ctx) {
        var body = Json.object();
        body.put("object", "list");
        var data = body.putArray("data");
        for (var model : catalogue.models()) {
            var deployment = catalogue.deployment(model.deployment());
            var entry = data.addObject();
            entry.put("id", model.id());
            entry.put("object", "model");
            entry.put("created", startedAt);
            entry.put("owned_by", deployment.provider());
            var llmq = entry.putObject("llmq");
            llmq.put("deployment", deployment.name());
            llmq.put("provider", deployment.provider());
            llmq.put("max_output_tokens", model.maxOutputTokens());
            llmq.put("context_window", model.contextWindow());
            var price = llmq.putObject("price_per_million_tokens");
            price.put("input", model.price().inputPerMtok().toPlainString());
            price.put("cached_input", model.price().cachedInputPerMtok().toPlainString());
            price.put("output", model.price().outputPerMtok().toPlainString());
        }
        ctx.json(body);
    }
}
