package io.llmq.schema.catalogue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogueResilienceTest {
    private static final String PRICE = "price: { input: 1, output: 2 }";

    private static Catalogue parse(String yaml) {
        return Catalogue.parse(yaml.replace("PRICE", PRICE), name -> null);
    }

    @Test
    void shouldReadProvidersBreakerBulkheadAndFallbacks() {
        var catalogue = parse("""
                deployments:
                  - { name: a, provider: anthropic, base_url: "https://api.anthropic.com/v1", max_concurrent_calls: 7,
                      breaker: { failure_rate: 30, window: 40, minimum_calls: 8, open_seconds: 1.5, half_open_calls: 2,
                                 slow_call_seconds: 20, slow_call_rate: 90 } }
                  - { name: g, provider: gemini, base_url: "https://generativelanguage.googleapis.com/v1beta" }
                models:
                  - { id: claude, deployment: a, fallbacks: [flash], fallbacks_enabled: true, PRICE }
                  - { id: flash, deployment: g, PRICE }
                """);

        assertThat(catalogue.resilience("a")).isEqualTo(new Resilience(7, 30, 90, Duration.ofSeconds(20), 40, 8,
                Duration.ofMillis(1500), 2));
        assertThat(catalogue.resilience("g")).isEqualTo(Resilience.DEFAULTS);
        assertThat(catalogue.fallbacks("claude")).isEqualTo(new Fallbacks(List.of("flash"), true));
        assertThat(catalogue.fallbacks("flash").isEmpty()).isTrue();
        assertThat(catalogue.deployment("g").provider()).isEqualTo("gemini");
    }

    @Test
    void shouldRefuseAnUnknownProviderNamingTheChoices() {
        assertThatThrownBy(() -> parse("""
                deployments: [{ name: x, provider: cohere, base_url: "http://h/v1" }]
                models: [{ id: m, deployment: x, PRICE }]
                """)).hasMessageContaining("openai, anthropic, gemini").hasMessageContaining("cohere");
    }

    @Test
    void shouldRefuseFallbacksToUnknownModelsOrToTheModelItself() {
        assertThatThrownBy(() -> parse("""
                deployments: [{ name: x, provider: openai, base_url: "http://h/v1" }]
                models: [{ id: m, deployment: x, fallbacks: [nope], PRICE }]
                """)).hasMessageContaining("fallback 'nope' is not a model");
        assertThatThrownBy(() -> parse("""
                deployments: [{ name: x, provider: openai, base_url: "http://h/v1" }]
                models: [{ id: m, deployment: x, fallbacks: [m], PRICE }]
                """)).hasMessageContaining("cannot name the model itself");
    }

    @Test
    void shouldNameTheDeploymentAndSettingOfABadBreaker() {
        assertThatThrownBy(() -> parse("""
                deployments: [{ name: x, provider: openai, base_url: "http://h/v1", breaker: { window: 0 } }]
                models: [{ id: m, deployment: x, PRICE }]
                """)).hasMessageContaining("deployment x").hasMessageContaining("breaker.window");
    }

    @Test
    void shouldLoadTheBundledCatalogueWithAllThreeWireFormats() {
        var catalogue = Catalogue.load(java.util.Map.of());

        assertThat(catalogue.deployments()).extracting(Deployment::provider).contains("openai", "anthropic", "gemini");
        assertThat(catalogue.fallbacks("gpt-4o-mini").enabledByDefault()).isFalse();
    }
}
