package io.llmq.submitter.enqueue;

import io.llmq.schema.Priority;
import io.llmq.schema.topic.TopicLayout;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks the partition of each job of one batch: inside its priority class's range, round-robin from
 * a random start, so one batch spreads evenly over every partition (and every worker) of its class.
 */
final class PartitionSpreader {
    private final int first;
    private final int count;
    private int next;

    PartitionSpreader(TopicLayout layout, Priority priority) {
        this.first = layout.firstPartition(priority);
        this.count = layout.partitionCount(priority);
        this.next = ThreadLocalRandom.current().nextInt(count);
    }

    int nextPartition() {
        var partition = first + next;
        next = (next + 1) % count;
        return partition;
    }
}
