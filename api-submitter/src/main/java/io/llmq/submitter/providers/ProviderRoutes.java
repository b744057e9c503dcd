package io.llmq.submitter.providers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.llmq.schema.Json;
import io.llmq.schema.catalogue.Catalogue;
import io.llmq.submitter.http.Routes;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * {@code GET /v1/providers}: every catalogue deployment with its health as the workers see it. The
 * submitter never calls providers; each worker publishes its breakers to {@code provider_health}
 * every few seconds, and this merges the fresh rows: {@code down} when every worker's breaker is
 * open, {@code degraded} when some are (or half-open), {@code healthy} when all are closed, and
 * {@code unknown} when no worker has reported lately.
 */
public final class ProviderRoutes implements Routes {
    static final Duration FRESH = Duration.ofSeconds(30);

    private final Supplier<Catalogue> catalogue;
    private final ProviderHealthTable table;
    private final DailyQuotaUse dailyQuotas;
    private final Clock clock = Clock.systemUTC();
    private final ProviderBatchFigures providerBatches;

    public ProviderRoutes(Supplier<Catalogue> catalogue, DataSource dataSource) {
        this.catalogue = catalogue;
        this.table = new ProviderHealthTable(dataSource);
        this.dailyQuotas = new DailyQuotaUse(dataSource);
        this.providerBatches = new ProviderBatchFigures(dataSource);
    }

    @Override
    public void register(Javalin app) {
        app.get("/v1/providers", this::list);
    }

    private void list(Context ctx) throws SQLException {
        ctx.json(snapshot());
    }

    /** What {@code GET /v1/providers} answers; the web console's providers page shows the same. */
    public ObjectNode snapshot() throws SQLException {
        Map<String, List<ProviderHealth>> byDeployment = table.fresh(FRESH).stream()
                .collect(Collectors.groupingBy(ProviderHealth::deployment));
        var open = providerBatches.byDeployment();
        var body = Json.object();
        body.put("object", "list");
        var data = body.putArray("data");
        var catalogue = this.catalogue.get();
        for (var d : catalogue.deployments()) {
            var rows = byDeployment.getOrDefault(d.name(), List.of());
            var entry = data.addObject();
            entry.put("deployment", d.name());
            entry.put("provider", d.provider());
            entry.put("enabled", d.enabled());
            entry.put("batch_api", d.batchApi());
            var figures = open.getOrDefault(d.name(), ProviderBatchFigures.Open.NONE);
            entry.putObject("provider_batches").put("open", figures.batches()).put("requests_waiting", figures.requestsWaiting())
                    .put("oldest_age_seconds", figures.oldestAgeSeconds());
            var models = entry.putArray("models");
            catalogue.models().stream().filter(m -> m.servedBy(d.name())).forEach(m -> models.add(m.id()));
            summarise(entry, rows);
            dailyQuotas.describe(entry, d, clock.instant());
            var workers = entry.putArray("workers");
            rows.forEach(r -> workers.add(worker(r)));
        }
        return body;
    }

    static void summarise(ObjectNode entry, List<ProviderHealth> rows) {
        var open = rows.stream().filter(r -> r.breakerState().equals("open") || r.breakerState().equals("forced_open")).count();
        var closed = rows.stream().filter(r -> r.breakerState().equals("closed")).count();
        entry.put("health", rows.isEmpty() ? "unknown" : open == rows.size() ? "down" : closed == rows.size() ? "healthy" : "degraded");
        entry.put("breaker_state", rows.isEmpty() ? "unknown" : open == rows.size() ? "open"
                : closed == rows.size() ? "closed" : "mixed");
        long calls = rows.stream().mapToLong(ProviderHealth::windowCalls).sum();
        long failed = rows.stream().mapToLong(ProviderHealth::windowFailed).sum();
        if (calls == 0) {
            entry.putNull("error_rate");
        } else {
            entry.put("error_rate", (double) failed / calls);
        }
        List<Float> latencies = new ArrayList<>();
        rows.forEach(r -> {
            if (r.latencyMs() != null) {
                latencies.add(r.latencyMs());
            }
        });
        if (latencies.isEmpty()) {
            entry.putNull("latency_ms");
        } else {
            entry.put("latency_ms", latencies.stream().mapToDouble(Float::doubleValue).average().orElse(0));
        }
        entry.put("recent_calls", calls);
        entry.put("in_flight", rows.stream().mapToInt(ProviderHealth::inFlight).sum());
        // the fleet's target as the workers size it (they agree up to what each has observed: the highest),
        // against what they hold together
        var concurrency = entry.putObject("concurrency");
        var target = rows.stream().map(ProviderHealth::concurrencyTarget).filter(java.util.Objects::nonNull)
                .mapToInt(Integer::intValue).max();
        if (target.isPresent()) {
            concurrency.put("target", target.getAsInt());
        } else {
            concurrency.putNull("target");
        }
        concurrency.put("in_flight", rows.stream().mapToInt(ProviderHealth::inFlight).sum());
    }

    private static ObjectNode worker(ProviderHealth r) {
        var w = Json.object();
        w.put("worker", r.worker());
        w.put("breaker_state", r.breakerState());
        if (r.failureRate() == null) {
            w.putNull("failure_rate_percent");
        } else {
            w.put("failure_rate_percent", r.failureRate());
        }
        if (r.slowCallRate() == null) {
            w.putNull("slow_call_rate_percent");
        } else {
            w.put("slow_call_rate_percent", r.slowCallRate());
        }
        w.put("window_calls", r.windowCalls());
        w.put("window_failed", r.windowFailed());
        w.put("not_permitted", r.notPermitted());
        if (r.latencyMs() == null) {
            w.putNull("latency_ms");
        } else {
            w.put("latency_ms", r.latencyMs());
        }
        w.put("in_flight", r.inFlight());
        if (r.concurrencyTarget() == null) {
            w.putNull("concurrency_target");
        } else {
            w.put("concurrency_target", r.concurrencyTarget());
        }
        w.put("updated_at", r.updatedAt().getEpochSecond());
        return w;
    }
}
