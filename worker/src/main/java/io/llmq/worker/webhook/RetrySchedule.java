package io.llmq.worker.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * When a failed delivery is tried again: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then every 3 h,
 * until the event is a day old; the attempt that fails after that is the last. About fifteen
 * attempts over 25 hours, so a receiver down for a day's maintenance still gets every event.
 */
final class RetrySchedule {
    static final Duration GIVE_UP_AFTER = Duration.ofHours(24);
    private static final List<Duration> DELAYS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2),
            Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(1));
    private static final Duration THEN_EVERY = Duration.ofHours(3);

    private RetrySchedule() {
    }

    /**
     * @param failedAttempts attempts made so far, all failed (at least 1)
     * @param eventAge       how old the event was when the last of them failed
     * @return how long to wait before the next attempt, or empty: give up
     */
    static Optional<Duration> delayAfter(int failedAttempts, Duration eventAge) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("no attempt failed yet: " + failedAttempts);
        }
        if (eventAge.compareTo(GIVE_UP_AFTER) >= 0) {
            return Optional.empty();
        }
        return Optional.of(failedAttempts <= DELAYS.size() ? DELAYS.get(failedAttempts - 1) : THEN_EVERY);
    }
}
