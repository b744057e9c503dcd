package io.llmq.schema.catalogue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A model nothing serves: refused in a file at start-up, allowed in a stored version (where it is unavailable). */
class CatalogueAvailabilityTest {
    private static final String YAML = """
            deployments:
              - { name: a, provider: openai, base_url: "http://a.example/v1" }
              - { name: b, provider: openai, base_url: "http://b.example/v1", enabled: %s }
            models:
              - { id: pooled, deployments: [a, b], price: { input: 1, output: 2 } }
              - { id: alone, deployment: b, price: { input: 1, output: 2 } }
              - { id: switched-off, deployment: a, enabled: false, price: { input: 1, output: 2 } }
            """;

    @Test
    void shouldServeAPooledModelByItsEnabledDeploymentsOnly() {
        var catalogue = Catalogue.parse(YAML.formatted("true"), name -> null);
        var lenient = Catalogue.fromDocument(catalogue.document(), false);
        var edited = (com.fasterxml.jackson.databind.node.ObjectNode) lenient.document();
        ((com.fasterxml.jackson.databind.node.ObjectNode) edited.get("deployments").get(1)).put("enabled", false);
        var changed = Catalogue.fromDocument(edited, false);

        assertThat(changed.enabledPool("pooled")).containsExactly(new PoolMember("a", 1));
        assertThat(changed.serves("pooled", "b")).isFalse();
        assertThat(changed.available("pooled")).isTrue();
        assertThat(changed.available("alone")).isFalse();
        assertThat(changed.modelEnabled("alone")).isTrue();
        assertThat(catalogue.available("alone")).isTrue();
    }

    @Test
    void shouldMakeADisabledModelUnavailableWhateverItsDeployments() {
        var catalogue = Catalogue.parse(YAML.formatted("true"), name -> null);

        assertThat(catalogue.modelEnabled("switched-off")).isFalse();
        assertThat(catalogue.available("switched-off")).isFalse();
        assertThat(catalogue.enabledPool("switched-off")).isEmpty();
        assertThat(catalogue.model("switched-off")).isPresent();
    }

    @Test
    void shouldRefuseAFileWhoseModelHasNoEnabledDeploymentButReadSuchAStoredVersion() {
        assertThatThrownBy(() -> Catalogue.parse(YAML.formatted("false"), name -> null))
                .hasMessageContaining("model alone").hasMessageContaining("disabled");
        var stored = Catalogue.parse(YAML.formatted("true"), name -> null).document();
        ((com.fasterxml.jackson.databind.node.ObjectNode) stored.get("deployments").get(1)).put("enabled", false);

        assertThat(Catalogue.fromDocument(stored, false).available("alone")).isFalse();
        assertThatThrownBy(() -> Catalogue.fromDocument(stored, true)).hasMessageContaining("model alone");
    }
}
