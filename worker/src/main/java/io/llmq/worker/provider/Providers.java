package io.llmq.worker.provider;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.schema.catalogue.ModelEntry;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

/** One client per catalogue deployment, sharing one HTTP client whose calls run on virtual threads. */
public final class Providers implements AutoCloseable {
    private final Catalogue catalogue;
    private final HttpClient http;
    private final Map<String, ProviderClient> byDeployment = new HashMap<>();

    public Providers(Catalogue catalogue, Map<String, String> env) {
        this.catalogue = catalogue;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        for (var model : catalogue.models()) {
            var deployment = catalogue.deployment(model.deployment());
            byDeployment.computeIfAbsent(deployment.name(), name -> new OpenAiCompatibleClient(http, deployment,
                    deployment.apiKeyEnv() == null ? null : env.get(deployment.apiKeyEnv())));
        }
    }

    public Optional<ModelEntry> model(String id) {
        return catalogue.model(id);
    }

    public ProviderClient client(ModelEntry model) {
        return byDeployment.get(model.deployment());
    }

    @Override
    public void close() {
        http.close();
    }
}
