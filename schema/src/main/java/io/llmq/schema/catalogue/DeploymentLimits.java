package io.llmq.schema.catalogue;

import java.time.Duration;

/**
 * A deployment's limits as its provider sets them; 0 means unlimited. {@code burst} is how much
 * unused allowance may accumulate: small, so that no 60-second window can exceed the per-minute
 * limit by more than {@code burst / 60 s} of it (1 s of burst: at most 1.7% over).
 *
 * @param rpd           requests per day, held across all workers; 0 = no daily quota
 * @param tpd           tokens per day (prompt + output bound), held across all workers; 0 = none
 * @param dailyResetHour the hour (UTC, 0-23) at which the daily quotas start again
 */
public record DeploymentLimits(int rpm, long tpm, int maxConcurrent, Duration burst, int rpd, long tpd, int dailyResetHour) {
    public static final Duration DEFAULT_BURST = Duration.ofSeconds(1);
    public static final DeploymentLimits NONE = new DeploymentLimits(0, 0, 0, DEFAULT_BURST);

    public DeploymentLimits {
        if (rpm < 0 || tpm < 0 || maxConcurrent < 0) {
            throw new IllegalArgumentException("rpm, tpm and max_concurrent must be >= 0 (0 = unlimited), got "
                    + rpm + ", " + tpm + ", " + maxConcurrent);
        }
        if (rpd < 0 || tpd < 0) {
            throw new IllegalArgumentException("rpd and tpd must be >= 0 (0 = no daily quota), got " + rpd + ", " + tpd);
        }
        if (dailyResetHour < 0 || dailyResetHour > 23) {
            throw new IllegalArgumentException("daily_reset_hour must be an hour of the day in UTC (0-23), got " + dailyResetHour);
        }
        burst = burst == null ? DEFAULT_BURST : burst;
        if (burst.toMillis() < 50 || burst.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("burst_ms must be between 50 and 60000, got " + burst.toMillis());
        }
    }

    /** Per-minute limits only, as before daily quotas. */
    public DeploymentLimits(int rpm, long tpm, int maxConcurrent, Duration burst) {
        this(rpm, tpm, maxConcurrent, burst, 0, 0, 0);
    }

    public boolean limited() {
        return rpm > 0 || tpm > 0 || maxConcurrent > 0;
    }

    /** Whether a daily quota (requests or tokens) applies. */
    public boolean dailyQuota() {
        return rpd > 0 || tpd > 0;
    }
}
