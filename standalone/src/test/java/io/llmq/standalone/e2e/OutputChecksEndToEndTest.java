package io.llmq.standalone.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmq.schema.Json;
import io.llmq.standalone.Stack;
import io.llmq.standalone.StackConfig;
import io.llmq.standalone.demo.ApiClient;
import io.llmq.standalone.engine.TestEngines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Output checks on real engines: answers of the simulator that fit a schema and answers it spoils
 * on purpose (prompt triggers), under each of the batch's options; every call on the ledger.
 */
class OutputChecksEndToEndTest {
    private static Stack stack;
    private static ApiClient api;
    private static Ledger ledger;

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.start(StackConfig.forTests(1, Duration.ofMillis(5)), TestEngines.sharedKafka(), TestEngines.sharedPostgres());
        api = new ApiClient(stack.baseUrl(), stack.apiKey());
        ledger = new Ledger(stack.postgres());
    }

    @AfterAll
    static void stopStack() {
        stack.close();
    }

    private static OutputCheckLines fourSchemaLines(String prefix) {
        return new OutputCheckLines()
                .schema(prefix + "-good-1", prefix + " rate Oslo", null, true)
                .schema(prefix + "-good-2", prefix + " rate Lima", null, true)
                .schema(prefix + "-broken", prefix + " rate Rome llmq-sim:invalid-json", null, true)
                .schema(prefix + "-misfit", prefix + " rate Kyiv llmq-sim:wrong-schema", null, true);
    }

    @Test
    void shouldFailStrictAnswersThatDoNotFitTheSchemaAndSayWhichChecksRan(@TempDir Path dir) throws Exception {
        var run = run("strict", fourSchemaLines("strict"), Map.of(), dir);

        assertThat(run.output().keySet()).containsExactlyInAnyOrder("strict-good-1", "strict-good-2");
        assertThat(checks(run.output().get("strict-good-1"))).isEqualTo("finish_reason:true json_schema:true");
        var broken = run.errors().get("strict-broken");
        assertThat(broken.path("error").path("code").asText()).isEqualTo("output_invalid_json");
        assertThat(broken.path("response").path("status_code").asInt()).as("the answer stays beside the error").isEqualTo(200);
        assertThat(checks(broken)).isEqualTo("finish_reason:true json_schema:false");
        var misfit = run.errors().get("strict-misfit");
        assertThat(misfit.path("error").path("code").asText()).isEqualTo("output_schema_mismatch");
        assertThat(misfit.path("error").path("message").asText()).contains("object");
        assertThat(misfit.path("llmq").path("checks").get(1).path("detail").asText()).isNotBlank();
        assertThat(run.ledgerRows()).as("one billed call per line").isEqualTo(4).isEqualTo(run.billedCalls());
    }

    @Test
    void shouldKeepAnswersThatDoNotFitWhenTheBatchSaysKeep(@TempDir Path dir) throws Exception {
        var run = run("keep", fourSchemaLines("keep"), Map.of("llmq_on_invalid_output", "keep"), dir);

        assertThat(run.output()).hasSize(4);
        assertThat(run.errors()).isEmpty();
        assertThat(checks(run.output().get("keep-misfit"))).isEqualTo("finish_reason:true json_schema:false");
        assertThat(checks(run.output().get("keep-good-1"))).isEqualTo("finish_reason:true json_schema:true");
    }

    @Test
    void shouldCallAgainForAnInvalidAnswerAndBillEveryCall(@TempDir Path dir) throws Exception {
        var lines = new OutputCheckLines()
                .schema("retry-good", "retry rate Oslo", null, false)
                .schema("retry-once", "retry rate Rome llmq-sim:invalid-json-once", null, false)
                .schema("retry-never", "retry rate Kyiv llmq-sim:invalid-json", null, false);
        var run = run("retry", lines, Map.of("llmq_on_invalid_output", "retry"), dir);

        assertThat(run.output().keySet()).containsExactlyInAnyOrder("retry-good", "retry-once");
        assertThat(checks(run.output().get("retry-once"))).isEqualTo("finish_reason:true json_schema:true");
        assertThat(run.errors().get("retry-never").path("error").path("code").asText()).isEqualTo("output_invalid_json");
        // 1 + 2 + (1 + 3 retries, LLMQ_OUTPUT_CHECK_RETRIES' default): each call billed, each on the ledger
        assertThat(run.ledgerRows()).isEqualTo(7).isEqualTo(run.billedCalls());
        assertThat(run.batch().path("usage").path("output_tokens").asLong()).isEqualTo(run.outputTokens());
    }

    @Test
    void shouldCallACutAnswerAgainWithMoreTokensUntilItIsWhole(@TempDir Path dir) throws Exception {
        var lines = new OutputCheckLines()
                .schema("length-cut", "length rate Oslo", 4, false)
                .text("length-always", "length llmq-sim:truncate", 400);
        var run = run("length", lines, Map.of("llmq_on_length", "retry"), dir);

        var whole = run.output().get("length-cut");
        assertThat(checks(whole)).isEqualTo("finish_reason:true json_schema:true");
        var body = whole.path("response").path("body");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.path("usage").path("completion_tokens").asInt()).as("longer than the first limit").isGreaterThan(4);
        var truncated = run.errors().get("length-always");
        assertThat(truncated.path("error").path("code").asText()).isEqualTo("output_truncated");
        assertThat(checks(truncated)).isEqualTo("finish_reason:false");
        assertThat(run.ledgerRows()).as("the cut line called at least twice, the other 4 times").isGreaterThanOrEqualTo(6)
                .isEqualTo(run.billedCalls());
    }

    @Test
    void shouldFailACutAnswerWhenTheBatchSaysFailAndLeaveLinesWithoutChecksAsTheyWere(@TempDir Path dir) throws Exception {
        var lines = new OutputCheckLines().text("fail-cut", "fail say a lot", 3).text("fail-whole", "fail say a little", 400);
        var run = run("fail", lines, Map.of("llmq_on_length", "fail"), dir);

        assertThat(run.errors().get("fail-cut").path("error").path("code").asText()).isEqualTo("output_truncated");
        assertThat(checks(run.output().get("fail-whole"))).isEqualTo("finish_reason:true");

        var plain = run("plain", new OutputCheckLines().text("plain-cut", "plain say a lot", 3), Map.of(), dir);
        assertThat(plain.output().get("plain-cut").has("llmq")).as("no check asked, none ran").isFalse();
    }

    @Test
    void shouldCheckTheAnswersOfAnthropicAndGeminiModelsAlike(@TempDir Path dir) throws Exception {
        var lines = new OutputCheckLines();
        for (var model : new String[] {"claude-haiku-4-5", "gemini-2.5-flash"}) {
            lines.schema(model, model + "-good", model + " rate Oslo", 200, true)
                    .schema(model, model + "-misfit", model + " rate Kyiv llmq-sim:wrong-schema", 200, true)
                    .schema(model, model + "-cut", model + " rate Lima", 4, true);
        }
        var run = run("others", lines, Map.of("llmq_on_length", "retry"), dir);

        assertThat(run.output().keySet()).containsExactlyInAnyOrder("claude-haiku-4-5-good", "claude-haiku-4-5-cut",
                "gemini-2.5-flash-good", "gemini-2.5-flash-cut");
        assertThat(checks(run.output().get("claude-haiku-4-5-cut"))).isEqualTo("finish_reason:true json_schema:true");
        assertThat(checks(run.output().get("gemini-2.5-flash-cut"))).isEqualTo("finish_reason:true json_schema:true");
        assertThat(run.errors().get("claude-haiku-4-5-misfit").path("error").path("code").asText()).isEqualTo("output_schema_mismatch");
        assertThat(run.errors().get("gemini-2.5-flash-misfit").path("error").path("code").asText()).isEqualTo("output_schema_mismatch");
        assertThat(run.ledgerRows()).as("the cut lines called more than once").isGreaterThan(6).isEqualTo(run.billedCalls());
    }

    @Test
    void shouldRefuseAnUnusableSchemaAndAnUnknownOptionAtTheDoor() throws Exception {
        var lines = new String(new OutputCheckLines().schema("ok", "fine", null, true).bytes())
                + new String(new OutputCheckLines().schema("bad", "bad", null, true).bytes())
                .replace("\"integer\"", "\"int\"");
        var file = api.uploadBatchFile("bad-schema.jsonl", lines.getBytes());
        var answer = RawHttp.postJson(stack.baseUrl() + "/v1/batches", stack.apiKey(), create(file.path("id").asText(), Map.of()));
        assertThat(answer.status()).isEqualTo(400);
        var refused = answer.body().path("error").path("errors").path("data").get(0);
        assertThat(refused.path("line").asInt()).isEqualTo(2);
        assertThat(refused.path("code").asText()).isEqualTo("invalid_response_format");
        assertThat(refused.path("param").asText()).isEqualTo("body.response_format.json_schema.schema");

        var good = api.uploadBatchFile("good.jsonl", new OutputCheckLines().schema("ok", "fine", null, true).bytes());
        var option = RawHttp.postJson(stack.baseUrl() + "/v1/batches", stack.apiKey(),
                create(good.path("id").asText(), Map.of("llmq_on_length", "maybe")));
        assertThat(option.status()).isEqualTo(400);
        assertThat(option.body().path("error").path("param").asText()).isEqualTo("metadata.llmq_on_length");
    }

    /** A finished batch: its lines by custom_id, its ledger and the simulator's bill for it. */
    private record Finished(JsonNode batch, Map<String, JsonNode> output, Map<String, JsonNode> errors, long ledgerRows,
                            long outputTokens, long billedCalls) {
    }

    private static Finished run(String name, OutputCheckLines lines, Map<String, String> metadata, Path dir) throws Exception {
        var billBefore = stack.simulator().bill().calls();
        var file = api.uploadBatchFile(name + ".jsonl", lines.bytes());
        var created = RawHttp.postJson(stack.baseUrl() + "/v1/batches", stack.apiKey(), create(file.path("id").asText(), metadata));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
        var batchId = created.body().path("id").asText();
        var holder = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            holder[0] = api.batch(batchId);
            return Set.of("completed", "failed", "expired", "cancelled").contains(holder[0].path("status").asText());
        });
        var totals = ledger.ledgerOf(batchId);
        return new Finished(holder[0], lines(holder[0].path("output_file_id"), dir.resolve(name + "-out.jsonl")),
                lines(holder[0].path("error_file_id"), dir.resolve(name + "-err.jsonl")), totals.rows(), totals.outputTokens(),
                stack.simulator().bill().calls() - billBefore);
    }

    private static Map<String, JsonNode> lines(JsonNode fileId, Path target) throws Exception {
        if (fileId.isNull()) {
            return Map.of();
        }
        api.download(fileId.asText(), target);
        return Files.readAllLines(target).stream().map(OutputCheckLines::tree)
                .collect(Collectors.toMap(l -> l.path("custom_id").asText(), Function.identity()));
    }

    private static String create(String fileId, Map<String, String> metadata) {
        var create = Json.object();
        create.put("input_file_id", fileId);
        create.put("endpoint", "/v1/chat/completions");
        create.put("completion_window", "24h");
        var meta = create.putObject("metadata");
        metadata.forEach(meta::put);
        return Json.toText(create);
    }

    /** The line's checks as "check:passed ..." in order. */
    private static String checks(JsonNode line) {
        var out = new StringBuilder();
        for (var check : line.path("llmq").path("checks")) {
            out.append(out.isEmpty() ? "" : " ").append(check.path("check").asText()).append(':').append(check.path("passed").asBoolean());
        }
        return out.toString();
    }
}
