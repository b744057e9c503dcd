package io.llmq.worker.retention;

import io.llmq.schema.Settings;

import java.time.Duration;
import java.util.Map;

/**
 * What the retention sweeper removes, and when (names and defaults in docs/operations.md,
 * "Retention"). Each period counts from the moment the row stopped being of use: a session's or
 * hold's expiry, an idempotency record's creation, the deletion or expiry of a batch's last
 * output file.
 *
 * @param every             how often a worker tries to sweep ({@code LLMQ_RETENTION_EVERY_SECONDS}, 60; 0 turns the sweeper off)
 * @param batchRows         rows per delete statement ({@code LLMQ_RETENTION_BATCH_ROWS}, 5000), so no statement holds its locks long
 * @param results           job results kept after their batch's output and error files are gone ({@code LLMQ_RETENTION_RESULTS_SECONDS}, 1 day)
 * @param sessions          web sessions kept past their expiry ({@code LLMQ_RETENTION_SESSIONS_SECONDS}, 1 day)
 * @param holds             budget holds kept past their expiry ({@code LLMQ_RETENTION_HOLDS_SECONDS}, 1 hour)
 * @param idempotency       idempotency records kept after they were made ({@code LLMQ_RETENTION_IDEMPOTENCY_SECONDS}, 1 day)
 * @param validatingTimeout a batch still {@code validating} this long after its creation failed
 *                          ({@code LLMQ_VALIDATING_TIMEOUT_SECONDS}, 1 hour): its submitter died
 * @param unreachedGrace    how long after a cancel or the end of its window a batch's parked jobs
 *                          are left to the workers before the sweeper ends them ({@code LLMQ_UNREACHED_GRACE_SECONDS}, 5 minutes)
 */
public record RetentionSettings(Duration every, int batchRows, Duration results, Duration sessions, Duration holds,
                                Duration idempotency, Duration validatingTimeout, Duration unreachedGrace) {
    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(1);
    public static final int DEFAULT_BATCH_ROWS = 5000;
    public static final Duration DEFAULT_RESULTS = Duration.ofDays(1);
    public static final Duration DEFAULT_SESSIONS = Duration.ofDays(1);
    public static final Duration DEFAULT_HOLDS = Duration.ofHours(1);
    public static final Duration DEFAULT_IDEMPOTENCY = Duration.ofDays(1);
    public static final Duration DEFAULT_VALIDATING_TIMEOUT = Duration.ofHours(1);
    public static final Duration DEFAULT_UNREACHED_GRACE = Duration.ofMinutes(5);

    public RetentionSettings {
        if (every.isNegative()) {
            throw new IllegalArgumentException("LLMQ_RETENTION_EVERY_SECONDS must be 0 (off) or more, got " + every.toSeconds());
        }
        if (batchRows < 1 || batchRows > 100_000) {
            throw new IllegalArgumentException("LLMQ_RETENTION_BATCH_ROWS must be 1..100000, got " + batchRows);
        }
        notNegative("LLMQ_RETENTION_RESULTS_SECONDS", results);
        notNegative("LLMQ_RETENTION_SESSIONS_SECONDS", sessions);
        notNegative("LLMQ_RETENTION_HOLDS_SECONDS", holds);
        notNegative("LLMQ_RETENTION_IDEMPOTENCY_SECONDS", idempotency);
        if (validatingTimeout.toSeconds() < 60) {
            throw new IllegalArgumentException("LLMQ_VALIDATING_TIMEOUT_SECONDS must be at least 60 (validation takes a while), got "
                    + validatingTimeout.toSeconds());
        }
        notNegative("LLMQ_UNREACHED_GRACE_SECONDS", unreachedGrace);
    }

    public static RetentionSettings defaults() {
        return new RetentionSettings(DEFAULT_EVERY, DEFAULT_BATCH_ROWS, DEFAULT_RESULTS, DEFAULT_SESSIONS, DEFAULT_HOLDS,
                DEFAULT_IDEMPOTENCY, DEFAULT_VALIDATING_TIMEOUT, DEFAULT_UNREACHED_GRACE);
    }

    public static RetentionSettings fromEnv(Map<String, String> env) {
        return new RetentionSettings(seconds(env, "LLMQ_RETENTION_EVERY_SECONDS", DEFAULT_EVERY),
                Settings.intValue(env, "LLMQ_RETENTION_BATCH_ROWS", DEFAULT_BATCH_ROWS),
                seconds(env, "LLMQ_RETENTION_RESULTS_SECONDS", DEFAULT_RESULTS),
                seconds(env, "LLMQ_RETENTION_SESSIONS_SECONDS", DEFAULT_SESSIONS),
                seconds(env, "LLMQ_RETENTION_HOLDS_SECONDS", DEFAULT_HOLDS),
                seconds(env, "LLMQ_RETENTION_IDEMPOTENCY_SECONDS", DEFAULT_IDEMPOTENCY),
                seconds(env, "LLMQ_VALIDATING_TIMEOUT_SECONDS", DEFAULT_VALIDATING_TIMEOUT),
                seconds(env, "LLMQ_UNREACHED_GRACE_SECONDS", DEFAULT_UNREACHED_GRACE));
    }

    public boolean enabled() {
        return !every.isZero();
    }

    private static Duration seconds(Map<String, String> env, String name, Duration fallback) {
        return Duration.ofSeconds(Settings.longValue(env, name, fallback.toSeconds()));
    }

    private static void notNegative(String name, Duration period) {
        if (period.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, got " + period.toSeconds());
        }
    }
}
