package io.llmq.worker.provider;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AnswerInterpreterTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
    private static final AnswerInterpreter.Translation AS_IS =
            (answer, body) -> new AnswerInterpreter.Translated(body, answer.path("model").asText(null), new Usage(1, 0, 1));

    private static AnswerInterpreter format(boolean readsRateLimitHints) {
        return new AnswerInterpreter("request-id", answer -> answer.has("model"), "not this format's answer",
                body -> ErrorFields.NONE, readsRateLimitHints);
    }

    @Test
    void shouldReadARateLimitResetInstantAgainstTheTimeTheAnswerArrived() {
        var response = FakeResponse.of(200, "{\"model\": \"m\"}", "request-id", "req_1",
                "anthropic-ratelimit-tokens-remaining", "0", "anthropic-ratelimit-tokens-reset", "2025-01-01T00:00:30Z");

        var outcome = format(true).interpret(response, NOW, AS_IS);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Success.class, s -> {
            assertThat(s.pauseHint()).isEqualTo(Duration.ofSeconds(30));
            assertThat(s.requestId()).isEqualTo("req_1");
            assertThat(s.model()).isEqualTo("m");
        });
    }

    @Test
    void shouldIgnoreRateLimitHeadersOfAFormatThatDoesNotReadThem() {
        var response = FakeResponse.of(200, "{\"model\": \"m\"}",
                "anthropic-ratelimit-tokens-remaining", "0", "anthropic-ratelimit-tokens-reset", "2025-01-01T00:00:30Z");

        var outcome = format(false).interpret(response, NOW, AS_IS);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Success.class, s -> assertThat(s.pauseHint()).isNull());
    }

    @Test
    void shouldRetryAWholeJsonObjectThatIsNotTheFormatsAnswer() {
        var outcome = format(true).interpret(FakeResponse.of(200, "{\"other\": 1}"), NOW, AS_IS);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Retryable.class, r -> {
            assertThat(r.failure()).isEqualTo(Failure.BAD_RESPONSE);
            assertThat(r.reason()).isEqualTo("not this format's answer");
        });
    }
}
