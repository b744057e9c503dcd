package io.llmq.worker.provider;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.worker.provider.anthropic.AnthropicBatchApi;
import io.llmq.worker.provider.batch.BatchHttp;
import io.llmq.worker.provider.batch.OpenAiBatchApi;
import io.llmq.worker.provider.batch.ProviderBatchApi;
import io.llmq.worker.provider.gemini.GeminiBatchApi;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The batch API adapter of every catalogue deployment that has one ({@code batch_api: true}), sharing
 * one HTTP client; the batch counterpart of {@link Providers}.
 */
public final class ProviderBatchApis implements AutoCloseable {
    private final BatchHttp http = new BatchHttp();
    private final Supplier<Catalogue> catalogue;
    private final Map<String, String> env;
    private final Clock clock;
    private final Map<String, Built> byDeployment = new ConcurrentHashMap<>();

    /** An adapter and the deployment settings it was made from. */
    private record Built(Deployment deployment, ProviderBatchApi api) {
    }

    /**
     * @param catalogue the catalogue in force now (it is live): a deployment given a batch API later
     *                  gets an adapter at its first use, one whose settings changed a new one
     * @param env       holds each deployment's key under its {@code api_key_env}
     */
    public ProviderBatchApis(Supplier<Catalogue> catalogue, Map<String, String> env, Clock clock) {
        this.catalogue = catalogue;
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    public ProviderBatchApis(Catalogue catalogue, Map<String, String> env, Clock clock) {
        this(() -> catalogue, env, clock);
    }

    /** The adapter of the deployment's wire format. */
    public static ProviderBatchApi forDeployment(Deployment deployment, String apiKey, BatchHttp http, Clock clock) {
        if (!deployment.batchApi()) {
            throw new IllegalArgumentException("deployment " + deployment.name() + " has no batch API (batch_api is not true)");
        }
        return switch (deployment.provider()) {
            case "anthropic" -> new AnthropicBatchApi(http, deployment, apiKey, clock);
            case "gemini" -> new GeminiBatchApi(http, deployment, apiKey, clock);
            default -> new OpenAiBatchApi(http, deployment, apiKey, clock);
        };
    }

    /** The batch API of the named deployment; empty when it has none, is disabled or is no longer in the catalogue. */
    public Optional<ProviderBatchApi> forDeployment(String name) {
        var now = catalogue.get().deployments().stream().filter(d -> d.name().equals(name)).findFirst().orElse(null);
        if (now == null || !now.batchApi() || !now.enabled()) {
            return Optional.empty();
        }
        return Optional.of(byDeployment.compute(name, (n, old) -> old != null && old.deployment().equals(now) ? old
                : new Built(now, forDeployment(now, Providers.apiKey(now, env), http, clock))).api());
    }

    @Override
    public void close() {
        http.close();
    }
}
