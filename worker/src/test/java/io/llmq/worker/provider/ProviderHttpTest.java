package io.llmq.worker.provider;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The provider transport against real sockets: answers, deadlines, and never a replayed POST. */
class ProviderHttpTest {
    private static final Function<ProviderResponse, ProviderOutcome> ECHO = r -> new ProviderOutcome.Permanent(
            Failure.INVALID_REQUEST, r.statusCode(), r.headers().firstValue("X-Request-Id").orElse(null), r.body(), "echo", "echo");

    private final ProviderHttp http = new ProviderHttp();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/ok", exchange -> {
            var body = exchange.getRequestBody().readAllBytes();
            var auth = exchange.getRequestHeaders().getFirst("Authorization");
            var answer = (auth + " " + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-request-id", "req-1");
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/hang", exchange -> {
            awaitRelease();
            exchange.close();
        });
        server.createContext("/trickle", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                for (int i = 0; i < 100 && release.getCount() > 0; i++) {
                    out.write(' ');
                    out.flush();
                    sleep(100);
                }
            } catch (IOException ignored) {
                // the client gave up, as it should
            }
        });
        server.createContext("/big", exchange -> {
            // chunked, so no Content-Length warns the client: only counting the bytes read stops it
            exchange.sendResponseHeaders(200, 0);
            try (var out = exchange.getResponseBody()) {
                var chunk = new byte[1024];
                java.util.Arrays.fill(chunk, (byte) 'x');
                for (int i = 0; i < 64; i++) {
                    out.write(chunk);
                }
            } catch (IOException ignored) {
                // the client stopped reading, as it should
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        http.close();
    }

    @Test
    void answersCarryStatusHeadersAndBodyAndTheRequestCarriesItsHeaders() throws Exception {
        var outcome = http.post(null, uri("/ok"), Map.of("Authorization", "Bearer k"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(5), ECHO);

        var answer = (ProviderOutcome.Permanent) outcome;
        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.requestId()).as("header names are case-insensitive").isEqualTo("req-1");
        assertThat(answer.body()).isEqualTo("Bearer k {\"a\":1}");
    }

    @Test
    void anAnswerLongerThanTheLimitFailsTheCallForGoodWithoutBeingReadWhole() throws Exception {
        try (var small = new ProviderHttp(16 * 1024)) {
            var outcome = small.post(null, uri("/big"), Map.of(), new byte[0], Duration.ofSeconds(5), ECHO);
            var fits = small.post(null, uri("/ok"), Map.of(), new byte[0], Duration.ofSeconds(5), ECHO);

            assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Permanent.class, p -> {
                assertThat(p.failure()).isEqualTo(Failure.RESPONSE_TOO_LARGE);
                assertThat(p.message()).contains("16384", "LLMQ_PROVIDER_MAX_RESPONSE_BYTES");
            });
            assertThat(fits).isInstanceOf(ProviderOutcome.Permanent.class);
            assertThat(((ProviderOutcome.Permanent) fits).failure()).as("a short answer is read as before").isEqualTo(Failure.INVALID_REQUEST);
        }
        var whole = http.post(null, uri("/big"), Map.of(), new byte[0], Duration.ofSeconds(5), ECHO);
        assertThat(((ProviderOutcome.Permanent) whole).body()).hasSize(64 * 1024);
    }

    @Test
    void aProviderThatNeverAnswersTimesOutAtTheDeadline() throws Exception {
        var outcome = http.post(null, uri("/hang"), Map.of(), new byte[0], Duration.ofMillis(300), ECHO);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Retryable.class,
                r -> assertThat(r.failure()).isEqualTo(Failure.TIMEOUT));
    }

    @Test
    void aProviderThatTricklesBytesForeverStillMeetsTheDeadline() throws Exception {
        // every read succeeds within the socket timeout; only the whole-exchange deadline ends it
        var began = System.nanoTime();
        var outcome = http.post(null, uri("/trickle"), Map.of(), new byte[0], Duration.ofMillis(500), ECHO);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Retryable.class,
                r -> assertThat(r.failure()).isEqualTo(Failure.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - began)).as("the trickle lasts 10 s").isLessThan(Duration.ofSeconds(9));
    }

    @Test
    void aConnectionClosedWithoutAnAnswerIsNotReplayed() throws Exception {
        var accepted = new AtomicInteger();
        try (var socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var acceptor = Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (var connection = socket.accept()) {
                        accepted.incrementAndGet();
                        connection.getInputStream().read(new byte[8192]);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            var outcome = http.post(null, URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/v1/chat/completions"), Map.of(),
                    "{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5), ECHO);

            assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Retryable.class,
                    r -> assertThat(r.failure()).isEqualTo(Failure.CONNECTION));
            // a replay would be a second connection arriving after the outcome: watch that none does
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .untilAsserted(() -> assertThat(accepted)
                            .as("a POST the provider may have billed is never sent twice by the transport").hasValue(1));
            socket.close();
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    @Test
    void aRefusedConnectionIsAConnectionFailure() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var outcome = http.post(null, URI.create("http://127.0.0.1:" + port + "/"), Map.of(), new byte[0], Duration.ofSeconds(5), ECHO);

        assertThat(outcome).isInstanceOfSatisfying(ProviderOutcome.Retryable.class,
                r -> assertThat(r.failure()).isEqualTo(Failure.CONNECTION));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void awaitRelease() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
