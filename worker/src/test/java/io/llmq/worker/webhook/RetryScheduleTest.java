package io.llmq.worker.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTest {

    @Test
    void shouldRetryTheFirstFailureWithinAMinuteAndBackOffAfter() {
        assertThat(RetrySchedule.delayAfter(1, Duration.ZERO)).contains(Duration.ofSeconds(5));
        assertThat(RetrySchedule.delayAfter(2, Duration.ofSeconds(5))).contains(Duration.ofSeconds(30));
        assertThat(RetrySchedule.delayAfter(6, Duration.ofMinutes(43))).contains(Duration.ofHours(1));
        assertThat(RetrySchedule.delayAfter(7, Duration.ofHours(2))).contains(Duration.ofHours(3));
    }

    @Test
    void shouldKeepTryingForADayAndThenGiveUp() {
        // walk the schedule as a receiver that is down for good would see it
        var age = Duration.ZERO;
        int attempts = 1;
        var next = RetrySchedule.delayAfter(attempts, age);
        while (next.isPresent()) {
            age = age.plus(next.get());
            attempts++;
            next = RetrySchedule.delayAfter(attempts, age);
        }
        assertThat(age).as("the last attempt").isGreaterThanOrEqualTo(RetrySchedule.GIVE_UP_AFTER).isLessThan(Duration.ofHours(28));
        assertThat(attempts).isBetween(12, 20);
    }
}
