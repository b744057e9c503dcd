package io.llmq.simulator.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmq.simulator.ProviderSimulator;
import io.llmq.simulator.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ProviderSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    private record Answer(int status, JsonNode body) {
    }

    private static Answer post(String body) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/embeddings"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    @Test
    void shouldAnswerInOpenAisShapeWithDeterministicUnitVectors() throws Exception {
        var first = post("{\"model\":\"text-embedding-3-small\",\"input\":[\"hello world\",\"goodbye\"]}");
        var again = post("{\"model\":\"text-embedding-3-small\",\"input\":[\"hello world\",\"goodbye\"]}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("object").asText()).isEqualTo("list");
        assertThat(first.body().path("data")).hasSize(2);
        var vector = first.body().path("data").get(0).path("embedding");
        assertThat(vector).hasSize(1536);
        double norm = 0;
        for (var v : vector) {
            norm += v.asDouble() * v.asDouble();
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(again.body().path("data")).isEqualTo(first.body().path("data"));
        assertThat(first.body().path("data").get(1).path("index").asInt()).isEqualTo(1);
        assertThat(first.body().path("usage").path("prompt_tokens").asInt()).isPositive()
                .isEqualTo(first.body().path("usage").path("total_tokens").asInt());
    }

    @Test
    void shouldBillEveryAnsweredCallWithItsPromptTokens() throws Exception {
        var before = simulator.bill();
        var answer = post("{\"model\":\"text-embedding-3-small\",\"input\":\"count me\",\"dimensions\":8}");
        var after = simulator.bill();

        assertThat(answer.body().path("data").get(0).path("embedding")).hasSize(8);
        assertThat(after.calls() - before.calls()).isEqualTo(1);
        assertThat(after.promptTokens() - before.promptTokens()).isEqualTo(answer.body().path("usage").path("prompt_tokens").asLong());
        assertThat(after.completionTokens()).isEqualTo(before.completionTokens());
    }

    @Test
    void shouldRefuseABadBodyWithA400InOpenAisErrorShape() throws Exception {
        for (var body : new String[] {"{", "{\"model\":\"m\"}", "{\"model\":\"m\",\"input\":[]}", "{\"model\":\"m\",\"input\":\"x\",\"dimensions\":-1}"}) {
            var answer = post(body);
            assertThat(answer.status()).as(body).isEqualTo(400);
            assertThat(answer.body().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        }
    }
}
