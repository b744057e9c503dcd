package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Ids;
import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static io.llmq.standalone.api.ProviderBatchRuns.awaitEnded;
import static io.llmq.standalone.api.ProviderBatchRuns.body;
import static io.llmq.standalone.api.ProviderBatchRuns.create;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 on real Kafka, PostgreSQL and the provider-simulator's batch APIs over HTTP, with the
 * bundled catalogue: a batch asks for {@code llmq_route: provider_batch} and runs through the
 * provider's own batch API, with every result, the same output file and half the sync cost; bad
 * routes are refused whole, nothing staged.
 */
class ProviderBatchRouteTest {
    private static final String PLAIN = "pb-plain-" + Ids.random(6).toLowerCase();

    private static Stack stack;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(20)).withCatalogue(shippedCatalogueWithAPlainModel()),
                TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY, "LLMQ_PROVIDER_BATCH_POLL_MS", "300"));
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldRefuseAnUnknownRouteNamingTheFieldAndStageNothing() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "pb-bad-route");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());

        var refused = api.post("/v1/batches", body(Requests.chat(3, "bad"), "overnight"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/error/param").asText()).isEqualTo("metadata.llmq_route");
        assertThat(refused.json().at("/error/message").asText()).contains("sync | provider_batch | auto", "overnight");
        assertThat(db.count("SELECT count(*) FROM batches WHERE tenant_id = ?", tenant.tenantId())).isZero();
    }

    @Test
    void shouldRefuseProviderBatchForAModelWithoutABatchApiNamingTheModel() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "pb-no-api");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        var requests = new Requests().chat("a", "gpt-4o-mini", "Hello.", 5).chat("b", PLAIN, "Hello.", 5);

        var refused = api.post("/v1/batches", body(requests, "provider_batch"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("ROUTE_UNAVAILABLE");
        assertThat(refused.json().at("/error/param").asText()).isEqualTo("metadata.llmq_route");
        assertThat(refused.json().at("/error/message").asText()).contains(PLAIN, "batch_api");
        assertThat(db.count("SELECT count(*) FROM batches WHERE tenant_id = ?", tenant.tenantId())).isZero();
        assertThat(db.count("SELECT count(*) FROM dispatch_queue q JOIN batches b ON b.id = q.batch_id WHERE b.tenant_id = ?",
                tenant.tenantId())).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-4o-mini", "claude-sonnet-4", "gemini-2.5-flash"})
    void shouldRunTheSameRequestsThroughTheProviderBatchApiWithEveryResultAtHalfTheSyncCost(String model) throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "pb-half-" + model);
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        var requests = twenty(model);

        var sync = awaitEnded(api, create(api, body(requests, "sync")));
        var billBefore = stack.simulator().bill();
        var viaProvider = awaitEnded(api, create(api, body(requests, "provider_batch")));
        var bill = stack.simulator().bill();

        for (var batch : new JsonNode[] {sync, viaProvider}) {
            assertThat(batch.path("status").asText()).as(batch.toString()).isEqualTo("completed");
            assertThat(batch.at("/request_counts/completed").asInt()).isEqualTo(20);
            assertThat(outputCustomIds(api, batch)).hasSize(20).doesNotHaveDuplicates();
        }
        assertThat(sync.at("/llmq/route").asText()).isEqualTo("sync");
        assertThat(sync.at("/llmq/provider_batches")).isEmpty();
        assertThat(viaProvider.at("/llmq/route").asText()).isEqualTo("provider_batch");
        var providerBatches = viaProvider.at("/llmq/provider_batches");
        assertThat(providerBatches).hasSize(1);
        assertThat(providerBatches.get(0).path("id").asText()).isNotBlank();
        assertThat(providerBatches.get(0).path("status").asText()).isEqualTo("ended");
        assertThat(providerBatches.get(0).at("/request_counts/completed").asInt()).isEqualTo(20);
        assertThat(viaProvider.at("/usage/input_tokens").asLong()).isEqualTo(sync.at("/usage/input_tokens").asLong());
        assertThat(viaProvider.at("/usage/output_tokens").asLong()).isEqualTo(sync.at("/usage/output_tokens").asLong());

        var syncCost = new BigDecimal(sync.at("/llmq/cost_usd").asText());
        var providerCost = new BigDecimal(viaProvider.at("/llmq/cost_usd").asText());
        assertThat(syncCost).isPositive();
        assertThat(providerCost.multiply(BigDecimal.TWO)).isEqualByComparingTo(syncCost);
        var id = viaProvider.path("id").asText();
        assertThat(db.strings("SELECT DISTINCT kind FROM ledger_entries WHERE batch_id = ?", id)).containsExactly("provider_batch");
        assertThat(db.count("SELECT count(DISTINCT job_id) FROM ledger_entries WHERE batch_id = ?", id)).isEqualTo(20);
        assertThat(db.count("SELECT count(*) FROM ledger_entries WHERE batch_id = ?", id)).isEqualTo(20);
        assertThat(bill.batchCalls() - billBefore.batchCalls()).as("the simulator served them as batch lines").isEqualTo(20);
        assertThat(bill.batchPromptTokens() - billBefore.batchPromptTokens()).isEqualTo(viaProvider.at("/usage/input_tokens").asLong());
        assertThat(bill.batchCompletionTokens() - billBefore.batchCompletionTokens())
                .isEqualTo(viaProvider.at("/usage/output_tokens").asLong());
        assertThat(savedUsd(model)).as("the saving is metered").isGreaterThanOrEqualTo(providerCost.doubleValue() * 0.999);
    }

    /** {@code llmq_provider_batch_saved_usd_total} of the model, from the worker's metrics. */
    private static double savedUsd(String model) throws Exception {
        var metrics = Http.to("http://localhost:" + stack.workers().getFirst().adminPort()).get("/metrics").text();
        return metrics.lines().filter(l -> l.startsWith("llmq_provider_batch_saved_usd_total{") && l.contains("model=\"" + model + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void shouldRunAnAutoBatchThroughTheProviderBatchApiAndItsModelsWithoutOneSynchronously() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "pb-auto");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        var requests = new Requests();
        for (int i = 1; i <= 3; i++) {
            requests.chat("mini-" + i, "gpt-4o-mini", "Fact " + i + " about queues.", 10);
        }
        requests.chat("plain-1", PLAIN, "Fact 1 about lanes.", 10).chat("plain-2", PLAIN, "Fact 2 about lanes.", 10);

        var done = awaitEnded(api, create(api, body(requests, "auto")));

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.at("/request_counts/completed").asInt()).isEqualTo(5);
        assertThat(done.at("/llmq/route").asText()).isEqualTo("provider_batch");
        var id = done.path("id").asText();
        assertThat(db.strings("SELECT kind || ':' || count(*) FROM ledger_entries WHERE batch_id = ? GROUP BY kind ORDER BY kind", id))
                .containsExactly("call:2", "provider_batch:3");
    }

    @Test
    void shouldRunAnAutoBatchOfTheHighClassSynchronously() throws Exception {
        var tenant = Tenants.create(stack.baseUrl(), "pb-auto-high");
        var api = Http.to(stack.baseUrl()).bearer(tenant.key());
        var body = body(Requests.chat(3, "urgent"), "auto");
        body.put("priority", "high");

        var done = awaitEnded(api, create(api, body));

        assertThat(done.path("status").asText()).isEqualTo("completed");
        assertThat(done.at("/llmq/route").asText()).isEqualTo("sync");
        assertThat(done.at("/llmq/provider_batches")).isEmpty();
    }

    private static Requests twenty(String model) {
        var requests = new Requests();
        for (int i = 1; i <= 20; i++) {
            requests.chat("q-" + i, model, "Tell me fact number " + i + " about queues.", 8 + i % 16);
        }
        return requests;
    }

    private static java.util.List<String> outputCustomIds(Http api, JsonNode batch) throws Exception {
        var file = api.get("/v1/files/" + batch.path("output_file_id").asText() + "/content");
        assertThat(file.status()).isEqualTo(200);
        return file.text().lines().map(line -> {
            try {
                return Json.MAPPER.readTree(line).path("custom_id").asText();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    /** The bundled catalogue, plus a model on a deployment without a batch API. */
    private static String shippedCatalogueWithAPlainModel() throws IOException {
        try (var in = Stack.class.getClassLoader().getResourceAsStream("catalogue/default.yaml")) {
            var yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return yaml.replace("\nmodels:\n", """

                      - name: plain
                        provider: openai
                        base_url: ${LLMQ_SIMULATOR_URL:-http://localhost:8090}/v1
                    models:
                      - id: %s
                        deployment: plain
                        upstream_model: gpt-4o-mini
                        max_output_tokens: 100
                        price: { input: 1, output: 2 }
                    """.formatted(PLAIN));
        }
    }
}
