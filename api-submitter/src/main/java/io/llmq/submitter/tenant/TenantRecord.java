package io.llmq.submitter.tenant;

import io.llmq.schema.Priority;
import io.llmq.schema.route.Route;

import java.time.Instant;
import java.util.Map;

/**
 * A row of {@code tenants}.
 *
 * @param maxPendingJobs   per-tenant override of the enqueued-jobs limit; null means the default
 * @param maxPendingTokens per-tenant override of the enqueued-tokens limit; null means the default
 * @param defaultRoutes    per-class overrides of the stack's default route (only the classes it overrides)
 */
public record TenantRecord(String id, String name, Long maxPendingJobs, Long maxPendingTokens, Map<Priority, Route> defaultRoutes,
                           Instant createdAt) {
    public TenantRecord {
        defaultRoutes = Map.copyOf(defaultRoutes);
    }
}
