package io.llmq.standalone.api;

import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the server really answers fits the schema {@code /openapi.json} gives that answer: the
 * objects of files, batches, models, money, providers and Message Batches, and the three error
 * shapes. A field renamed in code but not in the document fails here.
 */
class OpenApiAnswersTest {
    private static Stack stack;
    private static Http api;
    private static Http admin;
    private static DocumentedSchemas schemas;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(50)), TestEngines.sharedKafka(), TestEngines.sharedPostgres(),
                Map.of("LLMQ_ADMIN_KEY", Tenants.ADMIN_KEY));
        api = Http.to(stack.baseUrl()).bearer(stack.apiKey());
        admin = Http.to(stack.baseUrl()).bearer(Tenants.ADMIN_KEY);
        schemas = new DocumentedSchemas(Http.to(stack.baseUrl()).get("/openapi.json").json());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldAnswerTheOpenAiAndLlmqReadsInTheirDocumentedShapes() throws Exception {
        List<String> misfits = new ArrayList<>();
        var body = Json.object().put("endpoint", "/v1/chat/completions").put("completion_window", "24h");
        body.set("requests", Requests.chat(2, "doc").array());
        var created = api.post("/v1/batches", body);
        misfits.addAll(schemas.misfits(200, "POST", "/v1/batches", created));
        var batchId = created.json().path("id").asText();
        var fileId = created.json().path("input_file_id").asText();

        misfits.addAll(schemas.misfits(200, "GET", "/v1/batches", api.get("/v1/batches")));
        misfits.addAll(schemas.misfits(200, "GET", "/v1/batches/{batch_id}", api.get("/v1/batches/" + batchId)));
        misfits.addAll(schemas.misfits(200, "GET", "/v1/files", api.get("/v1/files")));
        misfits.addAll(schemas.misfits(200, "GET", "/v1/files/{file_id}", api.get("/v1/files/" + fileId)));
        misfits.addAll(schemas.misfits(200, "GET", "/v1/models", api.get("/v1/models")));
        misfits.addAll(schemas.misfits(200, "GET", "/v1/models/{model}", api.get("/v1/models/gpt-4o-mini")));
        misfits.addAll(schemas.misfits(200, "GET", "/v1/prices", api.get("/v1/prices")));
        misfits.addAll(schemas.misfits(200, "GET", "/v1/budgets", api.get("/v1/budgets")));
        misfits.addAll(schemas.misfits(200, "GET", "/v1/providers", api.get("/v1/providers")));
        misfits.addAll(schemas.misfits(200, "POST", "/v1/batches/{batch_id}/cancel", api.post("/v1/batches/" + batchId + "/cancel", "")));
        misfits.addAll(schemas.misfits(404, "GET", "/v1/files/{file_id}", api.get("/v1/files/file-nope")));
        misfits.addAll(schemas.misfits(400, "GET", "/v1/usage", api.get("/v1/usage?group_by=nothing")));
        var upload = api.upload("{\"custom_id\":\"a\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",\"body\":{}}\n".getBytes(), "batch");
        misfits.addAll(schemas.misfits(200, "POST", "/v1/files", upload));
        misfits.addAll(schemas.misfits(200, "DELETE", "/v1/files/{file_id}", api.delete("/v1/files/" + upload.json().path("id").asText())));
        assertThat(misfits).isEmpty();
    }

    @Test
    void shouldAnswerTheAnthropicRoutesInTheirDocumentedShapes() throws Exception {
        var anthropic = Http.to(stack.baseUrl()).with("x-api-key", stack.apiKey());
        var created = anthropic.post("/v1/messages/batches", """
                {"requests": [{"custom_id": "a", "params": {"model": "claude-sonnet-4-5", "max_tokens": 16,
                "messages": [{"role": "user", "content": "Hi"}]}}]}""");
        List<String> misfits = new ArrayList<>(schemas.misfits(200, "POST", "/v1/messages/batches", created));
        var id = created.json().path("id").asText();
        misfits.addAll(schemas.misfits(200, "GET", "/v1/messages/batches", anthropic.get("/v1/messages/batches")));
        misfits.addAll(schemas.misfits(200, "GET", "/v1/messages/batches/{message_batch_id}", anthropic.get("/v1/messages/batches/" + id)));
        misfits.addAll(schemas.misfits(404, "GET", "/v1/messages/batches/{message_batch_id}", anthropic.get("/v1/messages/batches/msgbatch_nope")));
        misfits.addAll(schemas.misfits(400, "POST", "/v1/messages/batches", anthropic.post("/v1/messages/batches", "{\"requests\": []}")));
        assertThat(misfits).isEmpty();
    }

    @Test
    void shouldAnswerTheAdminMoneyRoutesInTheirDocumentedShapes() throws Exception {
        // a tenant of its own, and a price version far in the future, so nothing else sees them
        var tenant = admin.post("/admin/tenants", "{\"name\": \"openapi answers\"}").json().path("id").asText();
        var from = Instant.parse("2900-01-01T00:00:00Z").plusSeconds(ThreadLocalRandom.current().nextLong(3_000_000_000L));
        var json = "application/json";
        var budget = admin.send(admin.request("/admin/tenants/" + tenant + "/budgets/month").header("Content-Type", json)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"hard_usd\": \"50\", \"soft_usd\": 40}")));
        List<String> misfits = new ArrayList<>(schemas.misfits(200, "PUT", "/admin/tenants/{tenant_id}/budgets/{period}", budget));
        misfits.addAll(schemas.misfits(200, "GET", "/admin/tenants/{tenant_id}/budgets", admin.get("/admin/tenants/" + tenant + "/budgets")));
        misfits.addAll(schemas.misfits(200, "GET", "/v1/budgets", api.get("/v1/budgets")));
        misfits.addAll(schemas.misfits(200, "DELETE", "/admin/tenants/{tenant_id}/budgets/{period}",
                admin.delete("/admin/tenants/" + tenant + "/budgets/month")));
        var cache = admin.send(admin.request("/admin/tenants/" + tenant + "/response-cache").header("Content-Type", json)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\": false}")));
        misfits.addAll(schemas.misfits(200, "PUT", "/admin/tenants/{tenant_id}/response-cache", cache));
        var price = admin.post("/admin/prices", "{\"model\": \"gpt-4o-mini\", \"input\": \"0.15\", \"output\": 0.6, \"effective_from\": \"" + from + "\"}");
        misfits.addAll(schemas.misfits(201, "POST", "/admin/prices", price));
        misfits.addAll(schemas.misfits(400, "POST", "/admin/prices", admin.post("/admin/prices", "{\"model\": \"gpt-4o-mini\"}")));
        misfits.addAll(schemas.misfits(200, "GET", "/v1/prices", api.get("/v1/prices?model=gpt-4o-mini")));
        assertThat(misfits).isEmpty();
    }

    @Test
    void shouldAnswerTheLiveCatalogueRoutesInTheirDocumentedShapes() throws Exception {
        List<String> misfits = new ArrayList<>(schemas.misfits(200, "GET", "/v1/models/{model}/status",
                api.get("/v1/models/gpt-4o-mini/status")));
        misfits.addAll(schemas.misfits(200, "GET", "/admin/deployments", admin.get("/admin/deployments")));
        misfits.addAll(schemas.misfits(200, "GET", "/admin/models/{model}", admin.get("/admin/models/gpt-4o-mini")));
        // the weight the bundled catalogue already gives, so the change alters nothing that other tests see
        misfits.addAll(schemas.misfits(200, "PATCH", "/admin/deployments/{name}",
                admin.patch("/admin/deployments/simulator-b", "{\"weight\": 1}")));
        misfits.addAll(schemas.misfits(200, "PATCH", "/admin/models/{model}",
                admin.patch("/admin/models/gpt-4o-mini", "{\"fallbacks_enabled\": false}")));
        misfits.addAll(schemas.misfits(400, "PATCH", "/admin/deployments/{name}",
                admin.patch("/admin/deployments/simulator-b", "{\"provider\": \"azure\"}")));
        assertThat(misfits).isEmpty();
    }
}
