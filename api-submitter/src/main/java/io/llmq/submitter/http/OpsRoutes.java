package io.llmq.submitter.http;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import javax.sql.DataSource;

/** {@code /health} (database reachable) and {@code /metrics} (Prometheus text). No auth: keep them off the public edge. */
public final class OpsRoutes implements Routes {
    private final DataSource dataSource;
    private final PrometheusMeterRegistry registry;

    public OpsRoutes(DataSource dataSource, PrometheusMeterRegistry registry) {
        this.dataSource = dataSource;
        this.registry = registry;
    }

    @Override
    public void register(Javalin app) {
        app.get("/health", ctx -> {
            try (var c = dataSource.getConnection()) {
                var ok = c.isValid(2);
                ctx.status(ok ? 200 : 503).json(java.util.Map.of("status", ok ? "ok" : "database unreachable"));
            }
        });
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    }
}
