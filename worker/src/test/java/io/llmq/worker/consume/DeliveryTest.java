package io.llmq.worker.consume;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryTest {
    private final Delivery delivery = new Delivery("job-1", new TopicPartition("llmq.jobs", 3), 42, 100);

    @Test
    void shouldNotLetARunCallTheProviderOnceItsPartitionWasHandedBack() {
        assertThat(delivery.handBack()).isTrue();

        assertThat(delivery.enter()).isFalse();
    }

    @Test
    void shouldHoldTheHandBackWhileARunIsInACallAndReleaseItWhenTheCallFailsRetryably() {
        assertThat(delivery.enter()).isTrue();
        assertThat(delivery.handBack()).as("in a call").isFalse();

        delivery.leave();

        assertThat(delivery.handBack()).isTrue();
        assertThat(delivery.enter()).as("no retry after the hand-back").isFalse();
    }

    @Test
    void shouldLetARunThatStillHoldsItsBilledCallCallAgainDespiteAHandBack() {
        assertThat(delivery.enter()).isTrue();
        assertThat(delivery.handBack()).as("holding a billed answer that failed an output check").isFalse();

        assertThat(delivery.enter()).as("the retry of the output check").isTrue();

        delivery.end();
        assertThat(delivery.handBack()).isTrue();
    }

    @Test
    void shouldReleaseTheHandBackOnceTheOutcomeIsDurable() {
        delivery.enter();

        delivery.end();

        assertThat(delivery.handBack()).isTrue();
    }

    @Test
    void shouldAdoptARedeliveredRecordOnlyWhileTheRunCanStillFinishTheJob() {
        assertThat(delivery.adopt(50)).isTrue();
        delivery.enter();
        assertThat(delivery.adopt(51)).isTrue();
        assertThat(delivery.followers()).containsExactly(50L, 51L);

        delivery.leave();
        delivery.handBack();

        assertThat(delivery.adopt(52)).isFalse();
    }
}
