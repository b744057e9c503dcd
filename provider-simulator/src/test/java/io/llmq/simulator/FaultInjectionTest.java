package io.llmq.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"model\":\"m\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private ProviderSimulator simulator;
    private HttpClient http;

    @BeforeEach
    void start() {
        simulator = ProviderSimulator.start(SimulatorConfig.defaults().withLatency(Duration.ZERO));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterEach
    void stop() {
        http.close();
        simulator.close();
    }

    @Test
    void shouldFailTheCountedRequestsThenServeAndCountEveryRequestOnTheBill() throws Exception {
        simulator.inject(Fault.status(503).forModel("m").times(2));

        assertThat(chat(BODY, "/v1/chat/completions").statusCode()).isEqualTo(503);
        assertThat(chat(BODY, "/v1/chat/completions").statusCode()).isEqualTo(503);
        assertThat(chat(BODY, "/v1/chat/completions").statusCode()).isEqualTo(200);

        assertThat(simulator.bill().calls()).isEqualTo(1);
        assertThat(simulator.bill().failed()).isEqualTo(2);
        assertThat(simulator.bill().requests()).isEqualTo(3);
        assertThat(simulator.received("m")).isEqualTo(3);
        assertThat(simulator.faulted("m")).isEqualTo(2);
    }

    @Test
    void shouldOnlyHitTheNamedModel() throws Exception {
        simulator.inject(Fault.status(500).forModel("other"));

        assertThat(chat(BODY, "/v1/chat/completions").statusCode()).isEqualTo(200);
        assertThat(simulator.faulted("m")).isZero();
    }

    @Test
    void shouldSendRetryAfterWith429AndCountItAsRejected() throws Exception {
        simulator.inject(Fault.status(429).retryAfter(Duration.ofMillis(2500)).times(1));

        var answer = chat(BODY, "/v1/chat/completions");

        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.headers().firstValue("retry-after")).contains("3");
        assertThat(answer.headers().firstValue("retry-after-ms")).contains("2500");
        assertThat(JSON.readTree(answer.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(simulator.bill().rejected()).isEqualTo(1);
    }

    @Test
    void shouldAnswerInEachProvidersOwnErrorShape() throws Exception {
        simulator.inject(Fault.status(529));

        var anthropic = chat(BODY, "/v1/messages");
        var gemini = chat("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}", "/v1beta/models/m:generateContent");

        assertThat(JSON.readTree(anthropic.body()).at("/error/type").asText()).isEqualTo("overloaded_error");
        assertThat(JSON.readTree(gemini.body()).at("/error/status").asText()).isEqualTo("UNAVAILABLE");
        assertThat(simulator.received("m")).isEqualTo(2);
    }

    @Test
    void shouldResetTheConnectionWithoutAnswering() {
        simulator.inject(Fault.reset().times(1));

        assertThatThrownBy(() -> chat(BODY, "/v1/chat/completions")).isInstanceOf(IOException.class);
        assertThat(simulator.bill().failed()).isEqualTo(1);
    }

    @Test
    void shouldHangLongerThanTheClientWaits() {
        simulator.inject(Fault.hang(Duration.ofSeconds(5)).times(1));

        var request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofMillis(300)).POST(HttpRequest.BodyPublishers.ofString(BODY)).build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void shouldAnswer200WithABodyCutShort() throws Exception {
        simulator.inject(Fault.truncate().times(1));

        var answer = chat(BODY, "/v1/chat/completions");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> JSON.readTree(answer.body())).isInstanceOf(IOException.class);
        assertThat(simulator.bill().calls()).isZero();
    }

    @Test
    void shouldTakeFaultsOverHttpAndClearThem() throws Exception {
        var spec = "{\"type\":\"status\",\"status\":500,\"model\":\"m\",\"count\":1}";
        var added = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString(spec)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(added.body()).at("/faults/0/status").asInt()).isEqualTo(500);

        http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/sim/faults")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(chat(BODY, "/v1/chat/completions").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAFaultSpecWithoutAType() throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/sim/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"fraction\":0.5}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("type must be one of");
    }

    private HttpResponse<String> chat(String body, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
