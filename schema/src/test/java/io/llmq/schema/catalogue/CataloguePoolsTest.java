package io.llmq.schema.catalogue;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CataloguePoolsTest {
    private static final String DEPLOYMENTS = """
            deployments:
              - { name: a, provider: openai, base_url: "http://a.example/v1" }
              - { name: b, provider: openai, base_url: "http://b.example/v1" }
            models:
            """;

    private static Catalogue parse(String models) {
        return Catalogue.parse(DEPLOYMENTS + models, name -> null);
    }

    @Test
    void shouldReadAPoolWithWeightsWhoseFirstMemberIsTheModelsDeployment() {
        var model = parse("""
                  - id: m
                    deployments: [{ name: a, weight: 3 }, { name: b }]
                    price: { input: 1, output: 2 }
                """).model("m").orElseThrow();

        assertThat(model.pool()).containsExactly(new PoolMember("a", 3), new PoolMember("b", 1));
        assertThat(model.deployment()).isEqualTo("a");
        assertThat(model.servedBy("b")).isTrue();
    }

    @Test
    void shouldKeepASingleDeploymentAsAPoolOfOneWithWeightOne() {
        var model = parse("  - { id: m, deployment: b, price: { input: 1, output: 2 } }\n").model("m").orElseThrow();

        assertThat(model.pool()).isEqualTo(List.of(new PoolMember("b", 1)));
        assertThat(model.servedBy("a")).isFalse();
    }

    @Test
    void shouldReadBareNamesAsWeightOne() {
        var model = parse("  - { id: m, deployments: [a, b], price: { input: 1, output: 2 } }\n").model("m").orElseThrow();

        assertThat(model.pool()).containsExactly(new PoolMember("a", 1), new PoolMember("b", 1));
    }

    @Test
    void shouldReadEnabledPerDeploymentAndRefuseAModelWithEveryDeploymentDisabled() {
        var yaml = DEPLOYMENTS.replace("base_url: \"http://b.example/v1\"", "base_url: \"http://b.example/v1\", enabled: false");
        var catalogue = Catalogue.parse(yaml + "  - { id: m, deployments: [a, b], price: { input: 1, output: 2 } }\n", name -> null);

        assertThat(catalogue.deployment("a").enabled()).isTrue();
        assertThat(catalogue.deployment("b").enabled()).isFalse();
        assertThatThrownBy(() -> Catalogue.parse(yaml + "  - { id: m, deployment: b, price: { input: 1, output: 2 } }\n", name -> null))
                .hasMessageContaining("model m: every deployment it names is disabled");
        assertThatThrownBy(() -> Catalogue.parse(yaml + "  - { id: m, deployments: [{ name: a, weight: 0 }, b], price: { input: 1, output: 2 } }\n",
                name -> null)).hasMessageContaining("model m: its enabled deployments' weights add up to 0");
    }

    @Test
    void shouldRefuseBadPoolsNamingTheModelAndField() {
        assertThatThrownBy(() -> parse("  - { id: m, deployment: a, deployments: [b], price: { input: 1, output: 2 } }\n"))
                .hasMessageContaining("model m: give either deployment or deployments");
        assertThatThrownBy(() -> parse("  - { id: m, deployments: [a, c], price: { input: 1, output: 2 } }\n"))
                .hasMessageContaining("model m: deployment 'c' is not defined");
        assertThatThrownBy(() -> parse("  - { id: m, deployments: [a, a], price: { input: 1, output: 2 } }\n"))
                .hasMessageContaining("deployment 'a' is listed twice");
        assertThatThrownBy(() -> parse("  - { id: m, deployments: [{ name: a, weight: -1 }], price: { input: 1, output: 2 } }\n"))
                .hasMessageContaining("deployment a: weight must be at least 0, got -1");
        assertThatThrownBy(() -> parse("  - { id: m, deployments: [{ name: a, weight: 0 }], price: { input: 1, output: 2 } }\n"))
                .hasMessageContaining("model m: its enabled deployments' weights add up to 0");
        assertThatThrownBy(() -> parse("  - { id: m, deployments: [], price: { input: 1, output: 2 } }\n"))
                .hasMessageContaining("model m: deployments must be a non-empty list");
    }
}
