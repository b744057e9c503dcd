package io.llmq.worker.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmq.schema.ops.MetricsAccess;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** {@code /health} and {@code /metrics} of a worker, on the JDK's small HTTP server. */
public final class AdminServer implements AutoCloseable {
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    /** How long close waits for a scrape in progress; a full scrape of a busy worker takes well under this. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    private final HttpServer server;
    private final ExecutorService handlers;

    /** Open to all, on all interfaces. */
    public AdminServer(int port, PrometheusMeterRegistry registry, BooleanSupplier healthy) {
        this(port, AdminSettings.OPEN, registry, healthy);
    }

    public AdminServer(int port, AdminSettings settings, PrometheusMeterRegistry registry, BooleanSupplier healthy) {
        try {
            server = HttpServer.create(new InetSocketAddress(settings.bind(), port), 0);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("LLMQ_WORKER_HTTP_BIND " + settings.bind() + " / LLMQ_WORKER_HTTP_PORT " + port
                    + " cannot be bound: " + e.getMessage(), e);
        }
        handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("llmq-admin-http-", 0).factory());
        server.setExecutor(handlers);
        server.createContext("/health", ex -> {
            var ok = healthy.getAsBoolean();
            respond(ex, ok ? 200 : 503, "application/json", ok ? "{\"status\":\"ok\"}" : "{\"status\":\"consumer stopped\"}");
        });
        server.createContext("/metrics", ex -> {
            if (!settings.access().allows(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                respond(ex, 401, "text/plain; charset=utf-8", MetricsAccess.refusal());
                return;
            }
            var names = names(ex.getRequestURI().getRawQuery());
            respond(ex, 200, TEXT_FORMAT, names.isEmpty() ? registry.scrape() : registry.scrape(TEXT_FORMAT, names));
        });
        server.start();
    }

    /**
     * {@code ?name[]=a&name[]=b}, the Prometheus Java client's filter: only those metric families (a
     * counter's family name has no {@code _total}). A full
     * scrape of a busy worker costs it CPU (histograms per deployment and class); a caller that
     * wants two gauges every few seconds should not pay for all of them.
     */
    static Set<String> names(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Set.of();
        }
        var names = new HashSet<String>();
        for (var pair : rawQuery.split("&")) {
            var eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals("name[]")) {
                names.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (var out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops listening, then waits for the requests being handled to end. */
    @Override
    public void close() {
        server.stop(0);
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("admin HTTP handlers still running {} after close; interrupting them", SHUTDOWN_TIMEOUT);
                handlers.shutdownNow();
            }
        } catch (InterruptedException e) {
            handlers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
