package io.llmq.worker.provider;

import io.llmq.schema.catalogue.Catalogue;
import io.llmq.worker.provider.anthropic.AnthropicBatchApi;
import io.llmq.worker.provider.batch.OpenAiBatchApi;
import io.llmq.worker.provider.gemini.GeminiBatchApi;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProviderBatchApisTest {
    private static final String CATALOGUE = """
            deployments:
              - {name: oai, provider: openai, base_url: "http://localhost:1/v1", batch_api: true}
              - {name: ant, provider: anthropic, base_url: "http://localhost:1/v1", batch_api: true}
              - {name: gem, provider: gemini, base_url: "http://localhost:1/v1beta", batch_api: true}
              - {name: live, provider: openai, base_url: "http://localhost:2/v1"}
            models:
              - {id: m1, deployment: oai, upstream_model: m}
              - {id: m2, deployment: ant, upstream_model: m}
              - {id: m3, deployment: gem, upstream_model: m}
              - {id: m4, deployment: live, upstream_model: m}
            """;

    @Test
    void shouldGiveEachDeploymentWithABatchApiTheAdapterOfItsWireFormatAndOthersNone() {
        try (var apis = new ProviderBatchApis(Catalogue.parse(CATALOGUE, name -> null), Map.of(), Clock.systemUTC())) {
            assertThat(apis.forDeployment("oai")).get().isInstanceOf(OpenAiBatchApi.class);
            assertThat(apis.forDeployment("ant")).get().isInstanceOf(AnthropicBatchApi.class);
            assertThat(apis.forDeployment("gem")).get().isInstanceOf(GeminiBatchApi.class);
            assertThat(apis.forDeployment("live")).isEmpty();
            assertThat(apis.forDeployment("ant").get().limits().maxRequests()).isEqualTo(100_000);
        }
    }
}
