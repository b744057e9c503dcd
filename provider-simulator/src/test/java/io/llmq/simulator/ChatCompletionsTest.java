package io.llmq.simulator;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static io.llmq.simulator.ChatRequest.chat;
import static org.assertj.core.api.Assertions.assertThat;

class ChatCompletionsTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    /** Counted here with jtokkit directly, not with the simulator's own counter, so the test checks the arithmetic. */
    private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

    private ProviderSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLatency(Duration.ZERO), Clock.fixed(NOW, ZoneOffset.UTC));
        client = new SimulatorClient(simulator);
    }

    @AfterEach
    void stop() {
        client.close();
        simulator.close();
    }

    @Test
    void shouldAnswerInOpenAiShapeWithUsageThatAddsUp() {
        var answer = client.chat(chat().model("gpt-4o-mini").system("You are terse.").user("Name three rivers.").json());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("content-type")).startsWith("application/json");
        assertThat(answer.header("x-request-id")).matches("req_[0-9a-f]{32}");
        assertThat(Long.parseLong(answer.header("openai-processing-ms"))).isNotNegative();
        var body = answer.json();
        assertThat(body.get("id").textValue()).matches("chatcmpl-[A-Za-z0-9]{29}");
        assertThat(body.get("object").textValue()).isEqualTo("chat.completion");
        assertThat(body.get("created").longValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(body.get("model").textValue()).isEqualTo("gpt-4o-mini");
        assertThat(body.get("system_fingerprint").textValue()).isEqualTo("fp_llmqsim");
        assertThat(body.get("service_tier").textValue()).isEqualTo("default");
        assertThat(body.get("choices")).hasSize(1);
        var choice = body.get("choices").get(0);
        assertThat(choice.get("index").intValue()).isZero();
        assertThat(choice.at("/message/role").textValue()).isEqualTo("assistant");
        assertThat(choice.at("/message/refusal").isNull()).isTrue();
        assertThat(choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.get("finish_reason").textValue()).isEqualTo("stop");

        var content = choice.at("/message/content").textValue();
        var usage = body.get("usage");
        var expectedPrompt = (O200K.countTokens("You are terse.") + 3) + (O200K.countTokens("Name three rivers.") + 3) + 3;
        assertThat(usage.get("prompt_tokens").intValue()).isEqualTo(expectedPrompt);
        assertThat(usage.get("completion_tokens").intValue()).isEqualTo(O200K.countTokens(content)).isBetween(5, 60);
        assertThat(usage.get("total_tokens").intValue())
                .isEqualTo(usage.get("prompt_tokens").intValue() + usage.get("completion_tokens").intValue());
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").intValue()).isZero();
        assertThat(usage.at("/completion_tokens_details/reasoning_tokens").intValue()).isZero();
        assertThat(usage.at("/completion_tokens_details/rejected_prediction_tokens").isInt()).isTrue();
    }

    @Test
    void shouldCountEachTextPartOfArrayContent() {
        var answer = client.chat(chat().userParts("First part, about lakes.", " Second part, about seas.").json());

        var expected = O200K.countTokens("First part, about lakes.") + O200K.countTokens(" Second part, about seas.") + 3 + 3;
        assertThat(answer.json().at("/usage/prompt_tokens").intValue()).isEqualTo(expected);
    }

    @Test
    void shouldReturnTheSameTextForTheSameRequestAcrossRestarts() {
        var request = chat("Write a haiku about queues.").seed(42).json();
        var first = client.chat(request);
        var second = client.chat(request);
        stop();
        start();
        var afterRestart = client.chat(request);

        assertThat(second.content()).isEqualTo(first.content());
        assertThat(afterRestart.content()).isEqualTo(first.content());
        assertThat(afterRestart.json().get("usage")).isEqualTo(first.json().get("usage"));
    }

    @Test
    void shouldWriteDifferentTextWhenSeedOrModelOrMessagesDiffer() {
        var base = client.chat(chat("Describe a bridge.").seed(1).json()).content();

        assertThat(client.chat(chat("Describe a bridge.").seed(2).json()).content()).isNotEqualTo(base);
        assertThat(client.chat(chat("Describe a bridge.").seed(1).model("gpt-4o").json()).content()).isNotEqualTo(base);
        assertThat(client.chat(chat("Describe a tunnel.").seed(1).json()).content()).isNotEqualTo(base);
    }

    @Test
    void shouldTreatStringContentAndOneTextPartAlike() {
        var asString = client.chat(chat().user("Same words.").json());
        var asParts = client.chat(chat().userParts("Same words.").json());

        assertThat(asParts.content()).isEqualTo(asString.content());
        assertThat(asParts.json().get("usage")).isEqualTo(asString.json().get("usage"));
    }

    @Test
    void shouldCutAtMaxTokensWithFinishReasonLength() {
        var natural = client.chat(chat("Tell me about winter.").json());
        var naturalTokens = natural.json().at("/usage/completion_tokens").intValue();
        var limit = naturalTokens - 2;

        var cut = client.chat(chat("Tell me about winter.").maxTokens(limit).json());

        assertThat(cut.json().at("/choices/0/finish_reason").textValue()).isEqualTo("length");
        assertThat(cut.json().at("/usage/completion_tokens").intValue()).isEqualTo(limit).isEqualTo(O200K.countTokens(cut.content()));
        assertThat(natural.content()).startsWith(cut.content());
    }

    @Test
    void shouldHonourMaxCompletionTokensLikeMaxTokens() {
        var viaMaxTokens = client.chat(chat("Tell me about summer.").maxTokens(3).json());
        var viaMaxCompletionTokens = client.chat(chat("Tell me about summer.").maxCompletionTokens(3).json());

        assertThat(viaMaxCompletionTokens.content()).isEqualTo(viaMaxTokens.content());
        assertThat(viaMaxCompletionTokens.json().at("/usage/completion_tokens").intValue()).isEqualTo(3);
        assertThat(viaMaxCompletionTokens.json().at("/choices/0/finish_reason").textValue()).isEqualTo("length");
    }

    @Test
    void shouldFinishWithStopWhenTheLimitIsNotReached() {
        var natural = client.chat(chat("Tell me about autumn.").json());
        var generous = client.chat(chat("Tell me about autumn.").maxTokens(1_000).json());

        assertThat(generous.content()).isEqualTo(natural.content()).endsWith(".");
        assertThat(generous.json().at("/choices/0/finish_reason").textValue()).isEqualTo("stop");
    }

    @Test
    void shouldEndBeforeTheFirstStopSequence() {
        var natural = client.chat(chat("Tell me about spring.").json()).content();
        var secondWord = natural.split(" ")[1];

        var stopped = client.chat(chat("Tell me about spring.").stop(secondWord, "never-present").json());

        assertThat(stopped.content()).isEqualTo(natural.substring(0, natural.indexOf(secondWord)));
        assertThat(stopped.json().at("/choices/0/finish_reason").textValue()).isEqualTo("stop");
        assertThat(stopped.json().at("/usage/completion_tokens").intValue()).isEqualTo(O200K.countTokens(stopped.content()));
    }

    @Test
    void shouldAnswerHealthChecks() {
        var health = client.get("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").textValue()).isEqualTo("ok");
    }
}
