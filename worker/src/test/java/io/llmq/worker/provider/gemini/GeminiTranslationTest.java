package io.llmq.worker.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
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

class GeminiTranslationTest {

    @Test
    void shouldMapSystemPromptRolesAndGenerationConfig() {
        var request = GeminiRequest.of(json("""
                {"model": "gemini-x", "max_tokens": 200, "temperature": 0.4, "top_p": 0.8, "n": 2, "seed": 7,
                 "stop": ["END", "STOP"], "response_format": {"type": "json_object"},
                 "messages": [{"role": "system", "content": "Be brief."},
                              {"role": "user", "content": "Hi"},
                              {"role": "assistant", "content": "Hello!"},
                              {"role": "user", "content": "Bye"}]}
                """));

        assertThat(request.at("/systemInstruction/parts/0/text").asText()).isEqualTo("Be brief.");
        assertThat(request.path("contents")).extracting(c -> c.path("role").asText()).containsExactly("user", "model", "user");
        var config = request.path("generationConfig");
        assertThat(config.path("maxOutputTokens").asInt()).isEqualTo(200);
        assertThat(config.path("temperature").asDouble()).isEqualTo(0.4);
        assertThat(config.path("topP").asDouble()).isEqualTo(0.8);
        assertThat(config.path("candidateCount").asInt()).isEqualTo(2);
        assertThat(config.path("seed").asLong()).isEqualTo(7);
        assertThat(config.path("stopSequences")).hasSize(2);
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
    }

    @Test
    void shouldMapToolsCallsAndNamedFunctionResponses() {
        var request = GeminiRequest.of(json("""
                {"model": "g", "tool_choice": {"type": "function", "function": {"name": "lights"}},
                 "tools": [{"type": "function", "function": {"name": "lights", "parameters": {"type": "object"}}}],
                 "response_format": {"type": "json_schema", "json_schema": {"name": "r", "schema": {"type": "object"}}},
                 "messages": [{"role": "user", "content": "Dim the lights"},
                              {"role": "assistant", "tool_calls": [{"id": "call_9", "type": "function",
                                  "function": {"name": "lights", "arguments": "{\\"brightness\\": 25}"}}]},
                              {"role": "tool", "tool_call_id": "call_9", "content": "{\\"ok\\": true}"}]}
                """));

        assertThat(request.at("/tools/0/functionDeclarations/0/name").asText()).isEqualTo("lights");
        assertThat(request.at("/toolConfig/functionCallingConfig/mode").asText()).isEqualTo("ANY");
        assertThat(request.at("/toolConfig/functionCallingConfig/allowedFunctionNames/0").asText()).isEqualTo("lights");
        assertThat(request.at("/contents/1/parts/0/functionCall/args/brightness").asInt()).isEqualTo(25);
        assertThat(request.at("/contents/2/parts/0/functionResponse/name").asText()).isEqualTo("lights");
        assertThat(request.at("/contents/2/parts/0/functionResponse/response/ok").asBoolean()).isTrue();
        assertThat(request.at("/generationConfig/responseSchema/type").asText()).isEqualTo("object");
    }

    @Test
    void shouldRefuseImagesByUrlBecauseGeminiTakesThemInline() {
        assertThatThrownBy(() -> GeminiRequest.of(json("""
                {"model": "g", "messages": [{"role": "user", "content": [
                    {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}]}]}
                """))).isInstanceOf(Unsupported.class);
    }

    @Test
    void shouldReadUsageWithCachedAndThinkingTokensFromARecordedResponse() {
        var outcome = GeminiClient.interpret(FakeResponse.of(200, fixture("gemini/generate-content.json")), "gemini-2.5-flash", 5);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Success.class, s -> {
            assertThat(s.usage()).isEqualTo(new Usage(2048, 1024, 10 + 62));
            var body = parse(s.body());
            assertThat(body.path("object").asText()).isEqualTo("chat.completion");
            assertThat(body.path("id").asText()).isEqualTo("Yz1daKqyI5mO7dcPn4W4mQE");
            assertThat(body.at("/choices/0/message/content").asText()).isEqualTo("AI learns patterns from data to make predictions.");
            assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(body.at("/usage/completion_tokens").asInt()).isEqualTo(72);
            assertThat(body.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(1024);
        });
    }

    @Test
    void shouldTurnARecordedFunctionCallIntoToolCalls() {
        var outcome = (ProviderOutcome.Success) GeminiClient.interpret(FakeResponse.of(200, fixture("gemini/function-call.json")), "g", 5);

        var body = parse(outcome.body());
        assertThat(body.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(body.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("set_light_values");
        assertThat(parse(body.at("/choices/0/message/tool_calls/0/function/arguments").asText()).path("brightness").asInt())
                .isEqualTo(25);
    }

    @Test
    void shouldRecordABlockedPromptAsContentFilteredWithItsPromptTokens() {
        var outcome = (ProviderOutcome.Success) GeminiClient.interpret(FakeResponse.of(200, fixture("gemini/prompt-blocked.json")), "g", 5);

        assertThat(parse(outcome.body()).at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        assertThat(outcome.usage()).isEqualTo(new Usage(7, 0, 0));
    }

    @Test
    void shouldRetryAnExhaustedResource() {
        var outcome = GeminiClient.interpret(FakeResponse.of(429, fixture("gemini/error-resource-exhausted.json")), "g", 5);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Retryable.class,
                r -> assertThat(r.failure()).isEqualTo(Failure.RATE_LIMITED));
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) parse(text);
    }

    private static JsonNode parse(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
