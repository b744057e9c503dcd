package io.llmq.schema.catalogue;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;

/** Reads a deployment's {@code max_concurrent_calls} / {@code breaker:} and a model's fallbacks. */
final class CatalogueResilience {

    private CatalogueResilience() {
    }

    static Resilience parse(JsonNode deployment, String name) {
        var d = Resilience.DEFAULTS;
        var b = deployment.path("breaker");
        try {
            return new Resilience(deployment.path("max_concurrent_calls").asInt(d.maxConcurrentCalls()),
                    b.path("failure_rate").asInt(d.failureRatePercent()),
                    b.path("slow_call_rate").asInt(d.slowCallRatePercent()),
                    seconds(b, "slow_call_seconds", d.slowCall()),
                    b.path("window").asInt(d.windowSize()),
                    b.path("minimum_calls").asInt(d.minimumCalls()),
                    seconds(b, "open_seconds", d.openFor()),
                    b.path("half_open_calls").asInt(d.halfOpenCalls()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("deployment " + name + ": " + e.getMessage(), e);
        }
    }

    static Fallbacks fallbacks(JsonNode model, String id) {
        var list = model.path("fallbacks");
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw new IllegalArgumentException("model " + id + ": fallbacks must be a list of model ids");
        }
        var names = new ArrayList<String>();
        list.forEach(n -> names.add(n.asText()));
        return new Fallbacks(names, model.path("fallbacks_enabled").asBoolean(false));
    }

    static void checkFallbacks(Map<String, Fallbacks> fallbacks, Set<String> models) {
        fallbacks.forEach((id, chain) -> {
            for (var other : chain.models()) {
                if (other.equals(id)) {
                    throw new IllegalArgumentException("model " + id + ": fallbacks cannot name the model itself");
                }
                if (!models.contains(other)) {
                    throw new IllegalArgumentException("model " + id + ": fallback '" + other + "' is not a model of this catalogue");
                }
            }
        });
    }

    /** Seconds, fractions allowed ({@code 0.5}), so tests can use short windows. */
    private static Duration seconds(JsonNode node, String field, Duration fallback) {
        var v = node.get(field);
        return v == null || v.isNull() ? fallback : Duration.ofMillis(Math.round(v.asDouble() * 1000));
    }
}
