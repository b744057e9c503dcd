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
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One client (adapter) per catalogue deployment, sharing one pooled HTTP client called on the jobs' virtual threads. */
public final class Providers implements AutoCloseable {
    private final Catalogue catalogue;
    private final ProviderHttp http;
    private final Map<String, ProviderClient> byDeployment = new HashMap<>();

    public Providers(Catalogue catalogue, Map<String, String> env) {
        this(catalogue, env, Clock.systemUTC());
    }

    /** @param clock stamps translated answers ({@code created}) and reads rate-limit resets */
    public Providers(Catalogue catalogue, Map<String, String> env, Clock clock) {
        this.catalogue = catalogue;
        this.http = new ProviderHttp(Settings.longValue(env, "LLMQ_PROVIDER_MAX_RESPONSE_BYTES", ProviderHttp.DEFAULT_MAX_RESPONSE_BYTES));
        for (var model : catalogue.models()) {
            for (var member : model.pool()) {
                var deployment = catalogue.deployment(member.deployment());
                byDeployment.computeIfAbsent(deployment.name(), name -> client(http, deployment,
                        deployment.apiKeyEnv() == null ? null : env.get(deployment.apiKeyEnv()), clock));
            }
        }
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

    public Fallbacks fallbacks(String modelId) {
        return catalogue.fallbacks(modelId);
    }

    public Optional<ModelEntry> model(String id) {
        return catalogue.model(id);
    }

    public ProviderClient client(ModelEntry model) {
        return byDeployment.get(model.deployment());
    }

    /** The adapter of one deployment of a model's pool. */
    public ProviderClient client(String deployment) {
        return byDeployment.get(deployment);
    }

    public Deployment deployment(String name) {
        return catalogue.deployment(name);
    }

    @Override
    public void close() {
        http.close();
    }
}
