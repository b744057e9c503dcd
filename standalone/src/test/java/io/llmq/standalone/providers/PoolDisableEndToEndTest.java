package io.llmq.standalone.providers;

import io.llmq.schema.catalogue.Catalogue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "done when", as {@code ./llmq standalone} runs it: the bundled catalogue (gpt-4o-mini
 * on the pool of {@code simulator} and {@code simulator-b}), two workers, {@code LLMQ_ADMIN_KEY}
 * set. Disabling one deployment through {@code PATCH /admin/deployments/{name}} and running 40
 * jobs, then the same with the other, ends 40/40 both times, every call on the enabled one, and
 * {@code GET /v1/providers} shows the disabled one as such.
 */
class PoolDisableEndToEndTest {
    private static ProviderHarness harness;
    private static CatalogueAdmin admin;

    @BeforeAll
    static void start() throws Exception {
        String bundled;
        try (var in = Catalogue.class.getResourceAsStream("/catalogue/default.yaml")) {
            bundled = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        harness = CatalogueAdmin.harness(bundled, 2);
        admin = new CatalogueAdmin(harness.stack);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            admin.patchDeployment("simulator", "{\"enabled\": true}");
            admin.patchDeployment("simulator-b", "{\"enabled\": true}");
        } finally {
            harness.close();
        }
    }

    @Test
    void shouldEndFortyOfFortyOnTheOtherDeploymentEachTimeOneIsDisabled() throws Exception {
        runWith("simulator-b", "simulator");
        admin.patchDeployment("simulator-b", "{\"enabled\": true}");
        runWith("simulator", "simulator-b");
    }

    private static void runWith(String disabled, String serving) throws Exception {
        var version = admin.patchDeployment(disabled, "{\"enabled\": false}");
        var reached = admin.awaitWorkers(version, Duration.ofSeconds(5));
        System.out.printf("CATALOGUE version %d (%s disabled) reached both workers %d ms after the PATCH answered%n", version,
                disabled, reached.toMillis());
        var batch = harness.submit("done-when-" + disabled, 40, "gpt-4o-mini", Map.of());
        var done = harness.awaitDone(batch, Duration.ofSeconds(90));
        assertThat(done.path("request_counts").path("completed").asInt()).isEqualTo(40);
        assertThat(done.path("request_counts").path("failed").asInt()).isZero();
        assertThat(harness.succeededByDeployment(batch)).isEqualTo(Map.of(serving, 40L));
        var providers = StreamSupport.stream(harness.get("/v1/providers").path("data").spliterator(), false)
                .collect(Collectors.toMap(d -> d.path("deployment").asText(), d -> d.path("enabled").asBoolean()));
        assertThat(providers).containsEntry(disabled, false).containsEntry(serving, true);
        var status = harness.get("/v1/models/gpt-4o-mini/status");
        assertThat(status.path("available").asBoolean()).isTrue();
        assertThat(StreamSupport.stream(status.path("deployments").spliterator(), false)
                .filter(d -> d.path("name").asText().equals(disabled)).findFirst().orElseThrow().path("enabled").asBoolean()).isFalse();
    }
}
