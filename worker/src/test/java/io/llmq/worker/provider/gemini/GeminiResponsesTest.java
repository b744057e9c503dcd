package io.llmq.worker.provider.gemini;

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

/** Responses and legacy Completions requests to a Gemini deployment, against recorded generateContent answers. */
class GeminiResponsesTest {

    private static ViaChat gemini(String fixture, AtomicReference<ObjectNode> sent) {
        return new ViaChat((path, chat, attemptId) -> {
            sent.set(GeminiRequest.of(chat));
            return GeminiClient.interpret(FakeResponse.of(200, fixture(fixture)), chat.path("model").asText(), 5L);
        }, endpoint -> false);
    }

    @Test
    void shouldSendAResponsesRequestAsGenerateContentAndAnswerAResponseWithThinkingBilledAsOutput() throws Exception {
        var sent = new AtomicReference<ObjectNode>();
        var request = (ObjectNode) Json.MAPPER.readTree("""
                {"model": "gemini-2.5-flash", "instructions": "One sentence.", "input": "Explain AI", "max_output_tokens": 64,
                 "text": {"format": {"type": "json_object"}}}""");

        var outcome = (ProviderOutcome.Success) gemini("gemini/generate-content.json", sent).call("/v1/responses", request, "a1");
        var response = Json.MAPPER.readTree(outcome.body());

        assertThat(sent.get().at("/systemInstruction/parts/0/text").asText()).isEqualTo("One sentence.");
        assertThat(sent.get().at("/contents/0/parts/0/text").asText()).isEqualTo("Explain AI");
        assertThat(sent.get().at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(64);
        assertThat(sent.get().at("/generationConfig/responseMimeType").asText()).isEqualTo("application/json");
        assertThat(response.at("/output/0/content/0/text").asText()).isEqualTo("AI learns patterns from data to make predictions.");
        assertThat(response.at("/usage/input_tokens").asInt()).isEqualTo(2048);
        assertThat(response.at("/usage/input_tokens_details/cached_tokens").asInt()).isEqualTo(1024);
        assertThat(response.at("/usage/output_tokens").asInt()).isEqualTo(72);
        assertThat(outcome.usage()).isEqualTo(new Usage(2048, 1024, 72));
    }

    @Test
    void shouldAnswerALegacyCompletionFromGeminiAsATextCompletion() throws Exception {
        var sent = new AtomicReference<ObjectNode>();
        var request = (ObjectNode) Json.MAPPER.readTree("{\"model\": \"gemini-2.5-flash\", \"prompt\": \"AI is\", \"max_tokens\": 20}");

        var outcome = (ProviderOutcome.Success) gemini("gemini/generate-content.json", sent).call("/v1/completions", request, "a1");
        var completion = Json.MAPPER.readTree(outcome.body());

        assertThat(sent.get().at("/contents/0/parts/0/text").asText()).isEqualTo("AI is");
        assertThat(completion.path("object").asText()).isEqualTo("text_completion");
        assertThat(completion.at("/choices/0/text").asText()).isEqualTo("AI learns patterns from data to make predictions.");
        assertThat(completion.at("/usage/completion_tokens").asInt()).isEqualTo(72);
    }
}
