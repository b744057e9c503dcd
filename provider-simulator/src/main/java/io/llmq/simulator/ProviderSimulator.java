package io.llmq.simulator;

import io.javalin.Javalin;
import io.llmq.simulator.embeddings.EmbeddingsHandler;
import io.llmq.simulator.engine.BillBook;
import io.llmq.simulator.engine.CompletionEngine;
import io.llmq.simulator.engine.CompletionText;
import io.llmq.simulator.engine.Latency;
import io.llmq.simulator.engine.TokenCounter;
import io.llmq.simulator.openai.OpenAiWireFormat;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running fake provider: OpenAI's wire format over real HTTP, with an exact bill of what it served.
 *
 * <pre>{@code
 * try (var simulator = ProviderSimulator.start(SimulatorConfig.defaults())) {
 *     var client = OpenAIOkHttpClient.builder().baseUrl(simulator.baseUrl() + "/v1").apiKey("any").build();
 *     ...
 *     assertThat(simulator.bill().calls()).isEqualTo(jobs);
 * }
 * }</pre>
 */
public final class ProviderSimulator implements AutoCloseable {

    /** Batch prompts can be long; Javalin's 1 MB default would refuse a large one with a 413. */
    private static final long MAX_REQUEST_BYTES = 64L * 1024 * 1024;
    /**
     * Jetty's default backlog is the JDK's 50. A benchmark or a batch opening hundreds of
     * connections at once overflows that, and the kernel then drops handshakes, which clients see
     * as connections closed before any answer. The kernel caps this at {@code net.core.somaxconn}.
     */
    private static final int ACCEPT_QUEUE = 4096;

    private final Javalin app;
    private final CompletionEngine engine;
    private final BillBook bills;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProviderSimulator(Javalin app, CompletionEngine engine, BillBook bills) {
        this.app = app;
        this.engine = engine;
        this.bills = bills;
    }

    /** Starts listening before it returns; {@link #port()} is then the bound port, even for port 0. */
    public static ProviderSimulator start(SimulatorConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** @param clock stamps {@code created} in responses */
    static ProviderSimulator start(SimulatorConfig config, Clock clock) {
        var bills = new BillBook();
        var tokens = TokenCounter.o200k();
        var latency = new Latency(config.latency(), config.latencyJitter());
        var engine = new CompletionEngine(tokens, new CompletionText(tokens), latency, bills);

        var app = Javalin.create(javalin -> {
            // Each request waits out its latency on its own thread; virtual threads make thousands of those cheap.
            javalin.useVirtualThreads = true;
            javalin.showJavalinBanner = false;
            javalin.http.maxRequestSize = MAX_REQUEST_BYTES;
            javalin.jetty.addConnector((server, http) -> {
                var connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setPort(config.port());
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
                return connector;
            });
        });
        new OpenAiWireFormat(engine, bills, config.apiKey(), clock).bindTo(app);
        new EmbeddingsHandler(tokens, bills, config.apiKey()).bindTo(app);
        new ControlRoutes(bills).bindTo(app);
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw e;
        }
        return new ProviderSimulator(app, engine, bills);
    }

    public int port() {
        return app.port();
    }

    /** Without {@code /v1}: OpenAI clients want {@code baseUrl() + "/v1"}. */
    public String baseUrl() {
        return "http://localhost:" + port();
    }

    public Bill bill() {
        return bills.current();
    }

    /** Calls waiting out their latency right now; for tests that must know a call has arrived. */
    int callsInFlight() {
        return engine.callsWaiting();
    }

    /**
     * Stops listening. Calls still waiting out their latency end at once with a 503 and stay off
     * the bill, rather than waking after the server is gone and billing answers nobody received.
     * Safe to call twice.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            engine.stop();
            app.stop();
        }
    }
}
