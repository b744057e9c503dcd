package io.llmq.worker.provider.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.FakeResponse;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Unsupported;
import io.llmq.worker.provider.Usage;
import org.junit.jupiter.api.Test;

import static io.llmq.worker.provider.FakeResponse.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicTranslationTest {

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldMoveSystemPromptsOutOfTheMessagesAndMapSamplingSettings() {
        var request = AnthropicRequest.of(json("""
                {"model": "claude-x", "max_completion_tokens": 300, "temperature": 1.6, "top_p": 0.9, "stop": "END",
                 "user": "u-7",
                 "messages": [{"role": "system", "content": "Be brief."},
                              {"role": "developer", "content": "Use English."},
                              {"role": "user", "content": [{"type": "text", "text": "Hi"},
                                                           {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBOR"}}]}]}
                """));

        assertThat(request.path("system").asText()).isEqualTo("Be brief.\n\nUse English.");
        assertThat(request.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(request.path("temperature").asDouble()).as("Anthropic's scale ends at 1").isEqualTo(1.0);
        assertThat(request.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(request.path("stop_sequences").get(0).asText()).isEqualTo("END");
        assertThat(request.at("/metadata/user_id").asText()).isEqualTo("u-7");
        assertThat(request.path("messages")).hasSize(1);
        assertThat(request.at("/messages/0/content/1/source/type").asText()).isEqualTo("base64");
        assertThat(request.at("/messages/0/content/1/source/media_type").asText()).isEqualTo("image/png");
    }

    @Test
    void shouldDefaultMaxTokensBecauseAnthropicRequiresIt() {
        var request = AnthropicRequest.of(json("{\"model\": \"c\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}"));

        assertThat(request.path("max_tokens").asInt()).isEqualTo(AnthropicRequest.DEFAULT_MAX_TOKENS);
    }

    @Test
    void shouldMapToolsToolCallsAndToolResultsIntoAlternatingTurns() {
        var request = AnthropicRequest.of(json("""
                {"model": "c", "max_tokens": 50, "tool_choice": "required", "parallel_tool_calls": false,
                 "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather",
                            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
                 "messages": [{"role": "user", "content": "Weather in Oslo and Rome?"},
                              {"role": "assistant", "content": null, "tool_calls": [
                                  {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Oslo\\"}"}},
                                  {"id": "call_2", "type": "function", "function": {"name": "get_weather", "arguments": "{\\"city\\":\\"Rome\\"}"}}]},
                              {"role": "tool", "tool_call_id": "call_1", "content": "3°C"},
                              {"role": "tool", "tool_call_id": "call_2", "content": "21°C"}]}
                """));

        assertThat(request.at("/tools/0/name").asText()).isEqualTo("get_weather");
        assertThat(request.at("/tools/0/input_schema/properties/city/type").asText()).isEqualTo("string");
        assertThat(request.at("/tool_choice/type").asText()).isEqualTo("any");
        assertThat(request.at("/tool_choice/disable_parallel_tool_use").asBoolean()).isTrue();
        var messages = request.path("messages");
        assertThat(messages).extracting(m -> m.path("role").asText()).containsExactly("user", "assistant", "user");
        assertThat(messages.at("/1/content/0/type").asText()).isEqualTo("tool_use");
        assertThat(messages.at("/1/content/1/input/city").asText()).isEqualTo("Rome");
        assertThat(messages.at("/2/content")).hasSize(2);
        assertThat(messages.at("/2/content/0/tool_use_id").asText()).isEqualTo("call_1");
        assertThat(messages.at("/2/content/1/content").asText()).isEqualTo("21°C");
    }

    @Test
    void shouldForceAToolForAJsonSchemaAndReturnItsInputAsTheContent() {
        var request = AnthropicRequest.of(json("""
                {"model": "c", "max_tokens": 50, "messages": [{"role": "user", "content": "A city?"}],
                 "response_format": {"type": "json_schema", "json_schema": {"name": "city",
                     "schema": {"type": "object", "properties": {"name": {"type": "string"}}}}}}
                """));
        assertThat(request.at("/tool_choice/name").asText()).isEqualTo(AnthropicRequest.JSON_TOOL);

        var answer = json("""
                {"id": "msg_1", "type": "message", "role": "assistant", "model": "c", "stop_reason": "tool_use",
                 "content": [{"type": "tool_use", "id": "toolu_1", "name": "llmq_structured_output", "input": {"name": "Oslo"}}],
                 "usage": {"input_tokens": 10, "output_tokens": 5}}
                """);
        var body = AnthropicResponse.toOpenAi(answer, 1);
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("{\"name\":\"Oslo\"}");
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(body.at("/choices/0/message/tool_calls").isMissingNode()).isTrue();
    }

    @Test
    void shouldRefuseSeveralChoicesBecauseAnthropicAnswersOne() {
        assertThatThrownBy(() -> AnthropicRequest.of(json("{\"model\": \"c\", \"n\": 2, \"messages\": []}")))
                .isInstanceOf(Unsupported.class);
    }

    @Test
    void shouldCountCacheReadsAndWritesAsPromptTokensOfARecordedMessage() {
        var outcome = AnthropicClient.interpret(FakeResponse.of(200, fixture("anthropic/message-text.json"), "request-id", "req_9"), 7);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Success.class, s -> {
            assertThat(s.usage()).isEqualTo(new Usage(21 + 188 + 1800, 1800, 393));
            var body = Json.MAPPER.valueToTree(parse(s.body()));
            assertThat(body.path("object").asText()).isEqualTo("chat.completion");
            assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Hi! My name is Claude.");
            assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(2009);
            assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(1800);
            assertThat(body.at("/usage/cache_creation_input_tokens").asInt()).isEqualTo(188);
            assertThat(s.requestId()).isEqualTo("req_9");
        });
    }

    @Test
    void shouldTurnARecordedToolUseIntoToolCalls() {
        var outcome = (ProviderOutcome.Success) AnthropicClient.interpret(FakeResponse.of(200, fixture("anthropic/message-tool-use.json")), 7);

        var body = parse(outcome.body());
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(body.at("/choices/0/message/tool_calls/0/id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(body.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(parse(body.at("/choices/0/message/tool_calls/0/function/arguments").asText()).path("unit").asText())
                .isEqualTo("celsius");
    }

    @Test
    void shouldMapMaxTokensToLengthAndDropThinkingBlocks() {
        var outcome = (ProviderOutcome.Success) AnthropicClient.interpret(FakeResponse.of(200, fixture("anthropic/message-max-tokens.json")), 7);

        var body = parse(outcome.body());
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("Once upon a time");
    }

    @Test
    void shouldRetryAnOverloadedAnswer() {
        var outcome = AnthropicClient.interpret(FakeResponse.of(529, fixture("anthropic/error-overloaded.json")), 7);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Retryable.class, r -> {
            assertThat(r.failure()).isEqualTo(Failure.OVERLOADED);
            assertThat(r.reason()).contains("overloaded_error");
        });
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
