package io.llmq.worker;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.worker.outcome.OutcomeWriter;
import io.llmq.worker.provider.anthropic.AnthropicBatchApi;
import io.llmq.worker.provider.batch.BatchHttp;
import io.llmq.worker.provider.batch.OpenAiBatchApi;
import io.llmq.worker.provider.batch.ProviderBatchApi;
import io.llmq.worker.providerbatch.BatchApis;
import io.llmq.worker.providerbatch.ProviderBatchRunner;
import io.llmq.worker.providerbatch.RunnerSettings;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Wires the provider batch route: one adapter per deployment with {@code batch_api: true}, and the runner. */
final class ProviderBatchStage implements AutoCloseable {
    private final BatchHttp http = new BatchHttp();
    private final ProviderBatchRunner runner;

    ProviderBatchStage(WorkerConfig config, Catalogue catalogue, Map<String, String> env, Clock clock, DataSource dataSource,
                       OutcomeWriter writer, String instanceId, MeterRegistry registry) {
        this.runner = new ProviderBatchRunner(dataSource, catalogue, apis(catalogue, env, clock), writer,
                WorkerKafka.jobProducer(config), config.topics(), RunnerSettings.fromEnv(env), instanceId, clock, registry);
    }

    void start() {
        runner.start();
    }

    private BatchApis apis(Catalogue catalogue, Map<String, String> env, Clock clock) {
        Map<String, ProviderBatchApi> byDeployment = new HashMap<>();
        for (var deployment : catalogue.deployments()) {
            if (deployment.batchApi()) {
                adapter(deployment, deployment.apiKeyEnv() == null ? null : env.get(deployment.apiKeyEnv()), clock)
                        .ifPresent(api -> byDeployment.put(deployment.name(), api));
            }
        }
        return name -> Optional.ofNullable(byDeployment.get(name));
    }

    private Optional<ProviderBatchApi> adapter(Deployment deployment, String apiKey, Clock clock) {
        return switch (deployment.provider()) {
            case "openai" -> Optional.of(new OpenAiBatchApi(http, deployment, apiKey, clock));
            case "anthropic" -> Optional.of(new AnthropicBatchApi(http, deployment, apiKey, clock));
            default -> Optional.empty();
        };
    }

    @Override
    public void close() {
        runner.close();
        http.close();
    }
}
