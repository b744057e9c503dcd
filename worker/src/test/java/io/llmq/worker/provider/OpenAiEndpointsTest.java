package io.llmq.worker.provider;

import io.llmq.schema.tokens.PromptTokens;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.schema.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.llmq.worker.provider.FakeResponse.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/** Answers of the Responses, legacy Completions and Moderations endpoints, as OpenAI sends them, read for the ledger. */
class OpenAiEndpointsTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void shouldReadInputAndOutputTokensFromARecordedResponsesAnswerAndPassTheBodyThrough() {
        var outcome = OpenAiCompatibleClient.interpret(FakeResponse.of(200, fixture("openai/response.json")), NOW);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Success.class, s -> {
            assertThat(s.usage()).isEqualTo(new Usage(36, 0, 87));
            assertThat(s.model()).isEqualTo("gpt-4.1-2025-04-14");
            assertThat(s.body()).isEqualTo(fixture("openai/response.json"));
        });
    }

    @Test
    void shouldReadPromptAndCompletionTokensFromARecordedTextCompletion() {
        var outcome = OpenAiCompatibleClient.interpret(FakeResponse.of(200, fixture("openai/text-completion.json")), NOW);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Success.class,
                s -> assertThat(s.usage()).isEqualTo(new Usage(5, 0, 7)));
    }

    @Test
    void shouldEnterAModerationWithTheTokensOfItsInputBecauseTheAnswerReportsNone() throws Exception {
        var request = (ObjectNode) Json.MAPPER.readTree("""
                {"model": "omni-moderation-latest", "input": ["I will hurt you", {"type": "text", "text": "and your dog"}]}""");
        var answer = OpenAiCompatibleClient.interpret(FakeResponse.of(200, fixture("openai/moderation.json")), NOW);

        var outcome = OpenAiCompatibleClient.withCountedInput(answer, request);

        var expected = PromptTokens.count("I will hurt you") + PromptTokens.count("and your dog");
        assertThat(expected).isPositive();
        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Success.class, s -> {
            assertThat(s.usage()).isEqualTo(new Usage(expected, 0, 0));
            assertThat(s.body()).isEqualTo(fixture("openai/moderation.json"));
        });
    }

    @Test
    void shouldLeaveAFailedModerationAsItWas() {
        var failed = OpenAiCompatibleClient.interpret(FakeResponse.of(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\"}}"), NOW);

        assertThat(OpenAiCompatibleClient.withCountedInput(failed, Json.object().put("input", "x"))).isSameAs(failed);
    }
}
