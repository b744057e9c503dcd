package io.llmq.submitter.tenant;

import java.time.Instant;

/**
 * A row of {@code tenants}.
 *
 * @param maxPendingJobs   per-tenant override of the enqueued-jobs limit; null means the default
 * @param maxPendingTokens per-tenant override of the enqueued-tokens limit; null means the default
 */
public record TenantRecord(String id, String name, Long maxPendingJobs, Long maxPendingTokens, Instant createdAt) {
}
