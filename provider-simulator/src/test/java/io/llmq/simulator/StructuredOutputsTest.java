package io.llmq.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** response_format over real HTTP: a schema is answered with a document that fits it, and cut at max_tokens. */
class StructuredOutputsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORMAT = """
            {"type": "json_schema", "json_schema": {"name": "city", "strict": true, "schema": {"type": "object",
             "required": ["name", "size"], "properties": {"name": {"type": "string"}, "size": {"enum": ["small", "large"]}}}}}""";
    private ProviderSimulator simulator;
    private SimulatorClient client;

    @BeforeEach
    void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLatency(Duration.ZERO), Clock.systemUTC());
        client = new SimulatorClient(simulator);
    }

    @AfterEach
    void stop() {
        client.close();
        simulator.close();
    }

    private static String request(String prompt, String format, Integer maxTokens) {
        return "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"" + prompt + "\"}]"
                + (maxTokens == null ? "" : ", \"max_tokens\": " + maxTokens) + ", \"response_format\": " + format + "}";
    }

    @Test
    void shouldAnswerADocumentThatFitsTheSchemaInTheMessageContent() throws Exception {
        var answer = client.chat(request("a city", FORMAT, null));

        assertThat(answer.status()).isEqualTo(200);
        var choice = answer.json().path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        var content = JSON.readTree(choice.path("message").path("content").asText());
        assertThat(content.path("name").isTextual()).isTrue();
        assertThat(content.path("size").asText()).isIn("small", "large");
    }

    @Test
    void shouldCutTheDocumentAtMaxTokensAndSaySo() {
        var answer = client.chat(request("a city", FORMAT, 3));

        var choice = answer.json().path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(answer.json().path("usage").path("completion_tokens").asInt()).isLessThanOrEqualTo(3);
    }

    @Test
    void shouldRefuseAnUnknownFormatTypeAsOpenAiDoes() {
        var answer = client.chat(request("a city", "{\"type\": \"yaml\"}", null));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("error").path("param").asText()).isEqualTo("response_format.type");
    }
}
