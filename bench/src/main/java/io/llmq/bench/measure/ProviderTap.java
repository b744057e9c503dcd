package io.llmq.bench.measure;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A recording reverse proxy in front of the provider-simulator: the workers' catalogue points at
 * it, it forwards every request unchanged and hands back the simulator's answer with its status
 * and headers (429s and rate-limit headers included), and it stamps, on this JVM's clock, the
 * moment each request arrived.
 *
 * <p>Why a tap rather than a hook inside the simulator: it measures the provider's front door
 * without changing the simulator, and it sees every attempt of a job, so only the attempt the
 * provider actually served (a 200) counts as the moment the job's provider call started; attempts
 * turned away with a 429 are counted apart. Requests whose body holds the marker followed by an
 * id ({@code [bench-high-17]}) are recorded per id; all others are recorded as unmarked.
 */
public final class ProviderTap implements AutoCloseable {
    /** Request headers the JDK client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");
    private static final Set<String> HOP_BY_HOP = Set.of("content-length", "transfer-encoding", "connection");
    /** The simulator raised its accept queue for the same reason: hundreds of workers' calls arrive at once. */
    private static final int BACKLOG = 4096;

    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient upstreamClient;
    private final String upstream;
    private final String marker;
    private final TapLog log = new TapLog();
    private final java.util.Set<String> upstreamFailures = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        // The JDK server closes every idle keep-alive connection beyond 200; the workers hold more
        // than that open, and reused one just closed: NoHttpResponseException on llmq's side, which
        // counts against the deployment's breaker and opened it for 30 s (the priority bench's
        // "stall"). A real provider keeps connections alive; so must the tap.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "8192");
        System.setProperty("sun.net.httpserver.idleInterval", "120");
    }

    private ProviderTap(String upstream, String marker) {
        this.upstream = upstream;
        this.marker = marker;
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bench-tap-", 0).factory());
        this.upstreamClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(executor).build();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the provider tap's port", e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::forward);
    }

    /** @param upstream the simulator's base URL, without {@code /v1} */
    public static ProviderTap start(String upstream, String marker) {
        var tap = new ProviderTap(upstream, marker);
        tap.server.start();
        return tap;
    }

    /** What the workers' catalogue points at instead of the simulator (without {@code /v1}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public TapLog log() {
        return log;
    }

    private void forward(HttpExchange exchange) throws IOException {
        var arrived = System.nanoTime();
        try (exchange) {
            var body = exchange.getRequestBody().readAllBytes();
            var request = HttpRequest.newBuilder(URI.create(upstream + exchange.getRequestURI()))
                    .timeout(Duration.ofMinutes(2))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase())) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> answer;
            try {
                answer = upstreamClient.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                // the rig's own failure, not the provider's: say so, once per kind, so a run is not misread
                if (upstreamFailures.add(e.getClass().getSimpleName() + ": " + e.getMessage())) {
                    System.err.println("provider tap: cannot reach the simulator (answered 502): " + e);
                }
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            log.record(arrived, markId(body), answer.statusCode());
            if (answer.statusCode() != 200 && answer.statusCode() != 429
                    && upstreamFailures.add("status " + answer.statusCode())) {
                System.err.println("provider tap: the simulator answered " + answer.statusCode() + ": "
                        + new String(answer.body(), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
            }
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            var bytes = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** {@code 17} for a body holding {@code [bench-high-17]}; null when the marker is absent. */
    private String markId(byte[] body) {
        var text = new String(body, StandardCharsets.UTF_8);
        var at = text.indexOf(marker);
        if (at < 0) {
            return null;
        }
        var from = at + marker.length();
        var to = from;
        while (to < text.length() && Character.isDigit(text.charAt(to))) {
            to++;
        }
        return text.substring(from, to);
    }

    @Override
    public void close() {
        server.stop(0);
        upstreamClient.close();
        executor.shutdownNow();
    }
}
