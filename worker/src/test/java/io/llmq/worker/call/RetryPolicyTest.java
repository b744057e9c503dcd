package io.llmq.worker.call;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void shouldDrawEachWaitBetweenZeroAndTheCappedExponential() {
        var random = new SplittableRandom(42);
        for (int attempt = 1; attempt <= 10; attempt++) {
            var ceiling = Math.min(2000, 100L << (attempt - 1));
            for (int i = 0; i < 200; i++) {
                assertThat(policy.delayAfter(attempt, null, random).toMillis()).isBetween(0L, ceiling);
            }
        }
    }

    @Test
    void shouldSpreadWaitsOverTheWholeRangeRatherThanSynchronisingThem() {
        var random = new SplittableRandom(7);
        var waits = new java.util.TreeSet<Long>();
        for (int i = 0; i < 500; i++) {
            waits.add(policy.delayAfter(3, null, random).toMillis());
        }
        assertThat(waits.first()).isLessThan(40);
        assertThat(waits.last()).isGreaterThan(360);
    }

    @Test
    void shouldLetALongerRetryAfterWin() {
        assertThat(policy.delayAfter(1, Duration.ofSeconds(30), new SplittableRandom(1))).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldReadItsSettingsFromTheEnvironmentAndRefuseNonsense() {
        assertThat(RetryPolicy.fromEnv(Map.of("LLMQ_MAX_ATTEMPTS", "3", "LLMQ_RETRY_BASE_MS", "10", "LLMQ_RETRY_CAP_MS", "20")))
                .isEqualTo(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(20)));
        assertThatThrownBy(() -> RetryPolicy.fromEnv(Map.of("LLMQ_MAX_ATTEMPTS", "0"))).hasMessageContaining("LLMQ_MAX_ATTEMPTS");
    }

    @Test
    void shouldWaitWhatTheProviderAskedAfterAPushBackHoweverOftenTheJobWasRefused() {
        var policy = RetryPolicy.defaults();
        var random = new SplittableRandom(7);
        for (int i = 0; i < 100; i++) {
            assertThat(policy.delayAfterPushback(Duration.ofMillis(1000), random).toMillis()).isBetween(1000L, 1150L);
        }
        assertThat(policy.delayAfterPushback(null, random)).as("no Retry-After: a second, as the limiter's pause")
                .isBetween(Duration.ofSeconds(1), Duration.ofMillis(1150));
        assertThat(policy.delayAfterPushback(Duration.ofMillis(5), random).toMillis()).isBetween(5L, 55L);
    }

    @Test
    void shouldBackOffExponentiallyAfterFailuresButNotAfterA429() {
        var policy = RetryPolicy.defaults();
        var random = new SplittableRandom(3);
        var rateLimited = new io.llmq.worker.provider.ProviderOutcome.Retryable(io.llmq.worker.provider.Failure.RATE_LIMITED, 429,
                "HTTP 429", Duration.ofMillis(200));
        for (int i = 0; i < 50; i++) {
            assertThat(policy.delayAfterFailure(5, rateLimited, random).toMillis()).as("the fifth 429 waits what it was told")
                    .isBetween(200L, 270L);
        }
        var serverError = new io.llmq.worker.provider.ProviderOutcome.Retryable(io.llmq.worker.provider.Failure.SERVER_ERROR, 500,
                "HTTP 500", null);
        var longest = 0L;
        for (int i = 0; i < 50; i++) {
            longest = Math.max(longest, policy.delayAfterFailure(5, serverError, random).toMillis());
        }
        assertThat(longest).as("a fifth 5xx backs off up to 8 s").isGreaterThan(2_000L).isLessThanOrEqualTo(8_000L);
    }
}
