package io.llmq.submitter.enqueue;

import io.llmq.schema.Priority;
import io.llmq.schema.topic.TopicLayout;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks the partition of each job of one batch: inside its priority class's range, round-robin from
 * a random start, so one batch spreads evenly over the partitions (and workers) of its lane. Each
 * class has two lanes: batches of at most the express threshold go to the class's express
 * partitions, larger ones to the bulk partitions, so a small batch never waits in a partition
 * behind a large batch's backlog. Within a worker, batches of a class take turns at the rate
 * limiter, which finishes the job of keeping a small batch from waiting for a large one.
 */
final class PartitionSpreader {
    private final int first;
    private final int count;
    private int next;

    PartitionSpreader(TopicLayout layout, Priority priority, int batchSize, int expressThreshold) {
        var express = layout.expressCount(priority);
        var classFirst = layout.firstPartition(priority);
        var classCount = layout.partitionCount(priority);
        if (express == 0) {
            this.first = classFirst;
            this.count = classCount;
        } else if (batchSize <= expressThreshold) {
            this.first = classFirst + classCount - express;
            this.count = express;
        } else {
            this.first = classFirst;
            this.count = classCount - express;
        }
        this.next = ThreadLocalRandom.current().nextInt(count);
    }

    int nextPartition() {
        var partition = first + next;
        next = (next + 1) % count;
        return partition;
    }
}
