package io.llmq.standalone.e2e;

import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a 4xx with a stable code, a message naming what to fix, a request id, and changes nothing. */
class RefusalTest {
    private static Stack stack;
    private static ApiClient api;
    private static Ledger db;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(10)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        api = new ApiClient(stack.baseUrl(), stack.apiKey());
        db = new Ledger(stack.postgres());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void shouldListEveryBadLineAndEnqueueNothing() throws Exception {
        var file = api.uploadBatchFile("bad.jsonl", new BatchFiles()
                .add("ok-1", "gpt-4o-mini", "fine", 10)
                .add("bad-model", "gpt-9-imaginary", "hi", 10)
                .add("ok-1", "gpt-4o-mini", "duplicate id", 10)
                .addRaw("{not json")
                .add("too-long", "gpt-4o-mini", "hi", 999_999)
                .bytes());
        var batchesBefore = db.count("SELECT count(*) FROM batches WHERE tenant_id = ?", "default");
        var answer = RawHttp.postJson(stack.baseUrl() + "/v1/batches", stack.apiKey(),
                "{\"input_file_id\":\"" + file.path("id").asText() + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}");

        assertThat(answer.status()).isEqualTo(400);
        var error = answer.body().path("error");
        assertThat(error.path("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(error.path("message").asText()).contains("4 invalid lines");
        assertThat(error.path("request_id").asText()).isEqualTo(answer.requestIdHeader()).startsWith("req_");
        var lines = error.path("errors").path("data");
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).path("line").asInt()).isEqualTo(2);
        assertThat(lines.get(0).path("code").asText()).isEqualTo("model_not_found");
        assertThat(lines.get(1).path("code").asText()).isEqualTo("duplicate_custom_id");
        assertThat(lines.get(2).path("code").asText()).isEqualTo("invalid_json");
        assertThat(lines.get(3).path("param").asText()).isEqualTo("body.max_tokens");
        assertThat(db.count("SELECT count(*) FROM batches WHERE tenant_id = ?", "default")).isEqualTo(batchesBefore);
    }

    @Test
    void shouldRefuseMalformedRequestsWithoutA500() throws Exception {
        var url = stack.baseUrl() + "/v1/batches";
        var key = stack.apiKey();
        assertThat(RawHttp.postJson(url, key, "{broken").status()).isEqualTo(400);
        assertThat(RawHttp.postJson(url, key, "[]").status()).isEqualTo(400);
        assertThat(RawHttp.postJson(url, key, "{\"input_file_id\": 5, \"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"24h\"}")
                .body().path("error").path("param").asText()).isEqualTo("input_file_id");
        assertThat(RawHttp.postJson(url, key, "{\"input_file_id\": \"file-x\", \"endpoint\": \"/v1/images\", \"completion_window\": \"24h\"}")
                .body().path("error").path("param").asText()).isEqualTo("endpoint");
        assertThat(RawHttp.postJson(url, key, "{\"input_file_id\": \"file-x\", \"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"forever\"}")
                .body().path("error").path("param").asText()).isEqualTo("completion_window");
        var missingFile = RawHttp.postJson(url, key, "{\"input_file_id\": \"file-nope\", \"endpoint\": \"/v1/chat/completions\", \"completion_window\": \"24h\"}");
        assertThat(missingFile.status()).isEqualTo(404);
        assertThat(missingFile.body().path("error").path("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(RawHttp.get(stack.baseUrl() + "/v1/nothing-here", key).status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseMissingOrWrongKeys() throws Exception {
        var missing = RawHttp.get(stack.baseUrl() + "/v1/models", null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.body().path("error").path("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(missing.body().path("error").path("type").asText()).isEqualTo("authentication_error");
        assertThat(RawHttp.get(stack.baseUrl() + "/v1/models", "wrong-key-wrong-key").status()).isEqualTo(401);
        var models = RawHttp.get(stack.baseUrl() + "/v1/models", stack.apiKey());
        assertThat(models.status()).isEqualTo(200);
        assertThat(models.body().path("data").findValuesAsText("id")).contains("gpt-4o-mini");
        assertThat(models.body().path("data").get(0).path("llmq").path("price_per_million_tokens").path("input").asText()).isNotEmpty();
    }
}
