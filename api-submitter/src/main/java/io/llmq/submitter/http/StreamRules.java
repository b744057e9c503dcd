package io.llmq.submitter.http;

import java.time.Duration;

/**
 * How much of the server one tenant's long-lived requests (event streams, long-polls, downloads)
 * may hold, and how long an event stream lives before it asks its client to reconnect.
 *
 * @param maxPerTenant {@code LLMQ_TENANT_MAX_STREAMS}: long-lived requests one tenant may have open at once
 * @param maxLifetime  {@code LLMQ_STREAM_MAX_SECONDS}: when an event stream ends with a {@code retry:},
 *                     so the client reconnects with {@code Last-Event-ID}
 */
public record StreamRules(int maxPerTenant, Duration maxLifetime) {
    public static final int DEFAULT_MAX_PER_TENANT = 8;
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofSeconds(900);

    public StreamRules {
        if (maxPerTenant < 1) {
            throw new IllegalArgumentException("LLMQ_TENANT_MAX_STREAMS must be at least 1, got " + maxPerTenant);
        }
        if (maxLifetime == null || maxLifetime.toSeconds() < 1) {
            throw new IllegalArgumentException("LLMQ_STREAM_MAX_SECONDS must be at least 1, got "
                    + (maxLifetime == null ? "nothing" : maxLifetime.toSeconds()));
        }
    }

    public static StreamRules defaults() {
        return new StreamRules(DEFAULT_MAX_PER_TENANT, DEFAULT_MAX_LIFETIME);
    }
}
