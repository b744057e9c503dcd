package io.llmq.simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The Responses, legacy Completions and Moderations endpoints over real HTTP, in OpenAI's wire format, on the bill. */
class OpenAiEndpointsTest {
    private static ProviderSimulator simulator;
    private static SimulatorClient client;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
        client = new SimulatorClient(simulator);
    }

    @AfterAll
    static void stop() {
        client.close();
        simulator.close();
    }

    @Test
    void shouldAnswerAResponsesRequestWithAResponseObjectAndBillItsTokens() {
        var before = simulator.bill();
        var answer = client.post("/v1/responses", """
                {"model": "gpt-4o-mini", "instructions": "Be brief.", "max_output_tokens": 20, "temperature": 0.5,
                 "input": [{"role": "user", "content": [{"type": "input_text", "text": "Tell me about the sea"}]}]}""");

        assertThat(answer.status()).isEqualTo(200);
        var body = answer.json();
        assertThat(body.path("id").asText()).startsWith("resp_");
        assertThat(body.path("object").asText()).isEqualTo("response");
        assertThat(body.path("status").asText()).isIn("completed", "incomplete");
        assertThat(body.path("instructions").asText()).isEqualTo("Be brief.");
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
        assertThat(body.at("/output/0/type").asText()).isEqualTo("message");
        assertThat(body.at("/output/0/role").asText()).isEqualTo("assistant");
        assertThat(body.at("/output/0/content/0/type").asText()).isEqualTo("output_text");
        assertThat(body.at("/output/0/content/0/text").asText()).isNotEmpty();
        assertThat(body.at("/output/0/content/0/annotations").isArray()).isTrue();
        var usage = body.path("usage");
        assertThat(usage.path("output_tokens").asInt()).isBetween(1, 20);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(usage.path("input_tokens").asInt() + usage.path("output_tokens").asInt());
        assertThat(usage.at("/input_tokens_details/cached_tokens").asInt()).isZero();
        var after = simulator.bill();
        assertThat(after.calls() - before.calls()).isEqualTo(1);
        assertThat(after.promptTokens() - before.promptTokens()).isEqualTo(usage.path("input_tokens").asLong());
        assertThat(after.completionTokens() - before.completionTokens()).isEqualTo(usage.path("output_tokens").asLong());
    }

    @Test
    void shouldRefuseResponsesRequestsAsOpenAiDoes() {
        var tooFew = client.post("/v1/responses", "{\"model\": \"m\", \"input\": \"x\", \"max_output_tokens\": 5}");
        var noInput = client.post("/v1/responses", "{\"model\": \"m\"}");

        assertThat(tooFew.status()).isEqualTo(400);
        assertThat(tooFew.json().at("/error/param").asText()).isEqualTo("max_output_tokens");
        assertThat(noInput.status()).isEqualTo(400);
        assertThat(noInput.json().at("/error/param").asText()).isEqualTo("input");
    }

    @Test
    void shouldAnswerALegacyCompletionWithATextCompletionCutAtSixteenTokensByDefault() {
        var answer = client.post("/v1/completions", "{\"model\": \"gpt-4o-mini\", \"prompt\": \"Once upon a time\"}");

        assertThat(answer.status()).isEqualTo(200);
        var body = answer.json();
        assertThat(body.path("id").asText()).startsWith("cmpl-");
        assertThat(body.path("object").asText()).isEqualTo("text_completion");
        assertThat(body.at("/choices/0/text").asText()).isNotEmpty();
        assertThat(body.at("/choices/0/logprobs").isNull()).isTrue();
        assertThat(body.at("/usage/completion_tokens").asInt()).isBetween(1, 16);
        assertThat(body.at("/choices/0/finish_reason").asText()).isIn("stop", "length");
    }

    @Test
    void shouldFlagTheInputsHoldingItsWordsAndBillTheirTokensWithoutReportingUsage() {
        var before = simulator.bill();
        var answer = client.post("/v1/moderations", """
                {"model": "omni-moderation-latest", "input": ["I will kill the process", {"type": "text", "text": "I like tea"}]}""");

        assertThat(answer.status()).isEqualTo(200);
        var body = answer.json();
        assertThat(body.path("id").asText()).startsWith("modr-");
        assertThat(body.path("model").asText()).isEqualTo("omni-moderation-latest");
        assertThat(body.has("usage")).isFalse();
        assertThat(body.path("results")).hasSize(2);
        assertThat(body.at("/results/0/flagged").asBoolean()).isTrue();
        assertThat(body.at("/results/0/categories/violence").asBoolean()).isTrue();
        assertThat(body.at("/results/0/category_scores/violence").asDouble()).isGreaterThan(0.9);
        assertThat(body.at("/results/1/flagged").asBoolean()).isFalse();
        assertThat(body.at("/results/1/category_scores/violence").asDouble()).isLessThan(0.01);
        var again = client.post("/v1/moderations", "{\"model\": \"omni-moderation-latest\", \"input\": \"I like tea\"}").json();
        assertThat(again.at("/results/0/category_scores")).as("deterministic").isEqualTo(body.at("/results/1/category_scores"));
        var tokens = engine().count("I will kill the process") + engine().count("I like tea") + engine().count("I like tea");
        assertThat(simulator.bill().promptTokens() - before.promptTokens()).isEqualTo(tokens);
        assertThat(simulator.bill().calls() - before.calls()).isEqualTo(2);
    }

    private static io.llmq.simulator.engine.TokenCounter engine() {
        return io.llmq.simulator.engine.TokenCounter.o200k();
    }
}
