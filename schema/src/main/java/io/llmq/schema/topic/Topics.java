package io.llmq.schema.topic;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates llmq's topics if they are missing (with the layout's replication factor and min ISR;
 * an existing topic keeps its own), and waits until every partition has a leader.
 */
public final class Topics {

    private Topics() {
    }

    public static void ensure(Admin admin, TopicLayout layout, Duration timeout) {
        var deadline = System.nanoTime() + timeout.toNanos();
        var wanted = List.of(
                newTopic(layout.jobsTopic(), layout.jobsPartitions(), layout),
                newTopic(layout.resultsTopic(), layout.resultsPartitions(), layout));
        try {
            for (var topic : wanted) {
                try {
                    admin.createTopics(List.of(topic)).all().get(remaining(deadline), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic.name(), e.getCause());
                    }
                }
            }
            requirePartitions(admin, layout.jobsTopic(), layout.jobsPartitions(), deadline);
            awaitLeaders(admin, layout.jobsTopic(), layout.jobsPartitions(), deadline);
            awaitLeaders(admin, layout.resultsTopic(), layout.resultsPartitions(), deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create llmq's topics within " + timeout, e);
        }
    }

    static NewTopic newTopic(String name, int partitions, TopicLayout layout) {
        var topic = new NewTopic(name, partitions, layout.replicationFactor());
        if (layout.minInsyncReplicas() > 0) {
            topic.configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(layout.minInsyncReplicas())));
        }
        return topic;
    }

    /**
     * A topic made earlier with another layout would put jobs in the wrong class, or in partitions
     * that do not exist: refuse to start, saying what differs.
     */
    private static void requirePartitions(Admin admin, String topic, int wanted, long deadline)
            throws InterruptedException, TimeoutException {
        int actual;
        try {
            actual = admin.describeTopics(List.of(topic)).allTopicNames().get(remaining(deadline), TimeUnit.NANOSECONDS)
                    .get(topic).partitions().size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe topic " + topic, e.getCause());
        }
        if (actual != wanted) {
            throw new IllegalStateException("topic " + topic + " has " + actual + " partitions, but LLMQ_JOBS_PARTITIONS_HIGH + "
                    + "_NORMAL + _LOW add up to " + wanted + "; give every submitter and worker the values the topic was "
                    + "made with, or change the topic as docs/operations.md describes");
        }
    }

    /**
     * An idempotent producer that sends right after createTopics can lose records (KAFKA-15591):
     * wait until listOffsets answers for every partition, which means each has a leader that serves.
     */
    private static void awaitLeaders(Admin admin, String topic, int partitions, long deadline)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        while (true) {
            try {
                admin.listOffsets(request).all().get(remaining(deadline), TimeUnit.NANOSECONDS);
                return;
            } catch (ExecutionException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("partitions of " + topic + " have no leader: " + notYet.getCause());
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private static long remaining(long deadline) throws TimeoutException {
        var left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException("deadline passed");
        }
        return left;
    }
}
