package io.llmq.worker.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.schema.output.OutputOptions;
import io.llmq.schema.output.OutputOptions.Reaction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class OutputChecksTest {
    private static final String SCHEMA = """
            {"type": "object", "properties": {"city": {"type": "string"}, "degrees": {"type": "number"}},
             "required": ["city", "degrees"], "additionalProperties": false}""";
    private final OutputChecks checks = new OutputChecks(2);

    private static ObjectNode request(String format, Integer maxTokens) {
        var body = Json.object();
        body.put("model", "gpt-4o-mini");
        body.putArray("messages").addObject().put("role", "user").put("content", "weather?");
        if (maxTokens != null) {
            body.put("max_tokens", maxTokens);
        }
        if (format != null) {
            body.set("response_format", parse(format));
        }
        return body;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String schemaFormat(boolean strict) {
        return "{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"weather\", \"strict\": " + strict + ", \"schema\": " + SCHEMA + "}}";
    }

    private static String answer(String content, String finishReason) {
        var body = Json.object();
        var choice = body.putArray("choices").addObject();
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", finishReason);
        return Json.toText(body);
    }

    private Verdict judge(ObjectNode request, String answer, OutputOptions options, int retriesSoFar) {
        return checks.judge(new OutputChecks.Question(OutputChecks.CHAT, request, answer, options, 64, retriesSoFar, true));
    }

    @Test
    void shouldRunNoCheckWhenNothingAsksForOne() {
        var verdict = judge(request(null, null), answer("plain text", "length"), OutputOptions.NONE, 0);

        assertThat(verdict).isEqualTo(Verdict.Accept.NOTHING_CHECKED);
        assertThat(verdict.resultsJson()).isNull();
    }

    @Test
    void shouldPassAnAnswerThatFitsTheSchemaAndSayWhichChecksRan() {
        var verdict = judge(request(schemaFormat(true), null), answer("{\"city\": \"Oslo\", \"degrees\": -3.5}", "stop"), OutputOptions.NONE, 0);

        assertThat(verdict).isInstanceOf(Verdict.Accept.class);
        assertThat(verdict.results()).extracting(CheckResult::check, CheckResult::passed)
                .containsExactly(tuple("finish_reason", true), tuple("json_schema", true));
    }

    @Test
    void shouldFailAStrictSchemaMismatchByDefaultWithTheValidatorsMessage() {
        var verdict = judge(request(schemaFormat(true), null), answer("{\"city\": \"Oslo\"}", "stop"), OutputOptions.NONE, 0);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Fail.class, f -> {
            assertThat(f.code()).isEqualTo("output_schema_mismatch");
            assertThat(f.message()).contains("degrees");
        });
        assertThat(verdict.results().get(1).detail()).contains("degrees");
    }

    @Test
    void shouldKeepANonStrictMismatchByDefaultShowingTheFailedCheck() {
        var verdict = judge(request(schemaFormat(false), null), answer("{\"city\": 1, \"degrees\": 2}", "stop"), OutputOptions.NONE, 0);

        assertThat(verdict).isInstanceOf(Verdict.Accept.class);
        assertThat(verdict.results().get(1).passed()).isFalse();
        assertThat(verdict.resultsJson()).contains("\"passed\":false");
    }

    @Test
    void shouldCallTheSameRequestAgainOnInvalidJsonThenFailWhenRetriesAreSpent() {
        var options = new OutputOptions(null, Reaction.RETRY);
        var request = request(schemaFormat(false), null);

        assertThat(judge(request, answer("{\"city\": \"Os", "stop"), options, 0))
                .isInstanceOfSatisfying(Verdict.Retry.class, r -> {
                    assertThat(r.maxTokens()).as("the same request").isNull();
                    assertThat(r.reason()).isEqualTo("output_invalid_json");
                });
        assertThat(judge(request, answer("{\"city\": \"Os", "stop"), options, 2))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.code()).isEqualTo("output_invalid_json"));
    }

    @Test
    void shouldCheckJsonObjectMode() {
        var request = request("{\"type\": \"json_object\"}", null);
        var fail = new OutputOptions(null, Reaction.FAIL);

        assertThat(judge(request, answer("{\"any\": [1, 2]}", "stop"), fail, 0)).isInstanceOf(Verdict.Accept.class);
        assertThat(judge(request, answer("[1, 2]", "stop"), fail, 0))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.code()).isEqualTo("output_invalid_json"));
    }

    @Test
    void shouldDoubleTheTokenLimitOfACutAnswerUpToTheModelsLimit() {
        var retry = new OutputOptions(Reaction.RETRY, null);

        assertThat(judge(request(null, 10), answer("Lorem ipsum", "length"), retry, 0))
                .isInstanceOfSatisfying(Verdict.Retry.class, r -> assertThat(r.maxTokens()).isEqualTo(20));
        assertThat(judge(request(null, 40), answer("Lorem ipsum", "length"), retry, 1))
                .isInstanceOfSatisfying(Verdict.Retry.class, r -> assertThat(r.maxTokens()).as("the model's 64").isEqualTo(64));
        assertThat(judge(request(null, 64), answer("Lorem ipsum", "length"), retry, 1))
                .as("at the model's limit: more tokens cannot be had")
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.code()).isEqualTo("output_truncated"));
    }

    @Test
    void shouldKeepOrFailACutAnswerAsTheBatchSays() {
        assertThat(judge(request(null, 10), answer("Lorem", "length"), new OutputOptions(Reaction.KEEP, null), 0))
                .isInstanceOfSatisfying(Verdict.Accept.class, a -> assertThat(a.results()).singleElement()
                        .satisfies(r -> assertThat(r.detail()).contains("10 tokens")));
        assertThat(judge(request(null, 10), answer("Lorem", "length"), new OutputOptions(Reaction.FAIL, null), 0))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.code()).isEqualTo("output_truncated"));
        assertThat(judge(request(null, 10), answer("Lorem.", "stop"), new OutputOptions(Reaction.FAIL, null), 0))
                .isInstanceOf(Verdict.Accept.class);
    }

    @Test
    void shouldNotRetryWhenTheJobMayNotCallAgain() {
        var verdict = checks.judge(new OutputChecks.Question(OutputChecks.CHAT, request(null, 10), answer("Lorem", "length"),
                new OutputOptions(Reaction.RETRY, null), 64, 0, false));

        assertThat(verdict).isInstanceOf(Verdict.Fail.class);
    }

    @Test
    void shouldRaiseTheLimitInTheFieldsTheRequestUsed() {
        var both = request(null, 10);
        both.put("max_completion_tokens", 10);
        TokenLimit.raise(both, 20);
        assertThat(both.get("max_tokens").asInt()).isEqualTo(20);
        assertThat(both.get("max_completion_tokens").asInt()).isEqualTo(20);
        var none = request(null, null);
        TokenLimit.raise(none, 30);
        assertThat(none.get("max_completion_tokens").asInt()).isEqualTo(30);
        assertThat(none.has("max_tokens")).isFalse();
    }
}
