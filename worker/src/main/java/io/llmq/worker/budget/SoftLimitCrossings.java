package io.llmq.worker.budget;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which soft limits a tenant's spend has crossed and this worker has not yet seen announced, per
 * period start: a limit crossed yesterday is due again today. Announcing is {@link SoftLimits}' part.
 */
final class SoftLimitCrossings {
    /** tenant|period|periodStart already known to be announced: not asked again. */
    private final Set<String> announced = ConcurrentHashMap.newKeySet();

    /** True when every soft limit of the tenant is known announced in the periods containing {@code now}. */
    boolean allAnnounced(String tenantId, Map<Period, BigDecimal> soft, Instant now) {
        return soft.keySet().stream().allMatch(p -> announced.contains(key(tenantId, p, now)));
    }

    /** True when {@code spent} has reached the soft limit of the period and it is not known announced. */
    boolean due(String tenantId, Period period, BigDecimal softLimit, BigDecimal spent, Instant now) {
        return !announced.contains(key(tenantId, period, now)) && spent.compareTo(softLimit) >= 0;
    }

    /** The limit of the period containing {@code now} was announced, by this worker or another. */
    void announced(String tenantId, Period period, Instant now) {
        announced.add(key(tenantId, period, now));
    }

    private static String key(String tenant, Period period, Instant now) {
        return tenant + "|" + period.wireName() + "|" + period.start(now);
    }
}
