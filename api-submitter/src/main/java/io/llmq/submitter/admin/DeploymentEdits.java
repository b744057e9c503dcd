package io.llmq.submitter.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.submitter.http.ApiError;

import java.util.Set;
import java.util.regex.Pattern;

import static io.llmq.submitter.admin.CatalogueFields.bool;
import static io.llmq.submitter.admin.CatalogueFields.text;
import static io.llmq.submitter.admin.CatalogueFields.whole;

/**
 * Applies the fields of {@code POST /admin/deployments} and {@code PATCH /admin/deployments/{name}}
 * to a deployment of the catalogue's document, in the file's own field names, after checking each
 * one's type; the ranges are then checked by reading the whole document as a catalogue.
 */
final class DeploymentEdits {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Set<String> INTS = Set.of("rpm", "max_concurrent", "rpd", "burst_ms", "daily_reset_hour", "max_concurrent_calls");
    private static final Set<String> LONGS = Set.of("tpm", "tpd");
    private static final Set<String> BREAKER = Set.of("failure_rate", "slow_call_rate", "slow_call_seconds", "window", "minimum_calls",
            "open_seconds", "half_open_calls");

    private DeploymentEdits() {
    }

    /** @param document the whole catalogue: {@code weight} is set in every model's pool that lists the deployment */
    static void apply(ObjectNode deployment, JsonNode patch, ObjectNode document) {
        var name = deployment.path("name").asText();
        for (var field : (Iterable<String>) patch::fieldNames) {
            var value = patch.get(field);
            switch (field) {
                case "reason" -> { } // the version's reason, not a setting
                case "name" -> {
                    if (!value.asText().equals(name)) {
                        throw ApiError.invalid("name", "A deployment's name cannot change (models refer to it); POST a new deployment.");
                    }
                }
                case "enabled", "batch_api" -> deployment.put(field, bool(value, field));
                case "provider" -> deployment.put(field, provider(value));
                case "base_url" -> deployment.put(field, baseUrl(value));
                case "api_key_env" -> deployment.set(field, value.isNull() ? value : envName(value));
                case "api_key_file" -> deployment.set(field, value.isNull() ? value : keyFile(value));
                case "timeout_seconds" -> deployment.put(field, whole(value, field, 1, 3600));
                case "weight" -> ModelEdits.setWeight(document, name, (int) whole(value, field, 0, 1_000_000));
                case "breaker" -> breaker(deployment, value);
                case "native_endpoints" -> deployment.set(field, endpoints(value));
                case "api_key", "key", "api_key_value" -> throw ApiError.invalid(field, "llmq never stores or shows provider keys: "
                        + "name the environment variable that holds the key in 'api_key_env', or a secret file in 'api_key_file' (each worker reads it).");
                default -> {
                    if (INTS.contains(field)) {
                        deployment.put(field, (int) whole(value, field, 0, Integer.MAX_VALUE));
                    } else if (LONGS.contains(field)) {
                        deployment.put(field, whole(value, field, 0, Long.MAX_VALUE));
                    } else {
                        throw ApiError.invalid(field, "Unknown field '" + CatalogueFields.shorten(field) + "' for a deployment.");
                    }
                }
            }
        }
    }

    private static String provider(JsonNode value) {
        if (!value.isTextual() || !Deployment.PROVIDERS.contains(value.asText())) {
            throw ApiError.invalid("provider", "Unknown provider '" + CatalogueFields.shorten(value.asText()) + "'; llmq speaks "
                    + String.join(", ", Deployment.PROVIDERS) + ".");
        }
        return value.asText();
    }

    private static String baseUrl(JsonNode value) {
        var url = text(value, "base_url", 2000);
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw ApiError.invalid("base_url", "'base_url' must be an http(s) URL.");
        }
        return url;
    }

    private static JsonNode envName(JsonNode value) {
        if (!value.isTextual() || !ENV_NAME.matcher(value.asText()).matches()) {
            throw ApiError.invalid("api_key_env", "'api_key_env' is the name of an environment variable (letters, digits, '_'), "
                    + "never the key itself.");
        }
        return value;
    }

    private static JsonNode keyFile(JsonNode value) {
        if (!value.isTextual() || !value.asText().startsWith("/") || value.asText().length() > 1000) {
            throw ApiError.invalid("api_key_file", "'api_key_file' is the absolute path of a file each worker reads the key from "
                    + "(a mounted secret), never the key itself.");
        }
        return value;
    }

    private static void breaker(ObjectNode deployment, JsonNode value) {
        if (!value.isObject()) {
            throw ApiError.invalid("breaker", "'breaker' must be an object of " + BREAKER + ".");
        }
        var breaker = deployment.has("breaker") && deployment.get("breaker").isObject()
                ? (ObjectNode) deployment.get("breaker") : deployment.putObject("breaker");
        for (var key : (Iterable<String>) value::fieldNames) {
            var field = "breaker." + key;
            if (!BREAKER.contains(key)) {
                throw ApiError.invalid(field, "Unknown breaker setting '" + CatalogueFields.shorten(key) + "'; one of " + BREAKER + ".");
            }
            var v = value.get(key);
            if (!v.isNumber() || v.asDouble() <= 0) {
                throw ApiError.invalid(field, "'" + field + "' must be a positive number.");
            }
            breaker.set(key, v);
        }
    }

    private static JsonNode endpoints(JsonNode value) {
        if (!value.isArray() || value.isEmpty()) {
            throw ApiError.invalid("native_endpoints", "'native_endpoints' must be a non-empty list of endpoint paths.");
        }
        value.forEach(e -> text(e, "native_endpoints", 100));
        return value;
    }
}
