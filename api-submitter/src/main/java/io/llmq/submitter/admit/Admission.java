package io.llmq.submitter.admit;

import io.llmq.submitter.http.ApiError;
import io.llmq.submitter.tenant.TenantRecord;
import io.llmq.submitter.tenant.TenantStore;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Decides, inside the transaction that writes a new batch's header, whether the tenant may enqueue
 * it. A per-tenant advisory lock makes check and insert one step, so two concurrent creates cannot
 * both squeeze under the limit. A batch that would push the tenant over its limit is refused with
 * 429 and {@code Retry-After}; a batch bigger than the limit on its own could never be accepted,
 * so it gets a 400 that says to split it.
 */
public final class Admission {
    private final Limits defaults;

    public Admission(Limits defaults) {
        this.defaults = defaults;
    }

    public Limits defaults() {
        return defaults;
    }

    /** Throws the refusal; returns normally when the batch may be enqueued. */
    public void admit(Connection c, String tenantId, long jobs, long estimatedTokens) throws SQLException {
        try (var st = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('llmq.admission'), hashtext(?))")) {
            st.setString(1, tenantId);
            st.executeQuery().close();
        }
        var tenant = TenantStore.find(c, tenantId);
        long maxJobs = tenant.map(TenantRecord::maxPendingJobs).orElse(defaults.maxPendingJobs());
        long maxTokens = tenant.map(TenantRecord::maxPendingTokens).orElse(defaults.maxPendingTokens());
        if (jobs > maxJobs || estimatedTokens > maxTokens) {
            throw ApiError.invalid("input_file_id", "This batch alone (" + jobs + " requests, about " + estimatedTokens
                    + " input tokens) exceeds this tenant's limit on enqueued work (" + maxJobs + " requests, "
                    + maxTokens + " tokens). Split it into smaller batches.");
        }
        var pending = pending(c, tenantId);
        if (pending.jobs() + jobs > maxJobs || pending.tokens() + estimatedTokens > maxTokens) {
            throw ApiError.rateLimited("Enqueued work limit reached: this tenant has " + pending.jobs() + " requests (about "
                    + pending.tokens() + " input tokens) not yet finished; adding " + jobs + " requests (about " + estimatedTokens
                    + " tokens) would exceed its limit of " + maxJobs + " requests / " + maxTokens
                    + " tokens. Retry when earlier batches have finished.", defaults.retryAfter());
        }
    }

    private record Pending(long jobs, long tokens) {
    }

    /** Jobs not yet terminal, and their share of their batch's estimated tokens, over every unfinished batch. */
    private static Pending pending(Connection c, String tenantId) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT coalesce(sum(total - completed - failed - cancelled - expired), 0),
                       coalesce(sum(estimated_tokens * (total - completed - failed - cancelled - expired) / greatest(total, 1)), 0)
                FROM batches
                WHERE tenant_id = ? AND status IN ('validating', 'in_progress', 'finalizing', 'cancelling')""")) {
            st.setString(1, tenantId);
            try (var rs = st.executeQuery()) {
                rs.next();
                return new Pending(rs.getLong(1), rs.getLong(2));
            }
        }
    }
}
