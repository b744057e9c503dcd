package io.llmq.worker.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import static io.llmq.worker.provider.FakeResponse.fixture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Providers} reads the catalogue in force at each call, over a real socket: a deployment's
 * key comes from its variable or its secret file, and a changed deployment (key source, base URL)
 * gets a new client at its next call, while an unchanged one keeps its own.
 */
class ProvidersLiveTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private HttpServer server;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI().getPath() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.getRequestBody().readAllBytes();
            var answer = fixture("openai/chat-completion.json").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Catalogue catalogue(String path, String key) {
        return Catalogue.parse("""
                deployments:
                  - { name: d, provider: openai, base_url: "http://127.0.0.1:%d%s", %s }
                models:
                  - { id: m, deployment: d, price: { input: 1, output: 2 } }
                """.formatted(server.getAddress().getPort(), path, key), name -> null);
    }

    private static ObjectNode chat() throws IOException {
        return (ObjectNode) Json.MAPPER.readTree("{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
    }

    @Test
    void shouldCallWithTheKeyAndBaseUrlOfTheCatalogueInForceAtEachCall() throws Exception {
        var secret = Files.writeString(dir.resolve("key"), "from-file\n");
        var live = new AtomicReference<>(catalogue("/v1", "api_key_env: KEY"));
        try (var providers = new Providers(live::get, Map.of("KEY", "from-env"))) {
            var first = providers.client("d");
            first.call("/v1/chat/completions", chat(), "job-1.1");
            assertThat(providers.client("d")).isSameAs(first);

            live.set(catalogue("/v1", "api_key_file: \"" + secret + "\""));
            providers.client("d").call("/v1/chat/completions", chat(), "job-2.1");
            live.set(catalogue("/v2", "api_key_file: \"" + secret + "\""));
            providers.client("d").call("/v1/chat/completions", chat(), "job-3.1");
        }

        assertThat(seen).containsExactly("/v1/chat/completions Bearer from-env", "/v1/chat/completions Bearer from-file",
                "/v2/chat/completions Bearer from-file");
    }
}
