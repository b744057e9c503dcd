package io.llmq.worker.provider;

import io.llmq.schema.Settings;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.schema.catalogue.Fallbacks;
import io.llmq.schema.catalogue.ModelEntry;
import io.llmq.worker.provider.anthropic.AnthropicClient;
import io.llmq.worker.provider.endpoints.ViaChat;
import io.llmq.worker.provider.gemini.GeminiClient;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One client (adapter) per catalogue deployment, sharing one pooled HTTP client called on the jobs'
 * virtual threads. The catalogue is read as it is now: a deployment added by the admin API gets a
 * client at its first call, and one whose settings changed (base URL, key variable, timeout) a new one.
 */
public final class Providers implements AutoCloseable {
    private final Supplier<Catalogue> catalogue;
    private final Map<String, String> env;
    private final Clock clock;
    private final ProviderHttp http;
    private final Map<String, Built> byDeployment = new ConcurrentHashMap<>();

    /** A client and the deployment settings it was made from. */
    private record Built(Deployment deployment, ProviderClient client) {
    }

    public Providers(Catalogue catalogue, Map<String, String> env) {
        this(() -> catalogue, env, Clock.systemUTC());
    }

    public Providers(Supplier<Catalogue> catalogue, Map<String, String> env) {
        this(catalogue, env, Clock.systemUTC());
    }

    /** @param clock stamps translated answers ({@code created}) and reads rate-limit resets */
    public Providers(Supplier<Catalogue> catalogue, Map<String, String> env, Clock clock) {
        this.catalogue = catalogue;
        this.env = Map.copyOf(env);
        this.clock = clock;
        this.http = new ProviderHttp(Settings.longValue(env, "LLMQ_PROVIDER_MAX_RESPONSE_BYTES", ProviderHttp.DEFAULT_MAX_RESPONSE_BYTES));
    }

    /**
     * The adapter of the deployment's wire format; every one takes and gives OpenAI's formats. The
     * Responses and legacy Completions endpoints a deployment does not serve itself go through its
     * chat adapter ({@link ViaChat}), so each adapter has one translation and every endpoint reaches
     * every provider.
     */
    static ProviderClient client(ProviderHttp http, Deployment deployment, String apiKey, Clock clock) {
        ProviderClient adapter = switch (deployment.provider()) {
            case "anthropic" -> new AnthropicClient(http, deployment, apiKey, clock);
            case "gemini" -> new GeminiClient(http, deployment, apiKey, clock);
            default -> new OpenAiCompatibleClient(http, deployment, apiKey, clock);
        };
        return new ViaChat(adapter, deployment::servesNatively);
    }

    /** The catalogue in force now. */
    public Catalogue catalogue() {
        return catalogue.get();
    }

    public Fallbacks fallbacks(String modelId) {
        return catalogue.get().fallbacks(modelId);
    }

    public Optional<ModelEntry> model(String id) {
        return catalogue.get().model(id);
    }

    public ProviderClient client(ModelEntry model) {
        return client(model.deployment());
    }

    /** The adapter of one deployment of a model's pool, made anew when the deployment's settings changed. */
    public ProviderClient client(String deployment) {
        var now = catalogue.get().deployment(deployment);
        var built = byDeployment.get(deployment);
        if (built != null && built.deployment().equals(now)) {
            return built.client();
        }
        return byDeployment.compute(deployment, (name, old) -> old != null && old.deployment().equals(now) ? old
                : new Built(now, client(http, now, apiKey(now, env), clock))).client();
    }

    /** From the variable or the file the deployment names; never from the catalogue itself. */
    static String apiKey(Deployment deployment, Map<String, String> env) {
        if (deployment.apiKeyFile() != null) {
            try {
                return java.nio.file.Files.readString(java.nio.file.Path.of(deployment.apiKeyFile())).strip();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("deployment " + deployment.name() + ": api_key_file " + deployment.apiKeyFile()
                        + " cannot be read", e);
            }
        }
        return deployment.apiKeyEnv() == null ? null : env.get(deployment.apiKeyEnv());
    }

    public Deployment deployment(String name) {
        return catalogue.get().deployment(name);
    }

    @Override
    public void close() {
        http.close();
    }
}
