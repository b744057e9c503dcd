package io.llmq.worker.budget;

import io.llmq.schema.Json;
import io.llmq.schema.db.Transaction;
import io.llmq.worker.outbox.OutboxTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Announces a tenant's spend reaching a soft limit: once per tenant, period and period start
 * ({@code budget_alerts} decides, across workers), as a {@code budget.soft_limit_reached} event on
 * the results topic keyed by tenant, and on the {@code llmq.budget.soft_limit.reached} counter.
 */
final class SoftLimits {
    private static final Logger log = LoggerFactory.getLogger(SoftLimits.class);
    static final String EVENT = "budget.soft_limit_reached";

    private final DataSource dataSource;
    private final String topic;
    private final Clock clock;
    private final MeterRegistry registry;
    private final SoftLimitCrossings crossings = new SoftLimitCrossings();

    SoftLimits(DataSource dataSource, String topic, Clock clock, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.topic = topic;
        this.clock = clock;
        this.registry = registry;
    }

    void check(Map<String, Limits> limits) {
        var now = clock.instant();
        for (var entry : limits.entrySet()) {
            var tenant = entry.getKey();
            var soft = entry.getValue().soft();
            if (soft.isEmpty() || crossings.allAnnounced(tenant, soft, now)) {
                continue;
            }
            try {
                Transaction.run(dataSource, c -> {
                    var spent = BudgetTables.spent(c, tenant);
                    for (var s : soft.entrySet()) {
                        var period = s.getKey();
                        if (!crossings.due(tenant, period, s.getValue(), spent.in(period), now)) {
                            continue;
                        }
                        var periodStart = BudgetTables.recordAlert(c, tenant, period, s.getValue(), spent.in(period));
                        if (periodStart.isPresent()) {
                            var eventId = UUID.nameUUIDFromBytes((EVENT + ":" + tenant + ":" + period.wireName() + ":" + periodStart.get())
                                    .getBytes(StandardCharsets.UTF_8)).toString();
                            var payload = Json.object().put("event_id", eventId).put("type", EVENT).put("tenant_id", tenant)
                                    .put("period", period.wireName()).put("period_start", periodStart.get())
                                    .put("soft_limit_usd", s.getValue().stripTrailingZeros().toPlainString())
                                    .put("spent_usd", spent.in(period).stripTrailingZeros().toPlainString())
                                    .put("occurred_at", clock.millis());
                            OutboxTable.appendRaw(c, topic, tenant, eventId, Json.toText(payload));
                            Counter.builder("llmq.budget.soft_limit.reached").description("soft budget limits reached")
                                    .tag("tenant", tenant).tag("period", period.wireName()).register(registry).increment();
                            log.info("tenant {} reached its soft {} budget: ${} of ${}", tenant, period.wireName(),
                                    spent.in(period).toPlainString(), s.getValue().toPlainString());
                        }
                        crossings.announced(tenant, period, now);
                    }
                    return null;
                });
            } catch (SQLException e) {
                log.warn("cannot check the soft budget of tenant {} ({})", tenant, e.toString());
            }
        }
    }
}
