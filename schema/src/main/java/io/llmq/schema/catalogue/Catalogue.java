package io.llmq.schema.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The models llmq serves, where each is deployed and what it costs, read from a YAML file.
 * {@code ${VAR}} and {@code ${VAR:-default}} in the file are replaced from the environment, so one
 * file serves every environment. See {@code docs/catalogue.md} for the format.
 */
public final class Catalogue {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::-([^}]*))?}");
    private static final String BUNDLED = "/catalogue/default.yaml";

    private final Map<String, Deployment> deployments;
    private final Map<String, ModelEntry> models;
    private final Map<String, Resilience> resilience;
    private final Map<String, Fallbacks> fallbacks;
    private final java.util.Set<String> disabledModels;
    private final JsonNode document;

    private Catalogue(Map<String, Deployment> deployments, Map<String, ModelEntry> models, Map<String, Resilience> resilience,
                      Map<String, Fallbacks> fallbacks, java.util.Set<String> disabledModels, JsonNode document) {
        this.deployments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(deployments));
        this.models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
        this.resilience = Map.copyOf(resilience);
        this.fallbacks = Map.copyOf(fallbacks);
        this.disabledModels = java.util.Set.copyOf(disabledModels);
        this.document = document;
    }

    /** The file named by {@code LLMQ_CATALOGUE}, else the bundled default (which points at the simulator). */
    public static Catalogue load(Map<String, String> env) {
        var file = env.get("LLMQ_CATALOGUE");
        if (file != null && !file.isBlank()) {
            try {
                return parse(Files.readString(Path.of(file)), env::get);
            } catch (IOException e) {
                throw new UncheckedIOException("LLMQ_CATALOGUE=" + file + " cannot be read", e);
            }
        }
        try (InputStream in = Catalogue.class.getResourceAsStream(BUNDLED)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), env::get);
        } catch (IOException e) {
            throw new UncheckedIOException("bundled catalogue missing", e);
        }
    }

    /** The file's text, {@code ${VAR}} replaced from {@code env}; as strict as a start-up must be (see {@link #fromDocument}). */
    public static Catalogue parse(String yaml, UnaryOperator<String> env) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(substitute(yaml, env));
        } catch (IOException e) {
            throw new IllegalArgumentException("catalogue is not valid YAML: " + e.getMessage(), e);
        }
        return fromDocument(root, true);
    }

    /**
     * The catalogue a document (the file's tree, as stored in {@code catalogue_versions}) describes.
     *
     * @param strict refuse a model none of whose deployments is enabled, as the file is refused at
     *               start-up; a stored version may hold one (an admin disabled them while no job
     *               was queued for it), and the model is then unavailable
     */
    public static Catalogue fromDocument(JsonNode root, boolean strict) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("catalogue must be a mapping with deployments and models");
        }
        Map<String, Deployment> deployments = new LinkedHashMap<>();
        Map<String, Resilience> resilience = new LinkedHashMap<>();
        Map<String, Fallbacks> fallbacks = new LinkedHashMap<>();
        for (var d : root.path("deployments")) {
            var deployment = new Deployment(text(d, "name"), text(d, "provider"), text(d, "base_url"),
                    text(d, "api_key_env"), d.has("timeout_seconds") ? Duration.ofSeconds(d.get("timeout_seconds").asLong()) : null,
                    new DeploymentLimits(d.path("rpm").asInt(0), d.path("tpm").asLong(0), d.path("max_concurrent").asInt(0),
                            Duration.ofMillis(d.path("burst_ms").asLong(DeploymentLimits.DEFAULT_BURST.toMillis())),
                            d.path("rpd").asInt(0), d.path("tpd").asLong(0), d.path("daily_reset_hour").asInt(0)),
                    textSet(d, "native_endpoints"), d.path("enabled").asBoolean(true), d.path("batch_api").asBoolean(false),
                    text(d, "api_key_file"));
            if (deployments.put(deployment.name(), deployment) != null) {
                throw new IllegalArgumentException("deployment " + deployment.name() + " is defined twice");
            }
            resilience.put(deployment.name(), CatalogueResilience.parse(d, deployment.name()));
        }
        Map<String, ModelEntry> models = new LinkedHashMap<>();
        var disabledModels = new java.util.HashSet<String>();
        for (var m : root.path("models")) {
            var id = text(m, "id");
            var p = m.path("price");
            var price = p.isMissingNode() ? null : new Price(decimal(p, "input", id), optionalDecimal(p, "cached_input"),
                    optionalDecimal(p, "cache_write"), decimal(p, "output", id), p.path("batch_discount").asBoolean(false));
            var pool = CataloguePools.parse(m, id, deployments, strict);
            var model = new ModelEntry(id, pool.get(0).deployment(), text(m, "upstream_model"),
                    m.path("max_output_tokens").asInt(4096), m.path("context_window").asInt(128_000), price,
                    ModelKind.parse(text(m, "kind"), id), PriceDates.parse(text(p, "effective_from"), id), pool);
            if (models.put(id, model) != null) {
                throw new IllegalArgumentException("model " + id + " is defined twice");
            }
            fallbacks.put(id, CatalogueResilience.fallbacks(m, id));
            if (!m.path("enabled").asBoolean(true)) {
                disabledModels.add(id);
            }
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("catalogue defines no models");
        }
        CatalogueResilience.checkFallbacks(fallbacks, models.keySet());
        return new Catalogue(deployments, models, resilience, fallbacks, disabledModels, root.deepCopy());
    }

    /** The tree this catalogue was read from, {@code ${VAR}} replaced: what a version stores and an admin change edits. */
    public JsonNode document() {
        return document.deepCopy();
    }

    /** Whether the model is switched on ({@code enabled: false} on the model switches it off). */
    public boolean modelEnabled(String id) {
        return models.containsKey(id) && !disabledModels.contains(id);
    }

    /**
     * The model's enabled deployments, in pool order; empty when the model or every deployment of
     * its pool is switched off: then nothing can serve it (jobs park, creates are refused).
     */
    public java.util.List<PoolMember> enabledPool(String id) {
        var model = models.get(id);
        if (model == null || disabledModels.contains(id)) {
            return java.util.List.of();
        }
        return model.pool().stream().filter(m -> deployments.get(m.deployment()).enabled()).toList();
    }

    /** Whether the deployment is an enabled member of the model's pool now (and the model is enabled). */
    public boolean serves(String modelId, String deployment) {
        return enabledPool(modelId).stream().anyMatch(m -> m.deployment().equals(deployment));
    }

    /** Whether a job naming the model can be run now: it is enabled and has an enabled deployment. */
    public boolean available(String id) {
        return !enabledPool(id).isEmpty();
    }

    public Optional<ModelEntry> model(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public Collection<ModelEntry> models() {
        return models.values();
    }

    /** The deployment's bulkhead and circuit-breaker settings (defaults where the file says nothing). */
    public Resilience resilience(String deployment) {
        return resilience.getOrDefault(deployment, Resilience.DEFAULTS);
    }

    /** The model's fallback chain; empty when it names none. */
    public Fallbacks fallbacks(String model) {
        return fallbacks.getOrDefault(model, Fallbacks.NONE);
    }

    public Collection<Deployment> deployments() {
        return deployments.values();
    }

    public Deployment deployment(String name) {
        var d = deployments.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no deployment named " + name);
        }
        return d;
    }

    static String substitute(String text, UnaryOperator<String> env) {
        Matcher m = VARIABLE.matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            var value = env.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new IllegalArgumentException("catalogue uses ${" + m.group(1) + "} but it is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String text(JsonNode node, String field) {
        var v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A YAML list of strings, or null when the field is absent. */
    private static java.util.Set<String> textSet(JsonNode node, String field) {
        var v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        var out = new java.util.LinkedHashSet<String>();
        if (v.isArray()) {
            v.forEach(item -> out.add(item.asText()));
        } else {
            out.add(v.asText());
        }
        return out;
    }

    private static BigDecimal decimal(JsonNode node, String field, String model) {
        var v = optionalDecimal(node, field);
        if (v == null) {
            throw new IllegalArgumentException("model " + model + ": price." + field + " is required");
        }
        return v;
    }

    private static BigDecimal optionalDecimal(JsonNode node, String field) {
        var v = node.get(field);
        return v == null || v.isNull() ? null : new BigDecimal(v.asText());
    }
}
