package io.llmq.worker.consume;

import io.llmq.schema.Priority;
import io.llmq.schema.topic.TopicLayout;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ClassAwareAssignorTest {
    private static final TopicLayout LAYOUT = TopicLayout.defaults();

    private static Cluster cluster() {
        var node = new Node(1, "localhost", 9092);
        List<PartitionInfo> partitions = new ArrayList<>();
        for (int p = 0; p < LAYOUT.jobsPartitions(); p++) {
            partitions.add(new PartitionInfo(LAYOUT.jobsTopic(), p, node, new Node[] {node}, new Node[] {node}));
        }
        return new Cluster("c", List.of(node), partitions, Set.of(), Set.of());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7})
    void shouldGiveEveryWorkerPartitionsOfEveryClassWithEnoughPartitions(int workers) {
        var assignor = new ClassAwareAssignor();
        assignor.configure(Map.of(ClassAwareAssignor.LAYOUT_CONFIG, ClassAwareAssignor.layoutValue(LAYOUT)));
        Map<String, Subscription> members = new HashMap<>();
        for (int i = 0; i < workers; i++) {
            members.put("worker-" + i, new Subscription(List.of(LAYOUT.jobsTopic())));
        }
        var result = assignor.assign(cluster(), new GroupSubscription(members)).groupAssignment();

        Set<TopicPartition> all = new HashSet<>();
        for (var entry : result.entrySet()) {
            var parts = entry.getValue().partitions();
            all.addAll(parts);
            for (var priority : Priority.values()) {
                var count = parts.stream().filter(tp -> LAYOUT.priorityOf(tp.partition()) == priority).count();
                var classSize = LAYOUT.partitionCount(priority);
                assertThat(count).as(entry.getKey() + " " + priority)
                        .isBetween((long) classSize / workers, (long) (classSize + workers - 1) / workers);
                if (classSize >= workers) {
                    assertThat(count).isPositive();
                }
            }
        }
        assertThat(all).hasSize(LAYOUT.jobsPartitions());
    }
}
