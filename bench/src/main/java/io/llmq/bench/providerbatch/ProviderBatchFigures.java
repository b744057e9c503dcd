package io.llmq.bench.providerbatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmq.standalone.engine.PostgresEngine;
import io.llmq.schema.Json;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The provider batch bench's catalogue and figures, read from the ledger and the batch object. */
final class ProviderBatchFigures {
    /** The bench's one deployment with OpenAI's Batch API on, and its model at half price there. */
    static final String CATALOGUE = """
            deployments:
              - name: simulator
                provider: openai
                base_url: ${BENCH_BASE_URL}/v1
                timeout_seconds: 60
                batch_api: true
            models:
              - id: gpt-4o-mini
                deployment: simulator
                max_output_tokens: 16384
                context_window: 128000
                price: { input: 0.15, cached_input: 0.075, output: 0.60, batch_discount: true }
            """;

    private ProviderBatchFigures() {
    }

    static ObjectNode of(PostgresEngine pg, String batchId, JsonNode batch, double wallSeconds) throws SQLException {
        var figures = Json.object();
        figures.put("status", batch.path("status").asText());
        figures.put("completed", batch.at("/request_counts/completed").asInt());
        figures.put("failed", batch.at("/request_counts/failed").asInt());
        try (var c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var st = c.prepareStatement("""
                     SELECT count(*) FILTER (WHERE kind = 'provider_batch'), count(*) FILTER (WHERE kind = 'call'),
                            coalesce(sum(cost), 0),
                            -- a discounted row cost half its synchronous price
                            coalesce(sum(CASE WHEN kind = 'provider_batch' AND note IS NOT NULL THEN cost * 2 ELSE cost END), 0)
                     FROM ledger_entries WHERE batch_id = ?""")) {
            st.setString(1, batchId);
            try (var rs = st.executeQuery()) {
                rs.next();
                figures.put("jobs_via_provider_batch", rs.getLong(1));
                figures.put("jobs_via_sync", rs.getLong(2));
                var cost = rs.getBigDecimal(3);
                var allSync = rs.getBigDecimal(4);
                figures.put("cost_usd", cost.toPlainString());
                figures.put("all_sync_cost_usd", allSync.toPlainString());
                figures.put("cost_vs_all_sync", allSync.signum() == 0 ? 0
                        : cost.divide(allSync, 4, RoundingMode.HALF_UP).doubleValue());
            }
        }
        var windowSeconds = batch.path("expires_at").asLong() - batch.path("created_at").asLong();
        figures.put("wall_s", Math.round(wallSeconds * 10) / 10.0);
        figures.put("window_s", windowSeconds);
        figures.put("wall_vs_window", windowSeconds == 0 ? 0 : BigDecimal.valueOf(wallSeconds / windowSeconds)
                .setScale(6, RoundingMode.HALF_UP).doubleValue());
        figures.put("provider_batches", batch.at("/llmq/provider_batches").size());
        return figures;
    }
}
