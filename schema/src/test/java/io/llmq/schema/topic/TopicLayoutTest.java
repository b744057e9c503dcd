package io.llmq.schema.topic;

import io.llmq.schema.Priority;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicLayoutTest {

    @Test
    void shouldCutJobPartitionsIntoContiguousRangesMostUrgentFirst() {
        var layout = new TopicLayout("j", "r", 2, 3, 1, 4, (short) 1);
        assertThat(layout.jobsPartitions()).isEqualTo(6);
        assertThat(layout.firstPartition(Priority.HIGH)).isZero();
        assertThat(layout.firstPartition(Priority.NORMAL)).isEqualTo(2);
        assertThat(layout.firstPartition(Priority.LOW)).isEqualTo(5);
        assertThat(layout.priorityOf(1)).isEqualTo(Priority.HIGH);
        assertThat(layout.priorityOf(2)).isEqualTo(Priority.NORMAL);
        assertThat(layout.priorityOf(4)).isEqualTo(Priority.NORMAL);
        assertThat(layout.priorityOf(5)).isEqualTo(Priority.LOW);
    }

    @Test
    void shouldRefuseEmptyClassesAndPartitionsOutsideTheTopic() {
        assertThatThrownBy(() -> new TopicLayout("j", "r", 0, 1, 1, 1, (short) 1)).hasMessageContaining("high partitions");
        assertThatThrownBy(() -> TopicLayout.defaults().priorityOf(16)).hasMessageContaining("0..15");
    }

    @Test
    void shouldReadPartitionCountsFromTheEnvironmentAndNameABadSetting() {
        var layout = TopicLayout.fromEnv(Map.of("LLMQ_JOBS_PARTITIONS_HIGH", "8", "LLMQ_JOBS_PARTITIONS_NORMAL", "16",
                "LLMQ_JOBS_PARTITIONS_LOW", "8", "LLMQ_KAFKA_REPLICATION_FACTOR", "3"));
        assertThat(layout.jobsPartitions()).isEqualTo(32);
        assertThat(layout.priorityOf(8)).isEqualTo(Priority.NORMAL);
        assertThat(layout.replicationFactor()).isEqualTo((short) 3);
        assertThat(TopicLayout.fromEnv(Map.of())).isEqualTo(TopicLayout.defaults());
        assertThatThrownBy(() -> TopicLayout.fromEnv(Map.of("LLMQ_JOBS_PARTITIONS_LOW", "0")))
                .hasMessage("LLMQ_JOBS_PARTITIONS_LOW must be at least 1, got 0");
        assertThatThrownBy(() -> TopicLayout.fromEnv(Map.of("LLMQ_JOBS_PARTITIONS_HIGH", "many")))
                .hasMessageContaining("LLMQ_JOBS_PARTITIONS_HIGH");
    }

    @Test
    void shouldLeaveMinIsrToTheBrokerUnlessSetAndRefuseOneAboveTheReplicationFactor() {
        assertThat(TopicLayout.defaults().minInsyncReplicas()).isZero();
        var cluster = TopicLayout.fromEnv(Map.of("LLMQ_KAFKA_REPLICATION_FACTOR", "3", "LLMQ_KAFKA_MIN_ISR", "2"));
        assertThat(cluster.replicationFactor()).isEqualTo((short) 3);
        assertThat(cluster.minInsyncReplicas()).isEqualTo(2);
        assertThat(Topics.newTopic("t", 4, cluster).configs()).containsEntry("min.insync.replicas", "2");
        assertThat(Topics.newTopic("t", 4, TopicLayout.defaults()).configs()).isNullOrEmpty();
        assertThatThrownBy(() -> TopicLayout.fromEnv(Map.of("LLMQ_KAFKA_MIN_ISR", "2")))
                .hasMessage("LLMQ_KAFKA_MIN_ISR must be between 0 (the broker's default) and LLMQ_KAFKA_REPLICATION_FACTOR (1), got 2");
    }
}
