package io.llmq.worker.schedule;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BackpressureTest {
    private static final TopicPartition HIGH = new TopicPartition("llmq.jobs", 0);
    private static final TopicPartition NORMAL_A = new TopicPartition("llmq.jobs", 4);
    private static final TopicPartition NORMAL_B = new TopicPartition("llmq.jobs", 5);
    private static final List<TopicPartition> ALL = List.of(HIGH, NORMAL_A, NORMAL_B);
    private static final long MB = 1024 * 1024;

    private static Backpressure.Decision decide(Set<TopicPartition> paused, int jobs, long bytes) {
        return decide(paused, jobs, 0, bytes);
    }

    private static Backpressure.Decision decide(Set<TopicPartition> paused, int jobs, int urgentJobs, long bytes) {
        return Backpressure.decide(ALL, paused, tp -> tp.equals(HIGH), new Backpressure.Load(jobs, urgentJobs, bytes, 256, 64 * MB));
    }

    @Test
    void shouldLetOnePartitionFillTheWholeBudget() {
        // no cap per partition: a lone batch's records may take every slot
        var decision = decide(Set.of(), 255, 0);
        assertThat(decision.pause()).isEmpty();
    }

    @Test
    void shouldPauseLowerClassesAtTheBudgetAndKeepHighFlowing() {
        var decision = decide(Set.of(), 256, 0);
        assertThat(decision.pause()).containsExactlyInAnyOrder(NORMAL_A, NORMAL_B);
    }

    @Test
    void shouldGiveHighABudgetOfItsOwnHoweverManyLowerJobsWait() {
        assertThat(decide(Set.of(NORMAL_A, NORMAL_B), 256 + 255, 255, 0).pause()).as("255 high beside 256 normal").isEmpty();
        assertThat(decide(Set.of(NORMAL_A, NORMAL_B), 256 + 256, 256, 0).pause()).containsExactly(HIGH);
    }

    @Test
    void shouldPauseHighOnBytesPastAQuarterMore() {
        assertThat(decide(Set.of(NORMAL_A, NORMAL_B), 300, 10, 79 * MB).pause()).isEmpty();
        assertThat(decide(Set.of(NORMAL_A, NORMAL_B), 300, 10, 80 * MB).pause()).containsExactly(HIGH);
    }

    @Test
    void shouldReopenLowerClassesOnlyWithSlack() {
        assertThat(decide(Set.of(NORMAL_A, NORMAL_B), 250, 0).resume()).isEmpty();
        assertThat(decide(Set.of(NORMAL_A, NORMAL_B), 200, 0).resume()).containsExactlyInAnyOrder(NORMAL_A, NORMAL_B);
    }

    @Test
    void shouldPauseOnBytesHeldEvenBelowTheJobBudget() {
        var decision = decide(Set.of(), 10, 64 * MB);
        assertThat(decision.pause()).containsExactlyInAnyOrder(NORMAL_A, NORMAL_B);
    }

    @Test
    void shouldReopenHighAsSoonAsThereIsRoom() {
        assertThat(decide(Set.of(HIGH, NORMAL_A, NORMAL_B), 400, 255, 0).resume()).containsExactly(HIGH);
    }
}
