package io.llmq.submitter.models;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.price.PriceBook;
import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.http.Routes;

import java.util.function.Supplier;

/**
 * {@code GET /v1/models} in OpenAI's list shape, one entry per catalogue model, with llmq's
 * deployment (the first of its pool), every deployment of its pool with its weight, price (US
 * dollars per million tokens) and output limit added.
 */
public final class ModelRoutes implements Routes {
    private final Supplier<Catalogue> catalogue;
    private final PriceBook prices;
    private final long startedAt;

    public ModelRoutes(Supplier<Catalogue> catalogue, PriceBook prices, long startedAtEpochSecond) {
        this.catalogue = catalogue;
        this.prices = prices;
        this.startedAt = startedAtEpochSecond;
    }

    @Override
    public void register(Javalin app) {
        app.get("/v1/models", this::list);
        app.get("/v1/models/{id}", this::retrieve);
    }

    private void retrieve(Context ctx) {
        var id = ctx.pathParam("id");
        var catalogue = this.catalogue.get();
        var model = catalogue.model(id).orElseThrow(() -> ApiError.modelNotFound(id.length() > 100 ? id.substring(0, 100) + "..." : id));
        ctx.json(entry(catalogue, model));
    }

    private void list(Context ctx) {
        var body = Json.object();
        body.put("object", "list");
        var data = body.putArray("data");
        var catalogue = this.catalogue.get();
        for (var model : catalogue.models()) {
            data.add(entry(catalogue, model));
        }
        ctx.json(body);
    }

    private ObjectNode entry(Catalogue catalogue, ModelEntry model) {
        var deployment = catalogue.deployment(model.deployment());
        var entry = Json.object();
        entry.put("id", model.id());
        entry.put("object", "model");
        entry.put("created", startedAt);
        entry.put("owned_by", deployment.provider());
        var llmq = entry.putObject("llmq");
        llmq.put("deployment", deployment.name());
        llmq.put("provider", deployment.provider());
        var pool = llmq.putArray("deployments");
        for (var member : model.pool()) {
            var d = catalogue.deployment(member.deployment());
            pool.addObject().put("name", d.name()).put("provider", d.provider()).put("weight", member.weight())
                    .put("enabled", d.enabled());
        }
        // switched off by an admin (the model, or every deployment of its pool): creates naming it are refused
        llmq.put("enabled", catalogue.modelEnabled(model.id()));
        llmq.put("available", catalogue.available(model.id()));
        llmq.put("kind", model.kind().wireName());
        llmq.put("endpoint", model.kind().endpoint());
        var endpoints = llmq.putArray("endpoints");
        model.kind().endpoints().forEach(endpoints::add);
        llmq.put("max_output_tokens", model.maxOutputTokens());
        llmq.put("context_window", model.contextWindow());
        // the version in force now, which may be newer than the file's (GET /v1/prices has them all)
        var version = prices.inForceNow(model.id());
        if (version.isEmpty()) {
            llmq.putNull("price_per_million_tokens");
        } else {
            var p = version.get().price();
            var price = llmq.putObject("price_per_million_tokens");
            price.put("input", p.inputPerMtok().toPlainString());
            price.put("cached_input", p.cachedInputPerMtok().toPlainString());
            price.put("cache_write", p.cacheWritePerMtok().toPlainString());
            price.put("output", p.outputPerMtok().toPlainString());
        }
        return entry;
    }
}
