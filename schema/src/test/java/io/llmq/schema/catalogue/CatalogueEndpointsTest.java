package io.llmq.schema.catalogue;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogueEndpointsTest {
    private static final String YAML = """
            deployments:
              - name: vllm
                provider: openai
                base_url: http://vllm:8000/v1
              - name: full
                provider: openai
                base_url: http://openai/v1
                native_endpoints: [/v1/chat/completions, /v1/responses]
            models:
              - id: m1
                deployment: vllm
                price: { input: 1, output: 2 }
              - id: mod
                kind: moderation
                deployment: full
                price: { input: 0, output: 0 }
            """;

    @Test
    void shouldServeResponsesAndCompletionsWithChatModelsAndModerationsOnlyWithModerationModels() {
        var catalogue = Catalogue.parse(YAML, name -> null);
        assertThat(catalogue.model("m1").orElseThrow().kind().endpoints())
                .containsExactly(Endpoints.CHAT_COMPLETIONS, Endpoints.RESPONSES, Endpoints.COMPLETIONS);
        var moderation = catalogue.model("mod").orElseThrow();
        assertThat(moderation.kind()).isEqualTo(ModelKind.MODERATION);
        assertThat(moderation.kind().serves(Endpoints.MODERATIONS)).isTrue();
        assertThat(moderation.kind().serves(Endpoints.CHAT_COMPLETIONS)).isFalse();
        assertThat(ModelKind.serving(Endpoints.RESPONSES)).isEqualTo(ModelKind.CHAT);
    }

    @Test
    void shouldTranslateResponsesForAnOpenAiCompatibleServerUnlessItListsThemAsNative() {
        var catalogue = Catalogue.parse(YAML, name -> null);
        assertThat(catalogue.deployment("vllm").servesNatively(Endpoints.RESPONSES)).isFalse();
        assertThat(catalogue.deployment("vllm").servesNatively(Endpoints.MODERATIONS)).isTrue();
        assertThat(catalogue.deployment("full").servesNatively(Endpoints.RESPONSES)).isTrue();
        assertThat(catalogue.deployment("full").servesNatively(Endpoints.COMPLETIONS)).isFalse();
    }

    @Test
    void shouldRefuseAnUnknownNativeEndpointAndNativeEndpointsOnAnotherFormat() {
        assertThatThrownBy(() -> Catalogue.parse(YAML.replace("/v1/responses]", "/v1/images]"), name -> null))
                .hasMessageContaining("deployment full: native_endpoints").hasMessageContaining("/v1/images");
        assertThatThrownBy(() -> Catalogue.parse(YAML.replace("provider: openai\n    base_url: http://openai/v1",
                "provider: anthropic\n    base_url: http://anthropic/v1"), name -> null))
                .hasMessageContaining("native_endpoints applies only to provider openai");
    }

    @Test
    void shouldOfferAFreeModerationModelInTheBundledCatalogue() {
        var model = Catalogue.load(Map.of()).model("omni-moderation-latest").orElseThrow();
        assertThat(model.kind()).isEqualTo(ModelKind.MODERATION);
        assertThat(model.price().cost(1000, 0, 0)).isZero();
    }
}
