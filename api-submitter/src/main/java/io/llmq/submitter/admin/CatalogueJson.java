package io.llmq.submitter.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.schema.catalogue.ModelEntry;

/** The admin API's view of catalogue deployments and models, in the file's field names. Keys are never in it. */
final class CatalogueJson {

    private CatalogueJson() {
    }

    static ObjectNode deployment(Catalogue catalogue, Deployment d, long version) {
        var json = Json.object();
        json.put("object", "deployment");
        json.put("name", d.name());
        json.put("provider", d.provider());
        json.put("base_url", d.baseUrl());
        json.put("api_key_env", d.apiKeyEnv());
        json.put("api_key_file", d.apiKeyFile());
        json.put("enabled", d.enabled());
        json.put("timeout_seconds", d.timeout().toSeconds());
        var l = d.limits();
        json.put("rpm", l.rpm()).put("tpm", l.tpm()).put("max_concurrent", l.maxConcurrent()).put("burst_ms", l.burst().toMillis());
        json.put("rpd", l.rpd()).put("tpd", l.tpd()).put("daily_reset_hour", l.dailyResetHour());
        var r = catalogue.resilience(d.name());
        json.put("max_concurrent_calls", r.maxConcurrentCalls());
        json.putObject("breaker").put("failure_rate", r.failureRatePercent()).put("slow_call_rate", r.slowCallRatePercent())
                .put("slow_call_seconds", r.slowCall().toMillis() / 1000.0).put("window", r.windowSize())
                .put("minimum_calls", r.minimumCalls()).put("open_seconds", r.openFor().toMillis() / 1000.0)
                .put("half_open_calls", r.halfOpenCalls());
        var endpoints = json.putArray("native_endpoints");
        d.nativeEndpoints().stream().sorted().forEach(endpoints::add);
        json.put("batch_api", d.batchApi());
        var models = json.putArray("models");
        for (var m : catalogue.models()) {
            m.pool().stream().filter(p -> p.deployment().equals(d.name())).findFirst()
                    .ifPresent(p -> models.addObject().put("id", m.id()).put("weight", p.weight()));
        }
        json.put("catalogue_version", version);
        return json;
    }

    static ObjectNode model(Catalogue catalogue, ModelEntry m, long version) {
        var json = Json.object();
        json.put("object", "model");
        json.put("id", m.id());
        json.put("kind", m.kind().wireName());
        json.put("enabled", catalogue.modelEnabled(m.id()));
        json.put("available", catalogue.available(m.id()));
        json.put("upstream_model", m.upstreamModel());
        json.put("max_output_tokens", m.maxOutputTokens());
        json.put("context_window", m.contextWindow());
        var pool = json.putArray("deployments");
        for (var member : m.pool()) {
            var d = catalogue.deployment(member.deployment());
            pool.addObject().put("name", d.name()).put("provider", d.provider()).put("weight", member.weight()).put("enabled", d.enabled());
        }
        var fallbacks = catalogue.fallbacks(m.id());
        var list = json.putArray("fallbacks");
        fallbacks.models().forEach(list::add);
        json.put("fallbacks_enabled", fallbacks.enabledByDefault());
        json.put("catalogue_version", version);
        return json;
    }
}
