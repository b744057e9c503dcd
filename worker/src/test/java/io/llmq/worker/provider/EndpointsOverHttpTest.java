package io.llmq.worker.provider;

import io.llmq.schema.tokens.PromptTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Deployment;
import io.llmq.schema.catalogue.DeploymentLimits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import static io.llmq.worker.provider.FakeResponse.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The adapter an OpenAI-compatible deployment gets ({@link Providers#client}) over a real socket:
 * a Responses request goes to {@code /responses} where the deployment serves it and to
 * {@code /chat/completions}, translated, where it does not.
 */
class EndpointsOverHttpTest {
    private final ProviderHttp http = new ProviderHttp();
    private final Map<String, JsonNode> received = new ConcurrentHashMap<>();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        for (var route : Map.of("/v1/responses", "openai/response.json", "/v1/chat/completions", "openai/chat-completion.json",
                "/v1/moderations", "openai/moderation.json").entrySet()) {
            server.createContext(route.getKey(), exchange -> {
                received.put(route.getKey(), Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
                var answer = fixture(route.getValue()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
        }
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        http.close();
    }

    private ProviderClient client(Set<String> nativeEndpoints) {
        var deployment = new Deployment("d", "openai", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", null,
                Duration.ofSeconds(5), DeploymentLimits.NONE, nativeEndpoints);
        return Providers.client(http, deployment, null, Clock.systemUTC());
    }

    private static ObjectNode request() throws IOException {
        return (ObjectNode) Json.MAPPER.readTree("{\"model\": \"gpt-4.1\", \"input\": \"Tell me a story\"}");
    }

    @Test
    void shouldSendAResponsesRequestNativelyWithStoreFalseWhereTheDeploymentServesIt() throws Exception {
        var outcome = client(Set.of("/v1/chat/completions", "/v1/responses")).call("/v1/responses", request(), "job-1.1");

        assertThat(received).containsOnlyKeys("/v1/responses");
        assertThat(received.get("/v1/responses").path("store").asBoolean(true)).isFalse();
        assertThat(received.get("/v1/responses").path("input").asText()).isEqualTo("Tell me a story");
        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Success.class, s -> {
            assertThat(s.usage()).isEqualTo(new Usage(36, 0, 87));
            assertThat(s.body()).isEqualTo(fixture("openai/response.json"));
        });
    }

    @Test
    void shouldTranslateAResponsesRequestToChatWhereTheDeploymentServesOnlyChat() throws Exception {
        var outcome = client(null).call("/v1/responses", request(), "job-1.1");

        assertThat(received).containsOnlyKeys("/v1/chat/completions");
        assertThat(received.get("/v1/chat/completions").at("/messages/0/content").asText()).isEqualTo("Tell me a story");
        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Success.class, s -> {
            assertThat(s.usage()).isEqualTo(new Usage(1117, 1024, 46));
            assertThat(s.body()).contains("\"object\":\"response\"").contains("\"input_tokens\":1117");
        });
    }

    @Test
    void shouldSendAModerationToTheDeploymentAndLedgerItsCountedInputTokens() throws Exception {
        var body = (ObjectNode) Json.MAPPER.readTree("{\"model\": \"omni-moderation-latest\", \"input\": \"I will hurt you\"}");

        var outcome = client(null).call("/v1/moderations", body, "job-2.1");

        assertThat(received).containsOnlyKeys("/v1/moderations");
        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Success.class,
                s -> assertThat(s.usage()).isEqualTo(new Usage(PromptTokens.count("I will hurt you"), 0, 0)));
    }
}
