package io.llmq.worker.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.worker.provider.FakeResponse;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Usage;
import io.llmq.worker.provider.endpoints.ViaChat;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static io.llmq.worker.provider.FakeResponse.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** A Responses request to an Anthropic deployment: Messages request out, recorded Anthropic message back as a Response. */
class AnthropicResponsesTest {

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(text);
    }

    /** The adapter's translation both ways, with the recorded answer in place of the HTTP call. */
    private static JsonNode respond(ObjectNode request, String fixture, AtomicReference<ObjectNode> sent) throws Exception {
        var viaChat = new ViaChat((path, chat, attemptId) -> {
            sent.set(AnthropicRequest.of(chat));
            return AnthropicClient.interpret(FakeResponse.of(200, fixture(fixture), "request-id", "req_a"), 1_700_000_000L);
        }, endpoint -> false);
        var outcome = viaChat.call("/v1/responses", request, "a1");
        assertThat(outcome).isInstanceOf(ProviderOutcome.Success.class);
        return Json.MAPPER.readTree(((ProviderOutcome.Success) outcome).body());
    }

    @Test
    void shouldSendInstructionsAsTheSystemPromptAndAnswerWithAResponseCarryingAnthropicsUsage() throws Exception {
        var sent = new AtomicReference<ObjectNode>();
        var request = json("""
                {"model": "claude-sonnet-4-20250514", "instructions": "You are Claude.", "max_output_tokens": 500,
                 "input": [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi"},
                           {"role": "user", "content": [{"type": "input_text", "text": "Your name?"}]}]}""");

        var response = respond(request, "anthropic/message-text.json", sent);

        assertThat(sent.get().path("system").asText()).isEqualTo("You are Claude.");
        assertThat(sent.get().path("max_tokens").asInt()).isEqualTo(500);
        assertThat(sent.get().path("messages")).hasSize(3);
        assertThat(sent.get().at("/messages/2/content/0/text").asText()).isEqualTo("Your name?");
        assertThat(response.path("object").asText()).isEqualTo("response");
        assertThat(response.path("status").asText()).isEqualTo("completed");
        assertThat(response.path("model").asText()).isEqualTo("claude-sonnet-4-20250514");
        assertThat(response.at("/output/0/content/0/text").asText()).isEqualTo("Hi! My name is Claude.");
        // Anthropic's input_tokens exclude the cache: 21 + 188 written + 1800 read
        assertThat(response.at("/usage/input_tokens").asInt()).isEqualTo(2009);
        assertThat(response.at("/usage/input_tokens_details/cached_tokens").asInt()).isEqualTo(1800);
        assertThat(response.at("/usage/input_tokens_details/cache_write_tokens").asInt()).isEqualTo(188);
        assertThat(response.at("/usage/output_tokens").asInt()).isEqualTo(393);
    }

    @Test
    void shouldGiveAToolUseBackAsAFunctionCallItemAndLedgerTheMessagesUsage() throws Exception {
        var sent = new AtomicReference<ObjectNode>();
        var request = json("""
                {"model": "claude-opus-4-1", "input": "Weather in SF?",
                 "tools": [{"type": "function", "name": "get_weather", "parameters": {"type": "object"}}]}""");
        var viaChat = new ViaChat((path, chat, attemptId) -> {
            sent.set(AnthropicRequest.of(chat));
            return AnthropicClient.interpret(FakeResponse.of(200, fixture("anthropic/message-tool-use.json")), 5L);
        }, endpoint -> false);

        var outcome = (ProviderOutcome.Success) viaChat.call("/v1/responses", request, "a1");
        var response = Json.MAPPER.readTree(outcome.body());

        assertThat(sent.get().at("/tools/0/name").asText()).isEqualTo("get_weather");
        assertThat(response.at("/output/0/type").asText()).isEqualTo("message");
        assertThat(response.at("/output/1/type").asText()).isEqualTo("function_call");
        assertThat(response.at("/output/1/name").asText()).isEqualTo("get_weather");
        assertThat(response.at("/output/1/call_id").asText()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(Json.MAPPER.readTree(response.at("/output/1/arguments").asText()).path("unit").asText()).isEqualTo("celsius");
        assertThat(outcome.usage()).isEqualTo(new Usage(384, 0, 92));
    }
}
