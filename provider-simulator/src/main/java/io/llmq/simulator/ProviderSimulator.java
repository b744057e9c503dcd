package io.llmq.simulator;

import io.javalin.Javalin;
import io.llmq.simulator.anthropic.AnthropicWireFormat;
import io.llmq.simulator.embeddings.EmbeddingsHandler;
import io.llmq.simulator.batch.BatchHook;
import io.llmq.simulator.batch.BatchRunner;
import io.llmq.simulator.engine.BillBook;
import io.llmq.simulator.engine.CompletionEngine;
import io.llmq.simulator.engine.CompletionText;
import io.llmq.simulator.engine.Latency;
import io.llmq.simulator.engine.TokenCounter;
import io.llmq.simulator.faults.FaultBook;
import io.llmq.simulator.faults.FaultFilter;
import io.llmq.simulator.faults.FaultRoutes;
import io.llmq.simulator.faults.Traffic;
import io.llmq.simulator.gemini.GeminiWireFormat;
import io.llmq.simulator.limits.ProviderLimits;
import io.llmq.simulator.limits.ServedLog;
import io.llmq.simulator.openai.OpenAiWireFormat;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running fake provider: OpenAI's, Anthropic's and Gemini's wire formats over real HTTP (their
 * batch APIs too), faults injected on command, and an exact bill of what it served.
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

    /**
     * The request header in which a client names each call ({@code llmq} sends job, attempt and
     * worker instance); a served call that carries it is itemised on the bill.
     */
    public static final String ATTEMPT_HEADER = "X-Llmq-Attempt";

    /**
     * Batch prompts can be long; Javalin's 1 MB default would refuse a large one with a 413. A provider
     * batch is larger still: Anthropic takes up to 256 MB in one request, OpenAI a 200 MB input file.
     */
    private static final long MAX_REQUEST_BYTES = 260L * 1024 * 1024;
    /**
     * Jetty's default backlog is the JDK's 50. A benchmark or a batch opening hundreds of
     * connections at once overflows that, and the kernel then drops handshakes, which clients see
     * as connections closed before any answer. The kernel caps this at {@code net.core.somaxconn}.
     */
    private static final int ACCEPT_QUEUE = 4096;

    private final Javalin app;
    private final CompletionEngine engine;
    private final BillBook bills;
    private final ServedLog served;
    private final FaultBook faults;
    private final Traffic traffic;
    private final FaultFilter faultFilter;
    private final BatchRunner batches;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ProviderSimulator(Javalin app, CompletionEngine engine, BillBook bills, ServedLog served, FaultBook faults,
                              Traffic traffic, FaultFilter faultFilter, BatchRunner batches) {
        this.app = app;
        this.engine = engine;
        this.bills = bills;
        this.served = served;
        this.faults = faults;
        this.traffic = traffic;
        this.faultFilter = faultFilter;
        this.batches = batches;
    }

    /** Starts listening before it returns; {@link #port()} is then the bound port, even for port 0. */
    public static ProviderSimulator start(SimulatorConfig config) {
        return start(config, SimulatorLimits.none(), Clock.systemUTC());
    }

    /** A simulator that pushes back like a rate-limited provider: 429s with rate-limit headers. */
    public static ProviderSimulator start(SimulatorConfig config, SimulatorLimits limits) {
        return start(config, limits, Clock.systemUTC());
    }

    static ProviderSimulator start(SimulatorConfig config, Clock clock) {
        return start(config, SimulatorLimits.none(), clock);
    }

    /** @param clock stamps {@code created} in responses and the served log's seconds */
    static ProviderSimulator start(SimulatorConfig config, SimulatorLimits limits, Clock clock) {
        var bills = new BillBook();
        var tokens = TokenCounter.o200k();
        // load the vocabulary before the first request rather than during it
        tokens.count("warm up");
        var latency = new Latency(config.latency());
        var served = new ServedLog(clock::millis);
        var providerLimits = limits.unlimited() ? null : new ProviderLimits(limits, served, System::nanoTime);
        var engine = new CompletionEngine(tokens, new CompletionText(tokens), latency, bills, providerLimits, served);

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
        var faults = new FaultBook();
        var traffic = new Traffic();
        var faultFilter = new FaultFilter(faults, traffic, bills);
        var batches = new BatchRunner(engine, bills, faults, clock, config.batches());
        // Faults sit in front of every wire format, so each provider endpoint fails the same ways.
        app.before("/v1/*", faultFilter::handle);
        app.before("/v1beta/*", faultFilter::handle);
        // Anthropic's /v1/messages is bound before OpenAI's /v1/* 404 handler exists; each format owns its paths.
        new AnthropicWireFormat(engine, bills, config.apiKey(), batches).bindTo(app);
        new GeminiWireFormat(engine, bills, config.apiKey(), batches).bindTo(app);
        new OpenAiWireFormat(engine, bills, config.apiKey(), clock, batches).bindTo(app);
        new EmbeddingsHandler(tokens, bills, config.apiKey()).bindTo(app);
        new ControlRoutes(bills, served, batches).bindTo(app);
        new FaultRoutes(faults, traffic).bindTo(app);
        try {
            app.start();
        } catch (RuntimeException e) {
            batches.close();
            app.stop();
            throw e;
        }
        return new ProviderSimulator(app, engine, bills, served, faults, traffic, faultFilter, batches);
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

    /** The billed calls that named their attempt id in {@link #ATTEMPT_HEADER}, in billing order. */
    public List<BilledCall> billedCalls() {
        return bills.itemised();
    }

    /** Second-by-second record of calls, tokens and 429s, for measuring limits from the provider's side. */
    public ServedLog servedLog() {
        return served;
    }

    /** Injects a fault into the provider endpoints until {@link #clearFaults()}; see {@link Fault}. */
    public ProviderSimulator inject(Fault fault) {
        faults.add(fault);
        return this;
    }

    /** Ends every injected fault; requests are served normally again. */
    public void clearFaults() {
        faults.clear();
    }

    /** Requests the provider endpoints received that named {@code model} (a Gemini path names it too). */
    public long received(String model) {
        return traffic.received(model, false);
    }

    /** Requests naming {@code model} that an injected fault hit. */
    public long faulted(String model) {
        return traffic.received(model, true);
    }

    /**
     * Ends every provider batch still open and not being cancelled (any of the three APIs) as expired, now: their unanswered
     * lines come back expired. How a test reaches the end of a 24-hour window at once.
     *
     * @return how many batches it ended
     */
    public int expireBatches() {
        return batches.expireAll();
    }

    /**
     * Tells {@code hook} where every call to the OpenAI and Anthropic batch APIs stands (create arrived,
     * create stored, each line of a result download), on the request's thread: how a crash test kills
     * the client at those moments. Null removes it.
     */
    public ProviderSimulator hookBatches(BatchHook hook) {
        batches.hook(hook);
        return this;
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
            faultFilter.stop();
            batches.close();
            app.stop();
        }
    }
}
