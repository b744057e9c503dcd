package io.llmq.worker.webhook;

import io.llmq.schema.Settings;
import io.llmq.schema.webhook.WebhookTargets;

import java.time.Duration;
import java.util.Map;

/**
 * How the workers deliver webhooks (names in the README, docs/operations.md "Webhooks").
 *
 * @param allowPrivate  {@code LLMQ_WEBHOOK_ALLOW_PRIVATE}: deliver to private, loopback and link-local addresses too
 * @param connectTimeout {@code LLMQ_WEBHOOK_CONNECT_TIMEOUT_MS} (3 s): a receiver that does not accept by then is a failed attempt
 * @param attemptTimeout {@code LLMQ_WEBHOOK_TIMEOUT_MS} (10 s): the whole attempt, from connecting to the status line
 * @param disableAfter  {@code LLMQ_WEBHOOK_DISABLE_AFTER_HOURS} (72): an endpoint whose every attempt failed for this long is disabled
 * @param concurrency   {@code LLMQ_WEBHOOK_CONCURRENCY} (64): attempts under way at once in one worker
 * @param keepLog       {@code LLMQ_WEBHOOK_KEEP_DAYS} (30): ended deliveries are removed from the log after this long
 */
public record WebhookSettings(boolean allowPrivate, Duration connectTimeout, Duration attemptTimeout, Duration disableAfter,
                              int concurrency, Duration keepLog) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DISABLE_AFTER = Duration.ofHours(72);
    public static final int DEFAULT_CONCURRENCY = 64;
    public static final Duration DEFAULT_KEEP_LOG = Duration.ofDays(30);

    public WebhookSettings {
        if (connectTimeout.toMillis() < 100 || connectTimeout.toMillis() > 60_000) {
            throw new IllegalArgumentException("LLMQ_WEBHOOK_CONNECT_TIMEOUT_MS must be 100..60000, got " + connectTimeout.toMillis());
        }
        if (attemptTimeout.compareTo(connectTimeout) < 0 || attemptTimeout.toMillis() > 60_000) {
            throw new IllegalArgumentException("LLMQ_WEBHOOK_TIMEOUT_MS must be between the connect timeout and 60000, got "
                    + attemptTimeout.toMillis());
        }
        if (disableAfter.toHours() < 1) {
            throw new IllegalArgumentException("LLMQ_WEBHOOK_DISABLE_AFTER_HOURS must be at least 1, got " + disableAfter.toHours());
        }
        if (concurrency < 1 || concurrency > 4096) {
            throw new IllegalArgumentException("LLMQ_WEBHOOK_CONCURRENCY must be 1..4096, got " + concurrency);
        }
        if (keepLog.toDays() < 1) {
            throw new IllegalArgumentException("LLMQ_WEBHOOK_KEEP_DAYS must be at least 1, got " + keepLog.toDays());
        }
    }

    public static WebhookSettings fromEnv(Map<String, String> env) {
        return new WebhookSettings(WebhookTargets.allowPrivate(env),
                Duration.ofMillis(Settings.longValue(env, "LLMQ_WEBHOOK_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_TIMEOUT.toMillis())),
                Duration.ofMillis(Settings.longValue(env, "LLMQ_WEBHOOK_TIMEOUT_MS", DEFAULT_ATTEMPT_TIMEOUT.toMillis())),
                Duration.ofHours(Settings.longValue(env, "LLMQ_WEBHOOK_DISABLE_AFTER_HOURS", DEFAULT_DISABLE_AFTER.toHours())),
                Settings.intValue(env, "LLMQ_WEBHOOK_CONCURRENCY", DEFAULT_CONCURRENCY),
                Duration.ofDays(Settings.longValue(env, "LLMQ_WEBHOOK_KEEP_DAYS", DEFAULT_KEEP_LOG.toDays())));
    }

    /** How long a claimed attempt is leased: past it, a worker that died mid-attempt has its delivery retried elsewhere. */
    Duration lease() {
        return attemptTimeout.multipliedBy(3).plusSeconds(30);
    }
}
