package io.llmq.submitter.http;

import io.javalin.Javalin;
import io.llmq.schema.ops.MetricsAccess;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import javax.sql.DataSource;

/**
 * {@code /health} (database reachable), {@code /metrics} (Prometheus text) and {@code /openapi.json}
 * (the hand-written description of llmq's own and admin endpoints). {@code /metrics} asks for the
 * bearer token {@code LLMQ_METRICS_TOKEN} when one is set ({@link MetricsAccess}); {@code /health} is open.
 */
public final class OpsRoutes implements Routes {
    static final String OPENAPI = "/openapi.json";
    private final DataSource dataSource;
    private final PrometheusMeterRegistry registry;
    private final MetricsAccess access;

    public OpsRoutes(DataSource dataSource, PrometheusMeterRegistry registry, MetricsAccess access) {
        this.dataSource = dataSource;
        this.registry = registry;
        this.access = access;
    }

    @Override
    public void register(Javalin app) {
        app.get("/health", ctx -> {
            try (var c = dataSource.getConnection()) {
                var ok = c.isValid(2);
                ctx.status(ok ? 200 : 503).json(java.util.Map.of("status", ok ? "ok" : "database unreachable"));
            }
        });
        app.get("/metrics", ctx -> {
            if (!access.allows(ctx.header("Authorization"))) {
                ctx.status(401).header("WWW-Authenticate", "Bearer").contentType("text/plain; charset=utf-8").result(MetricsAccess.refusal());
                return;
            }
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
        });
        app.get("/openapi.json", ctx -> {
            try (var in = OpsRoutes.class.getResourceAsStream(OPENAPI)) {
                if (in == null) {
                    throw new IllegalStateException(OPENAPI + " is missing from the api-submitter jar");
                }
                ctx.contentType("application/json").result(in.readAllBytes());
            }
        });
    }
}
