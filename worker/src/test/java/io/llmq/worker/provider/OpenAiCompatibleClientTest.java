package io.llmq.worker.provider;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.llmq.worker.provider.FakeResponse.fixture;
import static org.assertj.core.api.Assertions.assertThat;

class OpenAiCompatibleClientTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void shouldReadUsageIncludingCachedTokensFromARecordedChatCompletion() {
        var outcome = OpenAiCompatibleClient.interpret(FakeResponse.of(200, fixture("openai/chat-completion.json"),
                "x-request-id", "req_abc"), NOW);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Success.class, s -> {
            assertThat(s.usage()).isEqualTo(new Usage(1117, 1024, 46));
            assertThat(s.requestId()).isEqualTo("req_abc");
            assertThat(s.model()).isEqualTo("gpt-4o-2024-08-06");
            assertThat(s.body()).isEqualTo(fixture("openai/chat-completion.json"));
        });
    }

    @Test
    void shouldPassEmbeddingsThroughWithPromptTokensAsTheirUsage() {
        var outcome = OpenAiCompatibleClient.interpret(FakeResponse.of(200, fixture("openai/embeddings.json")), NOW);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Success.class,
                s -> assertThat(s.usage()).isEqualTo(new Usage(8, 0, 0)));
    }

    @Test
    void shouldRetryATruncatedBody() {
        var whole = fixture("openai/chat-completion.json");

        var outcome = OpenAiCompatibleClient.interpret(FakeResponse.of(200, whole.substring(0, whole.length() / 2)), NOW);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Retryable.class,
                r -> assertThat(r.failure()).isEqualTo(Failure.BAD_RESPONSE));
    }

    @Test
    void shouldRetryAGatewaysHtmlErrorPage() {
        var outcome = OpenAiCompatibleClient.interpret(FakeResponse.of(502, "<html><body>Bad Gateway</body></html>"), NOW);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Retryable.class,
                r -> assertThat(r.failure()).isEqualTo(Failure.SERVER_ERROR));
    }

    @Test
    void shouldTakeRetryAfterFromMillisecondsOrSeconds() {
        var ms = OpenAiCompatibleClient.interpret(FakeResponse.of(429, "{}", "retry-after-ms", "1500", "retry-after", "2"), NOW);
        var s = OpenAiCompatibleClient.interpret(FakeResponse.of(429, "{}", "retry-after", "20"), NOW);

        assertThat(((ProviderOutcome.Retryable) ms).retryAfter()).isEqualTo(Duration.ofMillis(1500));
        assertThat(((ProviderOutcome.Retryable) s).retryAfter()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void shouldEndAContextLengthErrorAndAnExhaustedQuotaWithoutRetry() {
        var context = OpenAiCompatibleClient.interpret(FakeResponse.of(400, fixture("openai/error-context-length.json")), NOW);
        var quota = OpenAiCompatibleClient.interpret(FakeResponse.of(429, fixture("openai/error-insufficient-quota.json")), NOW);

        assertThat(context).isInstanceOfSatisfying(ProviderOutcome.Permanent.class, p -> {
            assertThat(p.failure()).isEqualTo(Failure.CONTEXT_LENGTH);
            assertThat(p.code()).isEqualTo("context_length_exceeded");
        });
        assertThat(quota).isInstanceOfSatisfying(ProviderOutcome.Permanent.class,
                p -> assertThat(p.failure()).isEqualTo(Failure.QUOTA_EXHAUSTED));
    }
}
