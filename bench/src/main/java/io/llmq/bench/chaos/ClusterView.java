package io.llmq.bench.chaos;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a Kafka cluster says about itself, through the admin API: who leads each partition and who
 * is in sync, which node is the active controller, which coordinates a consumer group. A call the
 * cluster does not answer within 5 s (a leader election under way) fails with
 * {@link IllegalStateException}; callers that poll simply ask again.
 */
final class ClusterView implements AutoCloseable {
    private static final long CALL_TIMEOUT_S = 5;

    private final Admin admin;
    private final List<String> topics;

    /** @param topics the topics whose partitions {@link #partitions()} describes */
    ClusterView(String bootstrap, List<String> topics) {
        var timeoutMs = (int) TimeUnit.SECONDS.toMillis(CALL_TIMEOUT_S);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs));
        this.topics = List.copyOf(topics);
    }

    /** One partition: its leader's node id ({@code -1} while it has none), the ids in sync, the replica count. */
    record PartitionState(int leader, List<Integer> inSync, int replicas) {
        boolean ledBy(int node) {
            return leader == node;
        }
    }

    Map<TopicPartition, PartitionState> partitions() throws InterruptedException {
        var described = answer(admin.describeTopics(topics).allTopicNames(), "describeTopics");
        var states = new HashMap<TopicPartition, PartitionState>();
        described.forEach((topic, description) -> description.partitions().forEach(p -> states.put(
                new TopicPartition(topic, p.partition()),
                new PartitionState(id(p.leader()), p.isr().stream().map(Node::id).toList(), p.replicas().size()))));
        return states;
    }

    int controller() throws InterruptedException {
        return id(answer(admin.describeCluster().controller(), "describeCluster"));
    }

    int coordinator(String group) throws InterruptedException {
        return id(answer(admin.describeConsumerGroups(List.of(group)).all(), "describeConsumerGroups").get(group).coordinator());
    }

    String topicConfig(String topic, String name) throws InterruptedException {
        var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return answer(admin.describeConfigs(List.of(resource)).all(), "describeConfigs").get(resource).get(name).value();
    }

    private static int id(Node node) {
        return node == null || node.isEmpty() ? -1 : node.id();
    }

    private static <T> T answer(Future<T> call, String what) throws InterruptedException {
        try {
            return call.get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the cluster did not answer " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the cluster did not answer " + what + " within " + CALL_TIMEOUT_S + " s", e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
