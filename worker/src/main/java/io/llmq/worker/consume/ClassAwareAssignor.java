package io.llmq.worker.consume;

import io.llmq.schema.Priority;
import io.llmq.schema.topic.TopicLayout;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands every worker partitions of every priority class. Kafka's own assignors balance partition
 * counts, not classes: with them one worker can end up holding only {@code low} partitions and
 * idle while {@code high} work queues on another. Here each class's range is dealt out round robin
 * on its own, each class starting where the previous one stopped, so every worker gets ⌊k/n⌋ or
 * ⌈k/n⌉ of a class with k partitions among n workers — at least one whenever k ≥ n.
 *
 * <p>Eager protocol: a rebalance revokes everything first, and the worker finishes its in-flight
 * jobs before giving partitions up (see {@link JobConsumer}), so no job runs on two workers.
 */
public final class ClassAwareAssignor implements ConsumerPartitionAssignor, Configurable {
    /** Consumer property carrying the layout: {@code "<high>,<normal>,<low>"} partition counts. */
    public static final String LAYOUT_CONFIG = "llmq.jobs.layout";

    private TopicLayout layout = TopicLayout.defaults();

    @Override
    public void configure(Map<String, ?> configs) {
        var value = configs.get(LAYOUT_CONFIG);
        if (value != null) {
            var counts = value.toString().split(",");
            layout = new TopicLayout(layout.jobsTopic(), layout.resultsTopic(), Integer.parseInt(counts[0].trim()),
                    Integer.parseInt(counts[1].trim()), Integer.parseInt(counts[2].trim()), 1, (short) 1);
        }
    }

    public static String layoutValue(TopicLayout layout) {
        return layout.highPartitions() + "," + layout.normalPartitions() + "," + layout.lowPartitions();
    }

    @Override
    public String name() {
        return "llmq-class-aware";
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        var subscriptions = groupSubscription.groupSubscription();
        var members = new ArrayList<>(subscriptions.keySet());
        members.sort(null);
        Map<String, List<TopicPartition>> assigned = new HashMap<>();
        members.forEach(m -> assigned.put(m, new ArrayList<>()));
        var topics = new java.util.TreeSet<String>();
        subscriptions.values().forEach(s -> topics.addAll(s.topics()));
        for (var topic : topics) {
            var partitions = metadata.partitionCountForTopic(topic);
            if (partitions == null) {
                continue;
            }
            var subscribers = members.stream().filter(m -> subscriptions.get(m).topics().contains(topic)).toList();
            deal(topic, partitions, subscribers, assigned);
        }
        Map<String, Assignment> result = new HashMap<>();
        assigned.forEach((member, parts) -> result.put(member, new Assignment(parts)));
        return new GroupAssignment(result);
    }

    private void deal(String topic, int partitions, List<String> members, Map<String, List<TopicPartition>> assigned) {
        if (members.isEmpty()) {
            return;
        }
        int next = 0;
        if (partitions != layout.jobsPartitions()) {
            // not a jobs topic laid out in classes: plain round robin
            for (int p = 0; p < partitions; p++) {
                assigned.get(members.get(p % members.size())).add(new TopicPartition(topic, p));
            }
            return;
        }
        for (var priority : Priority.values()) {
            var first = layout.firstPartition(priority);
            for (int i = 0; i < layout.partitionCount(priority); i++) {
                assigned.get(members.get(next % members.size())).add(new TopicPartition(topic, first + i));
                next++;
            }
        }
    }
}
