package io.llmq.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Anthropic's and Gemini's shapes over the same engine: the same prompt gets the same text and usage. */
class OtherWireFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProviderSimulator simulator;
    private HttpClient http;

    @BeforeEach
    void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLatency(Duration.ZERO).withApiKey("k-123"));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        http.close();
        simulator.close();
    }

    @Test
    void shouldAnswerTheSamePromptWithTheSameTextAndTokensInAllThreeFormats() throws Exception {
        var openAi = JSON.readTree(post("/v1/chat/completions", "Authorization", "Bearer k-123",
                "{\"model\":\"m\",\"max_tokens\":30,\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
                        + "{\"role\":\"user\",\"content\":\"hello\"}]}").body());
        var anthropic = JSON.readTree(post("/v1/messages", "x-api-key", "k-123",
                "{\"model\":\"m\",\"max_tokens\":30,\"system\":\"be brief\",\"messages\":[{\"role\":\"user\",\"content\":"
                        + "[{\"type\":\"text\",\"text\":\"hello\"}]}]}").body());
        var gemini = JSON.readTree(post("/v1beta/models/m:generateContent", "x-goog-api-key", "k-123",
                "{\"systemInstruction\":{\"parts\":[{\"text\":\"be brief\"}]},\"contents\":[{\"role\":\"user\",\"parts\":"
                        + "[{\"text\":\"hello\"}]}],\"generationConfig\":{\"maxOutputTokens\":30}}").body());

        var text = openAi.at("/choices/0/message/content").asText();
        assertThat(anthropic.at("/content/0/text").asText()).isEqualTo(text);
        assertThat(gemini.at("/candidates/0/content/parts/0/text").asText()).isEqualTo(text);
        assertThat(anthropic.at("/usage/input_tokens").asInt()).isEqualTo(openAi.at("/usage/prompt_tokens").asInt());
        assertThat(gemini.at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(openAi.at("/usage/completion_tokens").asInt());
        assertThat(anthropic.path("type").asText()).isEqualTo("message");
        assertThat(anthropic.path("stop_reason").asText()).isIn("end_turn", "max_tokens");
        assertThat(simulator.bill().calls()).isEqualTo(3);
    }

    @Test
    void shouldRefuseAnthropicRequestsWithoutMaxTokensOrKey() throws Exception {
        var noMax = post("/v1/messages", "x-api-key", "k-123", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        var noKey = post("/v1/messages", "x-api-key", "wrong", "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]}");

        assertThat(noMax.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noMax.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noKey.body()).at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(simulator.bill().rejected()).isEqualTo(2);
    }

    @Test
    void shouldRefuseGeminiRequestsWithoutContentsInGoogleErrorShape() throws Exception {
        var answer = post("/v1beta/models/m:generateContent", "x-goog-api-key", "k-123", "{}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(answer.body()).at("/error/status").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    private HttpResponse<String> post(String path, String header, String value, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).header(header, value)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
