package io.llmq.submitter.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.submitter.http.ApiError;

import java.util.HashSet;

import static io.llmq.submitter.admin.CatalogueFields.bool;
import static io.llmq.submitter.admin.CatalogueFields.text;
import static io.llmq.submitter.admin.CatalogueFields.whole;

/**
 * Applies {@code PATCH /admin/models/{id}} to a model of the catalogue's document: {@code enabled},
 * its pool ({@code deployments}: names and weights) and its fallbacks. A pool is always written as
 * the file's {@code deployments:} list, whatever form the file gave it.
 */
final class ModelEdits {

    private ModelEdits() {
    }

    static void apply(ObjectNode model, JsonNode patch, ObjectNode document) {
        for (var field : (Iterable<String>) patch::fieldNames) {
            var value = patch.get(field);
            switch (field) {
                case "reason" -> { }
                case "id" -> {
                    if (!value.asText().equals(model.path("id").asText())) {
                        throw ApiError.invalid("id", "A model's id cannot change (clients name it in their requests).");
                    }
                }
                case "enabled", "fallbacks_enabled" -> model.put(field, bool(value, field));
                case "deployments" -> setPool(model, pool(value, document));
                case "fallbacks" -> model.set(field, fallbacks(value, model.path("id").asText(), document));
                case "price" -> throw ApiError.invalid("price", "Prices are versioned on their own: POST /admin/prices.");
                default -> throw ApiError.invalid(field, "Unknown field '" + CatalogueFields.shorten(field) + "' for a model "
                        + "(enabled, deployments, fallbacks, fallbacks_enabled).");
            }
        }
    }

    /** Sets the deployment's weight in every pool that lists it (weights belong to a model's pool). */
    static void setWeight(ObjectNode document, String deployment, int weight) {
        for (var model : document.path("models")) {
            var pool = normalised((ObjectNode) model);
            for (var member : pool) {
                if (member.path("name").asText().equals(deployment)) {
                    ((ObjectNode) member).put("weight", weight);
                }
            }
        }
    }

    private static ArrayNode pool(JsonNode value, ObjectNode document) {
        if (!value.isArray() || value.isEmpty()) {
            throw ApiError.invalid("deployments", "'deployments' must be a non-empty list of {name, weight}.");
        }
        var defined = new HashSet<String>();
        document.path("deployments").forEach(d -> defined.add(d.path("name").asText()));
        var pool = Json.MAPPER.createArrayNode();
        var seen = new HashSet<String>();
        for (int i = 0; i < value.size(); i++) {
            var member = value.get(i);
            var field = "deployments[" + i + "]";
            var name = text(member.isTextual() ? member : member.path("name"), field + ".name", 64);
            if (!defined.contains(name)) {
                throw ApiError.invalid(field + ".name", "No deployment named '" + CatalogueFields.shorten(name)
                        + "' (GET /admin/deployments lists them; POST /admin/deployments adds one).");
            }
            if (!seen.add(name)) {
                throw ApiError.invalid(field + ".name", "Deployment '" + name + "' is listed twice.");
            }
            var weight = member.isObject() && member.has("weight") ? whole(member.get("weight"), field + ".weight", 0, 1_000_000) : 1;
            pool.addObject().put("name", name).put("weight", weight);
        }
        return pool;
    }

    private static JsonNode fallbacks(JsonNode value, String id, ObjectNode document) {
        if (!value.isArray()) {
            throw ApiError.invalid("fallbacks", "'fallbacks' must be a list of model ids.");
        }
        var models = new HashSet<String>();
        document.path("models").forEach(m -> models.add(m.path("id").asText()));
        for (int i = 0; i < value.size(); i++) {
            var other = text(value.get(i), "fallbacks[" + i + "]", 256);
            if (other.equals(id) || !models.contains(other)) {
                throw ApiError.invalid("fallbacks[" + i + "]", other.equals(id) ? "A model cannot fall back to itself."
                        : "No model '" + CatalogueFields.shorten(other) + "' in the catalogue.");
            }
        }
        return value;
    }

    /** The model's pool as a {@code deployments:} list of {name, weight}, converting a single {@code deployment:}. */
    private static ArrayNode normalised(ObjectNode model) {
        var pool = Json.MAPPER.createArrayNode();
        if (model.has("deployments") && model.get("deployments").isArray()) {
            for (var m : model.get("deployments")) {
                pool.addObject().put("name", m.isTextual() ? m.asText() : m.path("name").asText())
                        .put("weight", m.isTextual() ? 1 : m.path("weight").asInt(1));
            }
        } else if (model.hasNonNull("deployment")) {
            pool.addObject().put("name", model.get("deployment").asText()).put("weight", 1);
        }
        setPool(model, pool);
        return pool;
    }

    private static void setPool(ObjectNode model, ArrayNode pool) {
        model.remove("deployment");
        model.set("deployments", pool);
    }
}
