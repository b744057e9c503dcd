package io.llmq.standalone.providers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue changed while llmq runs, on real Kafka and PostgreSQL with two workers: a change
 * through the admin API reaches every worker within 5 s, and from then on the pool's calls follow
 * it; the reads show it. Deployment names are this test's own: the shared database keeps buckets
 * and pauses by name.
 */
class LiveCatalogueTest {
    private static final String CATALOGUE = """
            deployments:
              - { name: live-a, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
              - { name: live-b, provider: openai, base_url: "${LLMQ_SIMULATOR_URL}/v1" }
            models:
              - { id: m-live, deployments: [live-a, live-b], price: { input: 1.00, output: 2.00 } }
            """;

    private static ProviderHarness harness;
    private static CatalogueAdmin admin;

    @BeforeAll
    static void start() throws Exception {
        harness = CatalogueAdmin.harness(CATALOGUE, 2);
        admin = new CatalogueAdmin(harness.stack);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static boolean enabledInProviders(String deployment) throws Exception {
        return StreamSupport.stream(harness.get("/v1/providers").path("data").spliterator(), false)
                .filter(d -> d.path("deployment").asText().equals(deployment)).findFirst().orElseThrow().path("enabled").asBoolean();
    }

    @Test
    void shouldSendEveryNewCallToTheOtherDeploymentOnceADisablingReachedTheWorkers() throws Exception {
        var version = admin.patchDeployment("live-a", "{\"enabled\": false, \"reason\": \"test: live-a off\"}");
        admin.awaitWorkers(version, Duration.ofSeconds(5));
        var batch = harness.submit("live-off-a", 40, "m-live", Map.of());
        assertThat(harness.awaitDone(batch, Duration.ofSeconds(60)).path("request_counts").path("completed").asInt()).isEqualTo(40);
        assertThat(harness.succeededByDeployment(batch)).isEqualTo(Map.of("live-b", 40L));
        assertThat(enabledInProviders("live-a")).isFalse();
        assertThat(harness.get("/v1/models/m-live").at("/llmq/deployments/0/enabled").asBoolean(true)).isFalse();

        admin.patchDeployment("live-a", "{\"enabled\": true}");
        version = admin.patchDeployment("live-b", "{\"enabled\": false}");
        admin.awaitWorkers(version, Duration.ofSeconds(5));
        batch = harness.submit("live-off-b", 40, "m-live", Map.of());
        assertThat(harness.awaitDone(batch, Duration.ofSeconds(60)).path("request_counts").path("completed").asInt()).isEqualTo(40);
        assertThat(harness.succeededByDeployment(batch)).isEqualTo(Map.of("live-a", 40L));
        assertThat(enabledInProviders("live-b")).isFalse();
        assertThat(enabledInProviders("live-a")).isTrue();

        admin.awaitWorkers(admin.patchDeployment("live-b", "{\"enabled\": true}"), Duration.ofSeconds(5));
    }

    @Test
    void shouldMoveThePoolsShareWhenAWeightChanges() throws Exception {
        var version = admin.patchModel("m-live", "{\"deployments\": [{\"name\": \"live-a\", \"weight\": 0}, "
                + "{\"name\": \"live-b\", \"weight\": 1}]}");
        admin.awaitWorkers(version, Duration.ofSeconds(5));
        try {
            // a weight of 0 is a standby: it gets a call only while the other has no headroom, which 20 ms calls never lack
            var batch = harness.submit("live-weights", 40, "m-live", Map.of());
            assertThat(harness.awaitDone(batch, Duration.ofSeconds(60)).path("request_counts").path("completed").asInt()).isEqualTo(40);
            assertThat(harness.succeededByDeployment(batch).getOrDefault("live-b", 0L)).isGreaterThanOrEqualTo(36L);
            var model = admin.send("GET", "/admin/models/m-live", null).body();
            assertThat(model.at("/deployments/0/weight").asInt()).isZero();
            assertThat(harness.get("/v1/models/m-live/status").path("available").asBoolean()).isTrue();
        } finally {
            admin.awaitWorkers(admin.patchModel("m-live", "{\"deployments\": [\"live-a\", \"live-b\"]}"), Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldAuditEveryChangeAndWriteItAsANewVersion() throws Exception {
        var before = admin.version();
        var written = admin.patchDeployment("live-a", "{\"rpm\": 6000, \"reason\": \"test: a higher limit\"}");
        assertThat(written).isEqualTo(before + 1);
        var deployment = StreamSupport.stream(admin.send("GET", "/admin/deployments", null).body().path("data").spliterator(), false)
                .filter(d -> d.path("name").asText().equals("live-a")).findFirst().orElseThrow();
        assertThat(deployment.path("rpm").asInt()).isEqualTo(6000);
        assertThat(deployment.has("api_key")).isFalse();
        var audit = admin.send("GET", "/admin/audit?limit=5", null).body().path("data");
        assertThat(StreamSupport.stream(audit.spliterator(), false).anyMatch(e -> e.path("action").asText()
                .equals("catalogue.deployment.update") && e.path("target").asText().equals("live-a"))).isTrue();
        assertThat(harness.count("SELECT count(*) FROM catalogue_versions WHERE version = ?::bigint AND reason = 'test: a higher limit'",
                String.valueOf(written))).isEqualTo(1);
        admin.awaitWorkers(admin.patchDeployment("live-a", "{\"rpm\": 0}"), Duration.ofSeconds(5));
    }
}
