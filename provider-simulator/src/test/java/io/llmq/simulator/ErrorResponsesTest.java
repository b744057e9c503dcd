package io.llmq.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static io.llmq.simulator.ChatRequest.chat;
import static org.assertj.core.api.Assertions.assertThat;

class ErrorResponsesTest {

    private ProviderSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLatency(Duration.ZERO));
        client = new SimulatorClient(simulator);
    }

    @AfterEach
    void stop() {
        client.close();
        simulator.close();
    }

    @Test
    void shouldRejectBrokenJsonWithOpenAiErrorShape() {
        var answer = client.chat("{\"model\": \"gpt-4o-mini\", \"messages\": [");

        assertThat(answer.status()).isEqualTo(400);
        assertOpenAiError(answer.json());
        assertThat(answer.json().at("/error/message").textValue()).contains("could not parse the JSON body");
        assertThat(answer.header("x-request-id")).startsWith("req_");
        assertThat(simulator.bill()).isEqualTo(new Bill(0, 0, 0, 1));
    }

    @Test
    void shouldRejectMissingMessagesNamingTheParameter() {
        var answer = client.chat("{\"model\":\"gpt-4o-mini\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertOpenAiError(answer.json());
        assertThat(answer.json().at("/error/param").textValue()).isEqualTo("messages");
        assertThat(answer.json().at("/error/code").textValue()).isEqualTo("missing_required_parameter");
    }

    @Test
    void shouldRejectEmptyMessages() {
        var answer = client.chat("{\"model\":\"gpt-4o-mini\",\"messages\":[]}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/code").textValue()).isEqualTo("empty_array");
    }

    @Test
    void shouldRejectMissingModel() {
        var answer = client.chat("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(answer.status()).isEqualTo(400);
        assertOpenAiError(answer.json());
        assertThat(answer.json().at("/error/message").textValue()).contains("model");
    }

    /** Whatever the body, bad input is a 400 with OpenAI's error shape, never a 500. */
    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "null",
            "[]",
            "42",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]} trailing",
            "{\"model\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"  \",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
            "{\"model\":\"m\",\"messages\":{}}",
            "{\"model\":\"m\",\"messages\":[null]}",
            "{\"model\":\"m\",\"messages\":[1]}",
            "{\"model\":\"m\",\"messages\":[{\"content\":\"hi\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":5}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[]}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"x\"}}]}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[\"hi\"]}]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":\"10\"}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2.5}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_completion_tokens\":-1}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":3}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":1.5}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"seed\":99999999999999999999999}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stop\":7}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stop\":[\"a\",1]}",
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}",
    })
    void shouldAnswerEveryMalformedBodyWith400(String body) {
        var answer = client.chat(body);

        assertThat(answer.status()).as(body).isEqualTo(400);
        assertOpenAiError(answer.json());
        assertThat(simulator.bill().rejected()).isEqualTo(1);
        assertThat(simulator.bill().calls()).isZero();
    }

    @Test
    void shouldAcceptFieldsItDoesNotUseAndAssistantTurnsWithoutContent() {
        var body = "{\"model\":\"m\",\"n\":1,\"tools\":[],\"stop\":null,\"seed\":null,\"max_tokens\":99999999999,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":null},"
                + "{\"role\":\"user\",\"content\":\"<|endoftext|> is plain text here\"}]}";

        var answer = client.chat(body);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(simulator.bill().calls()).isEqualTo(1);
    }

    @Test
    void shouldAnswerUnknownProviderPathsLikeOpenAi() {
        var answer = client.get("/v1/models");

        assertThat(answer.status()).isEqualTo(404);
        assertOpenAiError(answer.json());
        assertThat(answer.json().at("/error/message").textValue()).isEqualTo("Invalid URL (GET /v1/models)");
        assertThat(simulator.bill().rejected()).isEqualTo(1);
    }

    @Test
    void shouldRequireTheConfiguredApiKey() {
        stop();
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLatency(Duration.ZERO).withApiKey("sk-sim-secret"));
        client = new SimulatorClient(simulator);
        var request = chat("hello").json();

        var missing = client.chat(request);
        var wrong = client.chat(request, "Bearer sk-sim-wrong");
        var right = client.chat(request, "Bearer sk-sim-secret");

        assertThat(missing.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertOpenAiError(missing.json());
        assertOpenAiError(wrong.json());
        assertThat(missing.json().at("/error/code").textValue()).isEqualTo("invalid_api_key");
        assertThat(wrong.json().at("/error/code").textValue()).isEqualTo("invalid_api_key");
        assertThat(wrong.body()).doesNotContain("sk-sim-wrong");
        assertThat(right.status()).isEqualTo(200);
        assertThat(simulator.bill().calls()).isEqualTo(1);
        assertThat(simulator.bill().rejected()).isEqualTo(2);
    }

    @Test
    void shouldCheckTheKeyBeforeTheBody() {
        stop();
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withApiKey("sk-sim-secret"));
        client = new SimulatorClient(simulator);

        var answer = client.chat("not json", "Bearer nope");

        assertThat(answer.status()).isEqualTo(401);
    }

    private static void assertOpenAiError(JsonNode body) {
        assertThat(body.fieldNames()).toIterable().containsExactly("error");
        var error = body.get("error");
        assertThat(error.fieldNames()).toIterable().containsExactly("message", "type", "param", "code");
        assertThat(error.get("message").textValue()).isNotBlank();
        assertThat(error.get("type").textValue()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").isNull() || error.get("param").isTextual()).isTrue();
        assertThat(error.get("code").isNull() || error.get("code").isTextual()).isTrue();
    }
}
