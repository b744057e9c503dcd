package io.llmq.worker.provider.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import io.llmq.worker.provider.Failure;
import io.llmq.worker.provider.ProviderClient;
import io.llmq.worker.provider.ProviderOutcome;
import io.llmq.worker.provider.Usage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.llmq.worker.provider.FakeResponse.fixture;
import static org.assertj.core.api.Assertions.assertThat;

class ViaChatTest {
    private static final Usage USAGE = new Usage(1117, 1024, 46);

    /** A chat deployment that answers every call with the recorded chat completion, and remembers what it was sent. */
    private record RecordingChat(List<String> paths, List<ObjectNode> bodies, String answer) implements ProviderClient {
        RecordingChat(String answer) {
            this(new ArrayList<>(), new ArrayList<>(), answer);
        }

        @Override
        public ProviderOutcome call(String path, ObjectNode body, String attemptId) {
            paths.add(path);
            bodies.add(body);
            return new ProviderOutcome.Success(200, "req_1", answer, "gpt-4o-2024-08-06", USAGE);
        }
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ProviderOutcome send(ViaChat viaChat, String path, ObjectNode body) {
        try {
            return viaChat.call(path, body, "a1");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode body(ProviderOutcome outcome) {
        try {
            return Json.MAPPER.readTree(((ProviderOutcome.Success) outcome).body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldSendAResponsesRequestAsChatAndGiveTheAnswerBackAsAResponse() throws Exception {
        var chat = new RecordingChat(fixture("openai/chat-completion.json"));
        var request = json("""
                {"model": "m", "instructions": "Be brief.", "max_output_tokens": 80, "temperature": 0.2,
                 "input": [{"role": "user", "content": [{"type": "input_text", "text": "What is this?"},
                                                        {"type": "input_image", "image_url": "https://x/y.png"}]},
                           {"type": "function_call", "call_id": "c1", "name": "look", "arguments": "{}"},
                           {"type": "function_call_output", "call_id": "c1", "output": "a path"}],
                 "text": {"format": {"type": "json_schema", "name": "answer", "schema": {"type": "object"}, "strict": true}},
                 "tools": [{"type": "function", "name": "look", "parameters": {"type": "object"}}],
                 "tool_choice": {"type": "function", "name": "look"}}""");

        var outcome = new ViaChat(chat, endpoint -> false).call("/v1/responses", request, "a1");

        assertThat(chat.paths()).containsExactly("/v1/chat/completions");
        var sent = chat.bodies().get(0);
        assertThat(sent.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(sent.at("/messages/0/content").asText()).isEqualTo("Be brief.");
        assertThat(sent.at("/messages/1/content/1/image_url/url").asText()).isEqualTo("https://x/y.png");
        assertThat(sent.at("/messages/2/tool_calls/0/function/name").asText()).isEqualTo("look");
        assertThat(sent.at("/messages/3/role").asText()).isEqualTo("tool");
        assertThat(sent.at("/messages/3/tool_call_id").asText()).isEqualTo("c1");
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(80);
        assertThat(sent.at("/response_format/json_schema/name").asText()).isEqualTo("answer");
        assertThat(sent.at("/tools/0/function/name").asText()).isEqualTo("look");
        assertThat(sent.at("/tool_choice/function/name").asText()).isEqualTo("look");

        var response = body(outcome);
        assertThat(response.path("object").asText()).isEqualTo("response");
        assertThat(response.path("id").asText()).startsWith("resp_");
        assertThat(response.path("status").asText()).isEqualTo("completed");
        assertThat(response.path("created_at").asLong()).isEqualTo(1741570283L);
        assertThat(response.at("/output/0/type").asText()).isEqualTo("message");
        assertThat(response.at("/output/0/content/0/type").asText()).isEqualTo("output_text");
        assertThat(response.at("/output/0/content/0/text").asText()).startsWith("The image shows a wooden boardwalk");
        assertThat(response.at("/usage/input_tokens").asInt()).isEqualTo(1117);
        assertThat(response.at("/usage/input_tokens_details/cached_tokens").asInt()).isEqualTo(1024);
        assertThat(response.at("/usage/output_tokens").asInt()).isEqualTo(46);
        assertThat(response.at("/usage/total_tokens").asInt()).isEqualTo(1163);
        assertThat(response.path("instructions").asText()).isEqualTo("Be brief.");
        assertThat(((ProviderOutcome.Success) outcome).usage()).as("the ledger sees the chat call's usage").isEqualTo(USAGE);
    }

    @Test
    void shouldReportACutOffAnswerAsIncompleteAndToolCallsAsFunctionCallItems() {
        var cutOff = fixture("openai/chat-completion.json").replace("\"finish_reason\": \"stop\"", "\"finish_reason\": \"length\"");
        var response = body(send(new ViaChat(new RecordingChat(cutOff), e -> false), "/v1/responses", json("{\"model\":\"m\",\"input\":\"x\"}")));
        assertThat(response.path("status").asText()).isEqualTo("incomplete");
        assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");

        var toolAnswer = """
                {"id": "chatcmpl-9", "object": "chat.completion", "created": 5, "model": "m",
                 "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null,
                   "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{\\"a\\":1}"}}]}}],
                 "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}}""";
        var withCall = body(send(new ViaChat(new RecordingChat(toolAnswer), e -> false), "/v1/responses", json("{\"model\":\"m\",\"input\":\"x\"}")));
        assertThat(withCall.path("output")).hasSize(1);
        assertThat(withCall.at("/output/0/type").asText()).isEqualTo("function_call");
        assertThat(withCall.at("/output/0/call_id").asText()).isEqualTo("call_1");
        assertThat(withCall.at("/output/0/arguments").asText()).isEqualTo("{\"a\":1}");
    }

    @Test
    void shouldSendALegacyCompletionAsOneUserMessageAndAnswerATextCompletion() {
        var chat = new RecordingChat(fixture("openai/chat-completion.json"));

        var completion = body(send(new ViaChat(chat, e -> false), "/v1/completions",
                json("{\"model\":\"m\",\"prompt\":[\"Once upon a time\"],\"max_tokens\":9,\"stop\":\"\\n\"}")));

        assertThat(chat.bodies().get(0).at("/messages/0/content").asText()).isEqualTo("Once upon a time");
        assertThat(chat.bodies().get(0).path("max_tokens").asInt()).isEqualTo(9);
        assertThat(chat.bodies().get(0).path("stop").asText()).isEqualTo("\n");
        assertThat(completion.path("object").asText()).isEqualTo("text_completion");
        assertThat(completion.path("id").asText()).startsWith("cmpl-");
        assertThat(completion.at("/choices/0/text").asText()).startsWith("The image shows");
        assertThat(completion.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(completion.at("/choices/0/logprobs").isNull()).isTrue();
        assertThat(completion.at("/usage/prompt_tokens").asInt()).isEqualTo(1117);
    }

    @Test
    void shouldPassANativelyServedEndpointAndEveryOtherPathThroughUnchanged() {
        var chat = new RecordingChat(fixture("openai/response.json"));
        var request = json("{\"model\":\"m\",\"input\":\"x\"}");
        var viaChat = new ViaChat(chat, "/v1/responses"::equals);

        var outcome = send(viaChat, "/v1/responses", request);
        send(viaChat, "/v1/moderations", request);

        assertThat(chat.paths()).containsExactly("/v1/responses", "/v1/moderations");
        assertThat(chat.bodies().get(0)).isSameAs(request);
        assertThat(((ProviderOutcome.Success) outcome).body()).isEqualTo(fixture("openai/response.json"));
    }

    @Test
    void shouldPassAFailedChatCallThroughAsTheResponsesCallsFailure() throws Exception {
        var failure = new ProviderOutcome.Retryable(Failure.RATE_LIMITED, 429, "slow down", null);
        ProviderClient failing = (path, body, attemptId) -> failure;

        assertThat(new ViaChat(failing, e -> false).call("/v1/responses", json("{\"model\":\"m\",\"input\":\"x\"}"), "a")).isSameAs(failure);
    }
}
