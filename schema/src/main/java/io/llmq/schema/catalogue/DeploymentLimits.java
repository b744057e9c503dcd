package io.llmq.schema.catalogue;

import java.time.Duration;

/**
 * A deployment's limits as its provider sets them; 0 means unlimited. {@code burst} is how much
 * unused allowance may accumulate: small, so that no 60-second window can exceed the per-minute
 * limit by more than {@code burst / 60 s} of it (1 s of burst: at most 1.7% over).
 */
public record DeploymentLimits(int rpm, long tpm, int maxConcurrent, Duration burst) {
    public static final Duration DEFAULT_BURST = Duration.ofSeconds(1);
    public static final DeploymentLimits NONE = new DeploymentLimits(0, 0, 0, DEFAULT_BURST);

    public DeploymentLimits {
        if (rpm < 0 || tpm < 0 || maxConcurrent < 0) {
            throw new IllegalArgumentException("rpm, tpm and max_concurrent must be >= 0 (0 = unlimited), got "
                    + rpm + ", " + tpm + ", " + maxConcurrent);
        }
        burst = burst == null ? DEFAULT_BURST : burst;
        if (burst.toMillis() < 50 || burst.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("burst_ms must be between 50 and 60000, got " + burst.toMillis());
        }
    }

    public boolean limited() {
        return rpm > 0 || tpm > 0 || maxConcurrent > 0;
    }
}
