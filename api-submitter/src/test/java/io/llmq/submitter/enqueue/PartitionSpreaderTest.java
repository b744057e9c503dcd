package io.llmq.submitter.enqueue;

import io.llmq.schema.Priority;
import io.llmq.schema.topic.TopicLayout;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionSpreaderTest {
    private static final TopicLayout LAYOUT = TopicLayout.defaults();

    private static Set<Integer> partitions(Priority priority, int batchSize) {
        var spreader = new PartitionSpreader(LAYOUT, priority, batchSize, 1000);
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            used.add(spreader.nextPartition());
        }
        return used;
    }

    @Test
    void shouldKeepSmallBatchesOutOfThePartitionsOfLargeOnes() {
        // normal: partitions 4..11; the last half (8..11) is the express lane
        assertThat(partitions(Priority.NORMAL, 20)).containsExactlyInAnyOrder(8, 9, 10, 11);
        assertThat(partitions(Priority.NORMAL, 20_000)).containsExactlyInAnyOrder(4, 5, 6, 7);
        assertThat(partitions(Priority.HIGH, 5)).containsExactlyInAnyOrder(2, 3);
        assertThat(partitions(Priority.HIGH, 5000)).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void shouldUseTheWholeClassWhenItHasOnePartition() {
        var layout = new TopicLayout("j", "r", 1, 1, 1, 1, (short) 1);
        var spreader = new PartitionSpreader(layout, Priority.LOW, 1, 1000);
        assertThat(spreader.nextPartition()).isEqualTo(2);
    }
}
