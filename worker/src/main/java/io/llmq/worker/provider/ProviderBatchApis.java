package io.llmq.worker.provider;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.worker.provider.anthropic.AnthropicBatchApi;
import io.llmq.worker.provider.batch.BatchHttp;
import io.llmq.worker.provider.batch.OpenAiBatchApi;
import io.llmq.worker.provider.batch.ProviderBatchApi;
import io.llmq.worker.provider.gemini.GeminiBatchApi;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The batch API adapter of every catalogue deployment that has one ({@code batch_api: true}), sharing
 * one HTTP client; the batch counterpart of {@link Providers}.
 */
public final class ProviderBatchApis implements AutoCloseable {
    private final BatchHttp http = new BatchHttp();
    private final Map<String, ProviderBatchApi> byDeployment = new HashMap<>();

    /** @param env holds each deployment's key under its {@code api_key_env} */
    public ProviderBatchApis(Catalogue catalogue, Map<String, String> env, Clock clock) {
        for (var deployment : catalogue.deployments()) {
            if (deployment.batchApi() && deployment.enabled()) {
                byDeployment.put(deployment.name(), forDeployment(deployment,
                        deployment.apiKeyEnv() == null ? null : env.get(deployment.apiKeyEnv()), http, clock));
            }
        }
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

    /** The batch API of the named deployment; empty when it has none or is disabled. */
    public Optional<ProviderBatchApi> forDeployment(String name) {
        return Optional.ofNullable(byDeployment.get(name));
    }

    @Override
    public void close() {
        http.close();
    }
}
