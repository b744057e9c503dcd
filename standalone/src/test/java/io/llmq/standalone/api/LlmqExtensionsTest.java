package io.llmq.standalone.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * llmq's own additions to the OpenAI Batch API: inline requests, paged JSON results, long-polling
 * a batch, usage and cost reads, the OpenAPI document, and llmq's error shape on its own endpoints.
 */
class LlmqExtensionsTest {
    private static Stack stack;
    private static Http api;
    private static Database db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(300)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        api = Http.to(stack.baseUrl()).bearer(stack.apiKey());
        db = new Database(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static JsonNode createInline(Requests requests, String priority) throws Exception {
        var body = Json.object();
        body.put("endpoint", "/v1/chat/completions");
        body.put("completion_window", "2h");
        body.put("priority", priority);
        body.set("requests", requests.array());
        var answer = api.post("/v1/batches", body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    private static JsonNode awaitCompleted(String id) {
        var seen = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            seen[0] = api.get("/v1/batches/" + id).json();
            return seen[0].path("status").asText().equals("completed");
        });
        return seen[0];
    }

    @Test
    void shouldStoreInlineRequestsAsAFileAndPageTheirResultsInInputOrder() throws Exception {
        var batch = createInline(Requests.chat(7, "inline"), "high");
        assertThat(batch.at("/llmq/priority").asText()).isEqualTo("high");
        var inputFile = api.get("/v1/files/" + batch.path("input_file_id").asText()).json();
        assertThat(inputFile.path("purpose").asText()).isEqualTo("batch");
        assertThat(api.get("/v1/files/" + inputFile.path("id").asText() + "/content").text().split("\n")).hasSize(7);

        var id = batch.path("id").asText();
        awaitCompleted(id);
        List<String> customIds = new ArrayList<>();
        Integer after = 0;
        int pages = 0;
        while (after != null) {
            var page = api.get("/v1/batches/" + id + "/results?limit=3&after=" + after).json();
            page.path("data").forEach(r -> {
                customIds.add(r.path("custom_id").asText());
                assertThat(r.path("status").asText()).isEqualTo("succeeded");
                assertThat(r.at("/response/status_code").asInt()).isEqualTo(200);
                assertThat(r.at("/response/body/choices/0/message/content").asText()).isNotBlank();
            });
            after = page.path("has_more").asBoolean() ? page.path("next_after").asInt() : null;
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(customIds).containsExactly("inline-1", "inline-2", "inline-3", "inline-4", "inline-5", "inline-6", "inline-7");
    }

    @Test
    void shouldAnswerALongPollAsSoonAsTheBatchMovesAndAtTheDeadlineOtherwise() throws Exception {
        var batch = createInline(Requests.chat(3, "poll"), "normal");
        var id = batch.path("id").asText();
        var started = System.nanoTime();
        var moved = api.get("/v1/batches/" + id + "?wait=30s").json();
        var tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(moved.at("/llmq/request_counts/pending").asInt()).isLessThan(3);
        assertThat(tookMillis).as("answered when the counts moved, long before the deadline").isLessThan(20_000);

        awaitCompleted(id);
        started = System.nanoTime();
        api.get("/v1/batches/" + id + "?wait=30s");
        assertThat((System.nanoTime() - started) / 1_000_000).as("an ended batch cannot move: answered at once").isLessThan(5_000);
    }

    @Test
    void shouldReportUsageByModelDayAndBatchWithExactCosts() throws Exception {
        var batch = createInline(new Requests().chat("u1", "gpt-4o-mini", "Count to three.", 12).chat("u2", "gpt-4o", "Count to four.", 12), "low");
        var id = batch.path("id").asText();
        var done = awaitCompleted(id);

        var byBatch = api.get("/v1/usage?group_by=batch").json();
        JsonNode row = null;
        for (var r : byBatch.path("data")) {
            if (r.path("batch_id").asText().equals(id)) {
                row = r;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.path("requests").asLong()).isEqualTo(2);
        assertThat(row.path("input_tokens").asLong()).isEqualTo(done.at("/usage/input_tokens").asLong());
        assertThat(row.path("output_tokens").asLong()).isEqualTo(done.at("/usage/output_tokens").asLong());
        assertThat(new BigDecimal(row.path("cost_usd").asText())).isEqualByComparingTo(done.at("/llmq/cost_usd").asText());

        var byModel = api.get("/v1/usage?group_by=model").json();
        assertThat(byModel.path("data").findValuesAsText("model")).contains("gpt-4o-mini", "gpt-4o");
        var ledgerCost = new BigDecimal(db.strings("SELECT coalesce(sum(cost), 0)::text FROM ledger_entries WHERE tenant_id = 'default'").get(0));
        assertThat(new BigDecimal(byModel.at("/total/cost_usd").asText())).isEqualByComparingTo(ledgerCost);

        var byDay = api.get("/v1/usage?group_by=day&start=" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(10)).json();
        assertThat(byDay.path("data").get(0).path("day").asText()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(byDay.at("/total/requests").asLong()).isEqualTo(byModel.at("/total/requests").asLong());
        var empty = api.get("/v1/usage?start=2020-01-01&end=2020-02-01").json();
        assertThat(empty.path("data")).isEmpty();
        assertThat(empty.at("/total/cost_usd").asText()).isEqualTo("0");
    }

    @Test
    void shouldAnswerLlmqsOwnEndpointsInLlmqsErrorShapeWithARequestIdEverywhere() throws Exception {
        var usage = api.get("/v1/usage?group_by=week");
        assertThat(usage.status()).isEqualTo(400);
        assertThat(usage.json().path("error").has("type")).isFalse();
        assertThat(usage.json().at("/error/code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(usage.json().at("/error/details/0/param").asText()).isEqualTo("group_by");
        assertThat(usage.json().at("/error/request_id").asText()).isEqualTo(usage.header("x-request-id"));

        var results = api.get("/v1/batches/batch_nothing/results");
        assertThat(results.status()).isEqualTo(404);
        assertThat(results.json().at("/error/code").asText()).isEqualTo("NOT_FOUND");

        for (var path : new String[] {"/health", "/metrics", "/openapi.json", "/v1/models", "/nothing"}) {
            assertThat(api.get(path).header("x-request-id")).as(path).startsWith("req_");
        }
    }

    @Test
    void shouldShowTheDefaultCataloguesPoolOfTwoSimulatorDeploymentsForGpt4oMini() throws Exception {
        var model = api.get("/v1/models/gpt-4o-mini").json().path("llmq");
        assertThat(model.path("deployment").asText()).isEqualTo("simulator");
        assertThat(Json.toText(model.path("deployments"))).isEqualTo("[{\"name\":\"simulator\",\"provider\":\"openai\",\"weight\":1,"
                + "\"enabled\":true},{\"name\":\"simulator-b\",\"provider\":\"openai\",\"weight\":1,\"enabled\":true}]");

        var providers = api.get("/v1/providers").json().path("data");
        for (var name : List.of("simulator", "simulator-b")) {
            var entry = java.util.stream.StreamSupport.stream(providers.spliterator(), false)
                    .filter(d -> d.path("deployment").asText().equals(name)).findFirst().orElseThrow();
            assertThat(entry.path("enabled").asBoolean()).as(name).isTrue();
            assertThat(entry.path("models").toString()).as(name).contains("\"gpt-4o-mini\"");
        }
    }

    @Test
    void shouldServeAnOpenApiDocumentCoveringTheNativeAndAdminEndpoints() throws Exception {
        var doc = Http.to(stack.baseUrl()).get("/openapi.json");
        assertThat(doc.status()).isEqualTo(200);
        var paths = doc.json().path("paths");
        assertThat(doc.json().path("openapi").asText()).startsWith("3.");
        assertThat(paths.has("/v1/batches/{batch_id}/results")).isTrue();
        assertThat(paths.has("/v1/usage")).isTrue();
        for (var admin : new String[] {"/admin/tenants", "/admin/tenants/{tenant_id}", "/admin/tenants/{tenant_id}/keys",
                "/admin/keys/{key_id}/revoke", "/admin/audit"}) {
            assertThat(paths.has(admin)).as(admin).isTrue();
        }
    }
}
