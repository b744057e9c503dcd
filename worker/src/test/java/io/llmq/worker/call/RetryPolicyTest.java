package io.llmq.worker.call;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void shouldWaitAtMostTheCappedExponentialWithFullJitter() {
        var random = new Random(42);
        for (int i = 0; i < 1000; i++) {
            assertThat(policy.delayAfter(1, null, random)).isBetween(Duration.ZERO, Duration.ofMillis(100));
            assertThat(policy.delayAfter(3, null, random)).isBetween(Duration.ZERO, Duration.ofMillis(400));
            assertThat(policy.delayAfter(10, null, random)).isBetween(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    @Test
    void shouldHonourALongerRetryAfterFromTheProvider() {
        assertThat(policy.delayAfter(1, Duration.ofSeconds(7), new Random(1))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void shouldRefuseNonsenseSettingsNamingThem() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("LLMQ_MAX_ATTEMPTS");
    }
}
